using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Input;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe results --workdir DIR [--json]</c>: the rows of results.db.</summary>
internal static class ResultsCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.Workdir("The campaign's working directory.");
        var json = CommonOptions.Json("Print JSON rows instead of a table, each with its provenance (code, version, pseudopotential MD5s, wall and CPU time, SCF, host, attempts and corrections).");
        var command = new Command("results", "List the results in DIR/results.db (an ASE database: python3 -m ase db DIR/results.db reads it too).")
        {
            workdir, json,
        };
        command.SetAction(parse => Show(parse.GetValue(workdir)!, parse.GetValue(json)));
        return command;
    }

    private static int Show(string workdirPath, bool json)
    {
        var workdir = Workdir.For(workdirPath);
        if (!File.Exists(workdir.ResultsDb))
        {
            throw new InputException($"--workdir {workdirPath}: no results.db");
        }

        List<ResultSummary> rows;
        try
        {
            rows = AseResultsReader.ReadAll(workdir.ResultsDb);
        }
        catch (SqliteException e)
        {
            throw new WorkdirUnavailableException($"cannot read {workdir.ResultsDb}: {e.Message}", e);
        }

        if (json)
        {
            Console.WriteLine(new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
            {
                ["id"] = r.Id,
                ["job_id"] = r.JobId,
                ["formula"] = r.Formula,
                ["energy"] = r.Energy,
                ["fmax"] = r.Fmax,
                ["attempts"] = r.Attempts,
                ["calculator"] = r.Calculator,
                ["provenance"] = r.Provenance?.DeepClone(),
            }).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }

        Console.WriteLine($"{"id",6}  {"job_id",-16} {"formula",-10} {"energy (eV)",18} {"fmax (eV/A)",12} {"attempts",8}  calculator");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Id,6}  {r.JobId,-16} {r.Formula,-10} {r.Energy,18:F8} {r.Fmax,12:F6} {r.Attempts,8}  {r.Calculator}"));
        }

        Console.WriteLine($"{rows.Count} row(s) in {workdir.ResultsDb}");
        return ExitCodes.Success;
    }
}

using System.CommandLine;
using AutoPipe.Core.Export;
using AutoPipe.Core.Workspace;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Client.Commands;

/// <summary>
/// <c>autopipe export --workdir DIR --output FILE.extxyz</c>: the completed calculations of results.db as an extended
/// XYZ training set (MACE, NequIP/Allegro, SevenNet and DeePMD read it), optionally split and filtered.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.Workdir("The campaign's working directory (its results.db is read; a running campaign is fine).");
        var output = new Option<string>("--output", "-o")
        {
            Description = "The extended XYZ file to write (replaced in one step: never half written). With --split, one file per part: out.train.extxyz, ...",
            Required = true,
            HelpName = "FILE.extxyz",
        };
        var energyKey = Key("--energy-key", "energy", "The info key of the energy (eV). The default, energy, reads back as ASE's calculator energy; MACE's default is REF_energy.");
        var forcesKey = Key("--forces-key", "forces", "The per-atom array of the forces (eV/Å). MACE's default is REF_forces.");
        var stressKey = Key("--stress-key", "stress", "The info key of the stress (eV/Å^3, ASE's sign: positive is tensile). MACE's default is REF_stress.");
        var stress = new Option<StressLayout>("--stress")
        {
            Description = "full: the 3x3 matrix as 9 values (as ASE writes a calculator's stress); voigt: 6 values xx yy zz yz xz xy (needs a --stress-key other than stress).",
        }.AsChoice();
        var split = new Option<IReadOnlyList<SplitPart>?>("--split")
        {
            Description = "Split into parts by a hash of (seed, job id), e.g. train=0.9,valid=0.1 (fractions add up to 1). " +
                          "Deterministic: the same seed puts a job in the same part however the campaign grows.",
            HelpName = "NAME=FRACTION,...",
        }.ParsedBy(DatasetSplit.Parse);
        var seed = new Option<long>("--seed")
        {
            Description = "The seed of --split.",
            DefaultValueFactory = _ => 0,
            HelpName = "N",
        };
        var select = new Option<RowSelection?>("--select")
        {
            Description = "Only rows matching an ASE query (as 'ase db' takes it): conditions joined by commas, each KEY, an element symbol, " +
                          "or KEY OP VALUE with OP one of = != < <= > >=; keys: row keys (job_id, attempts, config_type, ...), id, natoms, energy, fmax, smax, volume, " +
                          "calculator, element symbols (atom counts). Example: --select 'attempts=1,config_type=rattled,fmax<5'.",
            HelpName = "QUERY",
        }.ParsedBy(RowSelection.Parse);
        var command = new Command("export",
            "Write the completed calculations of DIR/results.db as an extended XYZ training set: one frame per row with its positions, cell, pbc, " +
            "energy, forces and stress (ASE's units), and the row's keys (job_id, campaign, attempts, the input frame's info keys such as config_type) " +
            "as frame info. ase.io.read(FILE, ':') reads it. Prints the frames written per file. Exit 2 for bad options, a missing or empty database, " +
            "or keys that collide with the labels' names; nothing is written then.\n\n" +
            "For MACE: autopipe export -w DIR -o data.extxyz --energy-key REF_energy --forces-key REF_forces --stress-key REF_stress --stress voigt --split train=0.9,valid=0.1")
        {
            workdir, output, energyKey, forcesKey, stressKey, stress, split, seed, select,
        };
        command.SetAction(parse => Run(new ExportSettings(
            parse.GetValue(workdir)!,
            parse.GetValue(output)!,
            parse.GetValue(energyKey)!,
            parse.GetValue(forcesKey)!,
            parse.GetValue(stressKey)!,
            parse.GetValue(stress),
            parse.GetValue(split) ?? [],
            parse.GetValue(seed),
            parse.GetValue(select))));
        return command;
    }

    private static Option<string> Key(string name, string fallback, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = "KEY",
    };

    private static int Run(ExportSettings settings)
    {
        var database = Workdir.For(settings.Workdir).ResultsDb;
        var options = new ExportOptions
        {
            EnergyKey = settings.EnergyKey,
            ForcesKey = settings.ForcesKey,
            StressKey = settings.StressKey,
            Stress = settings.Stress,
            Split = settings.Split,
            Seed = settings.Seed,
            Selection = settings.Select,
        };
        ExportResult result;
        try
        {
            result = TrainingSetExporter.Export(database, settings.Output, options);
        }
        catch (SqliteException e)
        {
            throw new WorkdirUnavailableException($"cannot read {database}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkdirUnavailableException($"cannot write {settings.Output}: {e.Message}", e);
        }

        foreach (var file in result.Files)
        {
            Console.WriteLine($"Wrote {file.Frames} frame(s) to {file.Path}{(file.Part is null ? "" : $" ({file.Part})")}");
        }

        var selected = options.Selection is null ? "" : $", {result.Selected} selected by --select";
        Console.WriteLine($"{result.Files.Sum(f => f.Frames)} frame(s) from {result.Rows} row(s) of {database}{selected}");
        return ExitCodes.Success;
    }
}

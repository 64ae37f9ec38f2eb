using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Tests.Calculators.Espresso;

/// <summary>Paths, structures and helpers the espresso tests share: the repository's examples, ASE through Debian's python.</summary>
internal static class EspressoTestEnvironment
{
    /// <summary>Debian's python, which has ASE 3.22 (the python on PATH may be a pyenv without it).</summary>
    public const string Python = "/usr/bin/python3";

    public static readonly string RepositoryRoot = FindRepositoryRoot();

    public static string PseudoDir => Path.Combine(RepositoryRoot, "examples", "pseudo");

    public static string StructuresPath => Path.Combine(RepositoryRoot, "examples", "si-rattled.extxyz");

    public static Structure Silicon(int index = 0) => ExtxyzReader.ReadFile(StructuresPath)[index];

    public static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "Calculators", "Espresso", "Data", name);

    public static Dictionary<string, JsonNode> Parameters(params (string Key, JsonNode Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public static EspressoCalculatorSpec SpecFor(
        IReadOnlyDictionary<string, JsonNode> parameters,
        string command = "pw.x",
        double timeoutSeconds = 120,
        IReadOnlyDictionary<string, string>? pseudopotentials = null,
        int[]? kpts = null) =>
        new(command, PseudoDir, pseudopotentials ?? new Dictionary<string, string> { ["Si"] = "Si.pz-vbc.UPF" }, parameters, kpts ?? [2, 2, 2], timeoutSeconds);

    public static CalculationRequest Request(string attemptDirectory, Structure structure, IReadOnlyDictionary<string, JsonNode>? parameters = null, int attempt = 1, string? previous = null) =>
        new("job-0001", attempt, structure, parameters ?? new Dictionary<string, JsonNode>(), attemptDirectory, previous);

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "autopipe-espresso-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs a python script with ASE and returns its stdout; fails the test with stderr when it fails.</summary>
    public static async Task<string> RunPythonAsync(string script, string workingDirectory)
    {
        var scriptPath = Path.Combine(workingDirectory, "ase_script.py");
        await File.WriteAllTextAsync(scriptPath, script);
        var start = new ProcessStartInfo(Python, [scriptPath])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"python failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    /// <summary>Python literal of a string path.</summary>
    public static string Py(string value) => "r'" + value.Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-12);
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, string.Create(CultureInfo.InvariantCulture, $"{what}: expected {expected:R}, got {actual:R}"));
    }

    /// <summary>Whether a process is gone (or a zombie, which is dead and only waits for its parent to reap it).</summary>
    public static bool IsDead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is "Z" or "X";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoPipe.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AutoPipe.sln not found above " + AppContext.BaseDirectory);
    }
}

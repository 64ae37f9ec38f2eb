using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AutoPipe.Core.Input;

namespace AutoPipe.Core.Export;

/// <summary>
/// Splits rows into named parts by a hash of (seed, job id): the same seed always puts a job in the same part,
/// whatever else the campaign holds, so a job keeps its side when the campaign grows.
/// </summary>
public static partial class DatasetSplit
{
    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PartName();

    /// <summary>Parses <c>train=0.9,valid=0.1</c>; <see cref="InputException"/> lists every problem.</summary>
    public static IReadOnlyList<SplitPart> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<SplitPart>();
        var problems = new List<string>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var pair = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !PartName().IsMatch(pair[0]))
            {
                problems.Add($"--split: '{item}' is not NAME=FRACTION (e.g. train=0.9,valid=0.1; names of letters, digits, _ and -)");
            }
            else if (!double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) || !(fraction > 0 && fraction <= 1))
            {
                problems.Add($"--split: the fraction of {pair[0]} must be a number in (0, 1], found '{pair[1]}'");
            }
            else if (parts.Any(p => p.Name == pair[0]))
            {
                problems.Add($"--split: part {pair[0]} is named twice");
            }
            else
            {
                parts.Add(new SplitPart(pair[0], fraction));
            }
        }

        if (problems.Count == 0 && parts.Count < 2)
        {
            problems.Add("--split: name at least two parts (e.g. train=0.9,valid=0.1)");
        }

        if (problems.Count == 0 && Math.Abs(parts.Sum(p => p.Fraction) - 1) > 1e-9)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--split: the fractions add up to {parts.Sum(p => p.Fraction):0.######}, not 1"));
        }

        return problems.Count > 0 ? throw new InputException(problems) : parts;
    }

    /// <summary>The part <paramref name="jobId"/> belongs to: a uniform draw from SHA-256(seed, job id) against the cumulative fractions.</summary>
    public static SplitPart PartOf(IReadOnlyList<SplitPart> parts, long seed, string jobId)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture) + "\n" + jobId));
        // 53 bits: exactly representable as a double in [0, 1).
        var draw = (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
        var cumulative = 0.0;
        foreach (var part in parts)
        {
            cumulative += part.Fraction;
            if (draw < cumulative)
            {
                return part;
            }
        }

        return parts[^1];
    }

    /// <summary>The file of <paramref name="part"/>: the part's name before the output's extension (<c>out.train.extxyz</c>).</summary>
    public static string FileFor(string output, string part)
    {
        ArgumentNullException.ThrowIfNull(output);
        var extension = Path.GetExtension(output);
        return extension.Length == 0 ? $"{output}.{part}" : $"{output[..^extension.Length]}.{part}{extension}";
    }
}

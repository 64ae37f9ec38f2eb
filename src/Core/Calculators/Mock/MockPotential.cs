namespace AutoPipe.Core.Calculators.Mock;

/// <summary>
/// The mock's physics: a Lennard-Jones pair potential under the minimum-image convention. Not a model of any
/// material; chosen because energy, forces and stress follow from the structure alone, consistently (forces are
/// minus the gradient, stress the virial), so results are checkable and identical on every run and runtime.
/// </summary>
internal static class MockPotential
{
    private const double Epsilon = 0.1;  // eV
    private const double Sigma = 2.1;    // Angstrom

    public static (double Energy, double[][] Forces, double[]? Stress) Evaluate(Structures.Structure structure)
    {
        var n = structure.AtomCount;
        var forces = Enumerable.Range(0, n).Select(_ => new double[3]).ToArray();
        var virial = new double[3, 3];
        var energy = 0.0;
        var periodic = structure.Pbc.All(p => p) && structure.Volume > 1e-9;
        var inverse = periodic ? Invert(structure.Cell) : null;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var d = new double[3];
                for (var k = 0; k < 3; k++)
                {
                    d[k] = structure.Positions[j][k] - structure.Positions[i][k];
                }

                if (inverse != null)
                {
                    MinimumImage(d, structure.Cell, inverse);
                }

                var r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
                if (r2 < 1e-12)
                {
                    continue;
                }

                var s6 = Math.Pow(Sigma * Sigma / r2, 3);
                energy += 4 * Epsilon * (s6 * s6 - s6);
                // dE/dr / r, so that the force on j is -dEdrOverR * d.
                var dEdrOverR = 4 * Epsilon * (-12 * s6 * s6 + 6 * s6) / r2;
                for (var a = 0; a < 3; a++)
                {
                    forces[j][a] -= dEdrOverR * d[a];
                    forces[i][a] += dEdrOverR * d[a];
                    for (var b = 0; b < 3; b++)
                    {
                        virial[a, b] += dEdrOverR * d[a] * d[b];
                    }
                }
            }
        }

        if (!periodic)
        {
            return (energy, forces, null);
        }

        var volume = structure.Volume;
        // ASE's stress is dE/dstrain / V; in Voigt order xx, yy, zz, yz, xz, xy.
        double S(int a, int b) => virial[a, b] / volume;
        return (energy, forces, [S(0, 0), S(1, 1), S(2, 2), S(1, 2), S(0, 2), S(0, 1)]);
    }

    private static void MinimumImage(double[] d, double[][] cell, double[,] inverse)
    {
        // Fractional coordinates of d are d * inverse (cell vectors are rows); wrap them into [-0.5, 0.5).
        var f = new double[3];
        for (var k = 0; k < 3; k++)
        {
            f[k] = d[0] * inverse[0, k] + d[1] * inverse[1, k] + d[2] * inverse[2, k];
            f[k] -= Math.Round(f[k], MidpointRounding.AwayFromZero);
        }

        for (var k = 0; k < 3; k++)
        {
            d[k] = f[0] * cell[0][k] + f[1] * cell[1][k] + f[2] * cell[2][k];
        }
    }

    private static double[,] Invert(double[][] m)
    {
        var det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                  - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                  + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        var r = new double[3, 3];
        r[0, 0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
        r[0, 1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / det;
        r[0, 2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / det;
        r[1, 0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / det;
        r[1, 1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
        r[1, 2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / det;
        r[2, 0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / det;
        r[2, 1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / det;
        r[2, 2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / det;
        return r;
    }
}

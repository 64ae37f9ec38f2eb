namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>
/// The unit constants ASE 3.22's pw.x reader converts with. <c>ase.io.espresso</c> uses
/// <c>create_units('2006')</c> (CODATA 2006, as Quantum ESPRESSO does internally), not the CODATA 2014 values of
/// <c>ase.units</c>; the two differ by about 1e-7 relative, so only these reproduce <c>ase.io.read</c> to 1e-8.
/// </summary>
public static class EspressoUnits
{
    /// <summary>One Rydberg in eV (<c>create_units('2006')['Ry']</c>).</summary>
    public const double Rydberg = 13.605691932782346;

    /// <summary>One Bohr radius in Angstrom (<c>create_units('2006')['Bohr']</c>).</summary>
    public const double Bohr = 0.5291772083535413;
}

namespace AutoPipe.Core.Export;

/// <summary>How an exported frame writes its stress.</summary>
public enum StressLayout
{
    /// <summary>Nine values, the 3 x 3 matrix in Fortran order, as ASE's extxyz writer writes a calculator's stress.</summary>
    Full,

    /// <summary>Six values in Voigt order xx, yy, zz, yz, xz, xy (ASE's <c>get_stress()</c>).</summary>
    Voigt,
}

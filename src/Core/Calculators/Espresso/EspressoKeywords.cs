namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>
/// The pw.x keywords ASE 3.22 knows (<c>ase.io.espresso.KEYS</c>), by namelist and in ASE's order, so that a flat
/// parameter set lands in the same namelist, in the same order, as ASE's writer puts it.
/// </summary>
internal static class EspressoKeywords
{
    /// <summary>The namelists in the order pw.x reads them.</summary>
    public static readonly IReadOnlyList<(string Namelist, string[] Keys)> Namelists =
    [
        ("CONTROL",
        [
            "calculation", "title", "verbosity", "restart_mode", "wf_collect",
            "nstep", "iprint", "tstress", "tprnfor", "dt", "outdir", "wfcdir",
            "prefix", "lkpoint_dir", "max_seconds", "etot_conv_thr",
            "forc_conv_thr", "disk_io", "pseudo_dir", "tefield", "dipfield",
            "lelfield", "nberrycyc", "lorbm", "lberry", "gdir", "nppstr",
            "lfcpopt", "monopole",
        ]),
        ("SYSTEM",
        [
            "ibrav", "celldm", "A", "B", "C", "cosAB", "cosAC", "cosBC", "nat",
            "ntyp", "nbnd", "tot_charge", "tot_magnetization",
            "starting_magnetization", "ecutwfc", "ecutrho", "ecutfock", "nr1",
            "nr2", "nr3", "nr1s", "nr2s", "nr3s", "nosym", "nosym_evc", "noinv",
            "no_t_rev", "force_symmorphic", "use_all_frac", "occupations",
            "one_atom_occupations", "starting_spin_angle", "degauss", "smearing",
            "nspin", "noncolin", "ecfixed", "qcutz", "q2sigma", "input_dft",
            "exx_fraction", "screening_parameter", "exxdiv_treatment",
            "x_gamma_extrapolation", "ecutvcut", "nqx1", "nqx2", "nqx3",
            "lda_plus_u", "lda_plus_u_kind", "Hubbard_U", "Hubbard_J0",
            "Hubbard_alpha", "Hubbard_beta", "Hubbard_J",
            "starting_ns_eigenvalue", "U_projection_type", "edir",
            "emaxpos", "eopreg", "eamp", "angle1", "angle2",
            "constrained_magnetization", "fixed_magnetization", "lambda",
            "report", "lspinorb", "assume_isolated", "esm_bc", "esm_w",
            "esm_efield", "esm_nfit", "fcp_mu", "vdw_corr", "london",
            "london_s6", "london_c6", "london_rvdw", "london_rcut",
            "ts_vdw_econv_thr", "ts_vdw_isolated", "xdm", "xdm_a1", "xdm_a2",
            "space_group", "uniqueb", "origin_choice", "rhombohedral", "zmon",
            "realxz", "block", "block_1", "block_2", "block_height",
        ]),
        ("ELECTRONS",
        [
            "electron_maxstep", "scf_must_converge", "conv_thr", "adaptive_thr",
            "conv_thr_init", "conv_thr_multi", "mixing_mode", "mixing_beta",
            "mixing_ndim", "mixing_fixed_ns", "diagonalization", "ortho_para",
            "diago_thr_init", "diago_cg_maxiter", "diago_david_ndim",
            "diago_full_acc", "efield", "efield_cart", "efield_phase",
            "startingpot", "startingwfc", "tqr",
        ]),
        ("IONS",
        [
            "ion_dynamics", "ion_positions", "pot_extrapolation",
            "wfc_extrapolation", "remove_rigid_rot", "ion_temperature", "tempw",
            "tolp", "delta_t", "nraise", "refold_pos", "upscale", "bfgs_ndim",
            "trust_radius_max", "trust_radius_min", "trust_radius_ini", "w_1",
            "w_2",
        ]),
        ("CELL",
        [
            "cell_dynamics", "press", "wmass", "cell_factor", "press_conv_thr",
            "cell_dofree",
        ]),
    ];

    /// <summary>
    /// The namelist of <paramref name="key"/> (case-insensitive; an indexed key such as <c>Hubbard_U(1)</c> is placed
    /// by its base name, as ASE does), or null when ASE does not know the keyword.
    /// </summary>
    public static string? NamelistOf(string key)
    {
        var baseName = BaseName(key);
        foreach (var (namelist, keys) in Namelists)
        {
            if (keys.Any(k => string.Equals(k, baseName, StringComparison.OrdinalIgnoreCase)))
            {
                return namelist;
            }
        }

        return null;
    }

    /// <summary>The keyword without its Fortran index: <c>starting_magnetization(1)</c> gives <c>starting_magnetization</c>.</summary>
    public static string BaseName(string key)
    {
        var paren = key.IndexOf('(', StringComparison.Ordinal);
        return (paren < 0 ? key : key[..paren]).Trim();
    }
}

namespace AutoPipe.Tests.Shared;

/// <summary>
/// The rows of a working directory's results.db as python3-ase reads them, one JSON line per job in job-id order, to
/// compare two runs of the same campaign: key-value pairs, data, energy, forces, stress, calculator and its
/// parameters. The provenance's measured times are the one thing two runs cannot share: that they are there is
/// checked, their values are left out.
/// </summary>
public static class AseRows
{
    public static string ForComparison(string workdir) => AsePython.Run(
        """
        import sys, json
        from ase.db import connect
        for r in connect(sys.argv[1]).select(sort='job_id'):
            data = dict(r.data)
            provenance = dict(data['provenance'])
            assert provenance.pop('wall_time_s') >= 0
            provenance.pop('cpu_time_s', None)
            data['provenance'] = provenance
            print(json.dumps({'kv': r.key_value_pairs, 'data': data, 'energy': r.energy,
                              'forces': r.forces.tolist(), 'stress': r.stress.tolist(), 'calc': r.calculator,
                              'params': r.get('calculator_parameters')}, sort_keys=True, default=str))
        """,
        Path.Combine(workdir, "results.db"));
}

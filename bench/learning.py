"""bench/run learning: compares two working directories of the same pw.x campaign, run with learnAfter 0 and 2.

Usage: learning.py WORKDIR_OFF WORKDIR_ON. Prints one line: attempts_off attempts_on failed_off failed_on
max_abs_energy_difference_per_atom_eV (the rows read with ASE's own database reader).
"""
import sqlite3
import sys

from ase.db import connect


def attempts(workdir):
    with sqlite3.connect(f"file:{workdir}/state.db?mode=ro", uri=True) as db:
        total = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
        failed = db.execute("SELECT COUNT(*) FROM attempts WHERE outcome != 'completed'").fetchone()[0]
    return total, failed


off, on = sys.argv[1], sys.argv[2]
rows_off = {row.job_id: row for row in connect(f"{off}/results.db").select()}
rows_on = {row.job_id: row for row in connect(f"{on}/results.db").select()}
if rows_off.keys() != rows_on.keys():
    sys.exit(f"the two runs completed different jobs: {sorted(rows_off.keys() ^ rows_on.keys())}")
difference = max(abs(rows_off[job].energy - rows_on[job].energy) / rows_on[job].natoms for job in rows_on)
(total_off, failed_off), (total_on, failed_on) = attempts(off), attempts(on)
print(total_off, total_on, failed_off, failed_on, f"{difference:.3e}")

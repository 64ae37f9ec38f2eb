"""The projection's latency, for bench/run latency: runs COMMAND (an `autopipe run` into WORKDIR), watches
WORKDIR/checkpoint.json while it runs, and then measures, for every completed job, the time from the end of its
calculation (the completed attempt's `ended` in state.db) to

  * its row in results.db: the row's `ctime` (ASE's time unit: years of 365.25 days since 2000-01-01, ase/db/row.py),
    stamped as the batch holding it is written, a few milliseconds before that batch commits;
  * its id in checkpoint.json's completed_job_ids: the first time this script saw it there (read again at every change
    of the file's mtime, looked at every POLL seconds).

Prints one line: jobs, results.db median and 95th percentile, checkpoint.json median and 95th percentile (seconds),
and the command's wall time. Usage: latency.py WORKDIR COMMAND...
"""
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import time

POLL = 0.01
T2000 = 946681200.0  # ase.db.row.T2000, what AutoPipe's results.db counts ctime from
YEAR = 31557600.0  # ase.db.row.YEAR


def watch_checkpoint(path, process):
    seen, stamp = {}, None
    while True:
        running = process.poll() is None
        try:
            mtime = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            mtime = None
        if mtime is not None and mtime != stamp:
            now = time.time()
            try:
                with open(path) as f:
                    completed = json.load(f).get("completed_job_ids", [])
                stamp = mtime
                for job in completed:
                    seen.setdefault(job, now)
            except (OSError, ValueError):
                pass  # replaced while read: the next look reads the new one
        if not running:
            return seen
        time.sleep(POLL)


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


def main():
    workdir, command = sys.argv[1], sys.argv[2:]
    start = time.time()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    seen = watch_checkpoint(os.path.join(workdir, "checkpoint.json"), process)
    wall = time.time() - start
    if process.returncode != 0:
        sys.exit(f"latency: {' '.join(command)} exited {process.returncode}")
    with sqlite3.connect(os.path.join(workdir, "state.db")) as state:
        ended = dict(state.execute(
            "SELECT j.job_id, a.ended FROM attempts a JOIN jobs j ON j.seq = a.seq WHERE a.outcome = 'completed'"))
    with sqlite3.connect(os.path.join(workdir, "results.db")) as results:
        ctime = dict(results.execute(
            "SELECT t.value, s.ctime FROM systems s JOIN text_key_values t ON t.id = s.id AND t.key = 'job_id'"))
    if not ended or set(ctime) != set(ended):
        sys.exit(f"latency: {len(ended)} completed attempts in state.db, {len(ctime)} rows in results.db")
    to_row = [ctime[job] * YEAR + T2000 - ended[job] for job in ended]
    to_checkpoint = [seen[job] - ended[job] for job in ended if job in seen]
    print(len(ended), *(f"{v:.3f}" for v in (
        statistics.median(to_row), p95(to_row), statistics.median(to_checkpoint), p95(to_checkpoint), wall)))


if __name__ == "__main__":
    main()

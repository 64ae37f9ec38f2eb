"""Dask's side of the benchmarks: N tasks that each sleep S seconds on a LocalCluster of W single-threaded worker
processes (the seed's setup). Timed from interpreter start to the end of the run, cluster start included, like
AutoPipe's whole `autopipe run`. Dask keeps nothing durable: this is its best case."""
import sys
import time

START = time.perf_counter()

from dask.distributed import Client, LocalCluster  # noqa: E402


def calculation(seconds):
    time.sleep(seconds)
    return seconds


def main():
    jobs, workers, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        ready = time.perf_counter()
        futures = client.map(calculation, [seconds] * jobs, pure=False)
        client.gather(futures)
        done = time.perf_counter()
    print(f"{done - START:.3f} {done - ready:.3f}")


if __name__ == "__main__":
    main()

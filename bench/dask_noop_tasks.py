"""Dask's side of the throughput benchmark: N no-op tasks on a LocalCluster of W single-threaded worker processes.
Prints the whole script's time (interpreter and cluster start included, like AutoPipe's whole `autopipe run`) and the
tasks' time alone (cluster up). The tasks return nothing and Dask keeps nothing durable: its best case."""
import sys
import time

START = time.perf_counter()

from dask.distributed import Client, LocalCluster  # noqa: E402


def calculation(_):
    return None


def main():
    jobs, workers = int(sys.argv[1]), int(sys.argv[2])
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        ready = time.perf_counter()
        futures = client.map(calculation, range(jobs), pure=False)
        client.gather(futures)
        done = time.perf_counter()
    print(f"{done - START:.3f} {done - ready:.3f}")


if __name__ == "__main__":
    main()

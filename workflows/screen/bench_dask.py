"""Time a screen in one process against the same screen as shards on a Dask LocalCluster.

    python workflows/screen/bench_dask.py [--order 2] [--update both] [--shards 8] [--workers 2]
        [--rounds 2] [--model M --phenotypes P]

One process: ``Model.screen(..., jobs=workers)``. Dask: ``basin.dask.screen(..., shards=N)`` on
a LocalCluster of ``workers`` processes with one thread each (each task ``jobs=1``), started
before the clock runs (its start-up is printed apart). The two alternate ``rounds`` times, so a
change in the machine's load hits both; the tables must be equal. Prints each time and the
ratio of the medians.
"""

import argparse
import os
import statistics
import time

import basin
import basin.dask
from dask.distributed import Client, LocalCluster

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=os.path.join(REPO, "networks/mronj_macrophage.bnet"))
    p.add_argument("--phenotypes", default=os.path.join(REPO, "networks/mronj_macrophage.toml"))
    p.add_argument("--order", type=int, default=2)
    p.add_argument("--update", default="both")
    p.add_argument("--shards", type=int, default=8)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--rounds", type=int, default=2)
    a = p.parse_args()
    arguments = dict(order=a.order, update=a.update)
    model = basin.load(a.model)
    labels = basin.Phenotypes.load(a.phenotypes)
    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    print(f"cluster start-up: {time.perf_counter() - started:.2f} s (not counted below)")
    local_times, dask_times = [], []
    for r in range(a.rounds):
        t = time.perf_counter()
        local = model.screen(labels, jobs=a.workers, **arguments)
        local_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        remote = basin.dask.screen(
            a.model, a.phenotypes, client=client, shards=a.shards, **arguments
        )
        dask_times.append(time.perf_counter() - t)
        same = remote.equals(local) if hasattr(local, "equals") else list(remote) == list(local)
        assert same, "the Dask table differs from the local one"
        print(
            f"round {r + 1}: one process {local_times[-1]:.2f} s, "
            f"dask ({a.workers} workers, {a.shards} shards) {dask_times[-1]:.2f} s, "
            f"{len(local)} rows, equal"
        )
    ratio = statistics.median(dask_times) / statistics.median(local_times)
    print(f"median: one process {statistics.median(local_times):.2f} s, dask "
          f"{statistics.median(dask_times):.2f} s, ratio {ratio:.2f}")
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()

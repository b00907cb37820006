"""Screens split into shards: ``Model.screen(..., shard=(i, n))`` is the command line's
``basin screen --shard i/n``, :func:`basin.merge_shards` gives back the whole screen, and
``basin.dask.screen`` on a ``LocalCluster`` (2 worker processes) equals the one-process screen,
also when a worker is killed mid-screen.

dask.distributed is optional: without it the Dask tests are skipped, unless
``BASIN_REQUIRE_DASK=1`` (CI sets it), when they fail.
"""

import csv
import os
import signal
import threading
import time

import pytest

import basin
from conftest import PHENOTYPES, SHOWCASE, rows, typed

#: A small screen of the showcase: order 1 over every node, two conditions, both updates.
SMALL = dict(order=1, update="both", condition=["drug+TGFb", "infection"])
#: An order-2 screen that takes a few seconds (long enough to kill a worker during it).
LONGER = dict(
    order=2,
    nodes=["TGFB1", "TGFBR", "SMAD7", "SMAD2", "SMAD3", "PI3K", "PTEN", "AKT", "NFKB", "STAT3"],
    condition="drug",
)



def distributed():
    """dask.distributed, or a skip (a failure when BASIN_REQUIRE_DASK=1) saying how to get it."""
    try:
        import distributed as d
    except ImportError as e:
        why = f'dask.distributed is not installed (pip install "dask[distributed]"): {e}'
        if os.environ.get("BASIN_REQUIRE_DASK") == "1":
            pytest.fail(why)
        pytest.skip(why)
    return d


def test_shards_merge_to_the_whole_screen(showcase, labels):
    whole = showcase.screen(labels, **SMALL)
    assert len(rows(whole)) > 100
    for n in (1, 3, 7):
        parts = {(i, n): showcase.screen(labels, shard=(i, n), **SMALL) for i in range(1, n + 1)}
        # The shards partition the perturbation sets.
        sets = [{r[0] for r in rows(t)} for t in parts.values()]
        assert sum(map(len, sets)) == len(set().union(*sets)) == len({r[0] for r in rows(whole)})
        merged = basin.merge_shards(reversed(list(parts.items())))
        assert rows(merged) == rows(whole), n
        if hasattr(whole, "equals"):
            assert merged.equals(whole)


def test_a_shard_is_the_command_lines_shard(showcase, labels, cli, tmp_path):
    part = tmp_path / "part.csv"
    cli("screen", SHOWCASE, "--phenotypes", PHENOTYPES, "--order", "1", "--update", "both",
        "--condition", "drug+TGFb", "--condition", "infection", "--shard", "2/3", "--out", part)
    with open(part, newline="") as f:
        expected = [typed(r) for r in list(csv.reader(f))[1:]]
    assert rows(showcase.screen(labels, shard=(2, 3), **SMALL)) == expected


def test_parts_that_do_not_make_one_screen_are_refused(showcase, labels):
    parts = [((i, 3), showcase.screen(labels, shard=(i, 3), **SMALL)) for i in (1, 2, 3)]
    with pytest.raises(basin.InvalidArgumentError, match="shard 2/3 missing"):
        basin.merge_shards([parts[0], parts[2]])
    with pytest.raises(basin.InvalidArgumentError, match="given twice"):
        basin.merge_shards(parts + [parts[1]])
    with pytest.raises(basin.InvalidArgumentError, match="is in shards 1/3 and 3/3"):
        basin.merge_shards([parts[0], parts[1], ((3, 3), parts[0][1])])
    with pytest.raises(basin.InvalidArgumentError, match="round-robin share"):
        basin.merge_shards([parts[0], parts[1], ((3, 3), parts[2][1][:-40])])
    with pytest.raises(basin.BasinError, match="shard"):
        showcase.screen(labels, shard=(4, 3), **SMALL)


@pytest.fixture(scope="module")
def cluster():
    d = distributed()
    with d.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, d.Client(cluster) as client:
        yield client


def test_dask_screen_equals_the_local_screen(cluster, showcase, labels):
    import basin.dask

    local = showcase.screen(labels, **SMALL)
    remote = basin.dask.screen(str(SHOWCASE), str(PHENOTYPES), client=cluster, shards=5, **SMALL)
    assert rows(remote) == rows(local)
    if hasattr(local, "equals"):
        assert remote.equals(local)


def test_a_worker_killed_mid_screen_still_gives_the_identical_table(cluster, showcase, labels):
    import basin.dask

    local = showcase.screen(labels, **LONGER)
    pids = cluster.run(os.getpid)
    result = {}

    def run():
        try:
            result["table"] = basin.dask.screen(
                str(SHOWCASE), str(PHENOTYPES), client=cluster, shards=4, **LONGER
            )
        except BaseException as e:  # reported below
            result["error"] = e

    screen = threading.Thread(target=run)
    screen.start()
    # Wait until a worker runs a shard, then kill its process (SIGKILL: no goodbye).
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and time.monotonic() < deadline:
        for worker, keys in cluster.processing().items():
            if any("basin-screen" in str(k) for k in keys) and worker in pids:
                killed = worker
                break
        else:
            time.sleep(0.05)
    assert killed is not None, "no shard started"
    assert screen.is_alive(), "the screen finished before the kill"
    os.kill(pids[killed], signal.SIGKILL)
    screen.join(timeout=300)
    assert not screen.is_alive(), "the screen did not finish"
    assert "error" not in result, result.get("error")
    assert rows(result["table"]) == rows(local)
    # The worker's process did die (the nanny started another one).
    cluster.wait_for_workers(2, timeout=60)
    assert pids[killed] not in cluster.run(os.getpid).values()


def test_dask_refuses_what_workers_cannot_load(cluster, labels):
    import basin.dask

    with pytest.raises(basin.InvalidArgumentError, match="path"):
        basin.dask.screen(str(SHOWCASE), labels, client=cluster, shards=2, **SMALL)

"""Screens on a Dask cluster: the screen split into shards, one task each, merged back.

>>> from dask.distributed import Client, LocalCluster                     # doctest: +SKIP
>>> import basin.dask
>>> client = Client(LocalCluster(n_workers=2, threads_per_worker=1))     # doctest: +SKIP
>>> table = basin.dask.screen("networks/mronj_macrophage.bnet",          # doctest: +SKIP
...     "networks/mronj_macrophage.toml", order=2, update="both", client=client, shards=8)

The shards are those of ``Model.screen(..., shard=(i, n))`` and ``basin screen --shard i/n``
(round robin over the screen's perturbation sets, so they depend only on the model, the
arguments and ``n``); each task loads the model and the phenotype file on its worker, runs its
shard and returns its rows, and :func:`basin.merge_shards` joins them. The result equals
``basin.load(model).screen(phenotypes, ...)`` run in one process: same rows, same order, same
numbers.

A task that raises is run again up to ``retries`` times; a task whose worker dies (killed, out
of memory) is put on another worker by the scheduler (``distributed.scheduler.allowed-failures``
times, 3 by default). Shards are pure functions of their arguments, so a rerun gives the same
rows. Interrupting (Ctrl-C) or any error cancels the shards still running.

Needs ``dask.distributed`` on the client and every worker (``pip install "dask[distributed]"``),
and basin on every worker. Models and phenotype files are passed by path (or model text), so the
workers must see the same files.
"""

from __future__ import annotations

import os
import uuid
from typing import Any, Dict, List, Optional, Tuple

try:
    from distributed import Client, wait  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "basin.dask needs dask.distributed: pip install \"dask[distributed]\" "
        f"(import failed: {error})"
    ) from error

import basin
from basin.errors import InvalidArgumentError

__all__ = ["screen", "run_shard"]


def run_shard(
    model: Any,
    phenotypes: Any,
    shard: Tuple[int, int],
    load: Dict[str, Any],
    arguments: Dict[str, Any],
) -> Tuple[Tuple[int, int], List[Tuple[Any, ...]]]:
    """One task: shard ``(i, n)`` of the screen, as ``((i, n), rows)``. Runs on a worker."""
    table = basin.load(model, **load).screen(phenotypes, shard=shard, **arguments)
    if hasattr(table, "itertuples"):
        rows = list(table.itertuples(index=False, name=None))
    else:
        rows = [tuple(r) for r in table]
    return (shard, rows)


def _path_or_text(value: Any, what: str) -> Any:
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    raise InvalidArgumentError(
        f"basin.dask.screen: {what} must be a path (or, for the model, bnet text) that the "
        f"workers can read, not a {type(value).__name__}"
    )


def screen(
    model: Any,
    phenotypes: Any,
    *,
    client: Any = None,
    shards: Optional[int] = None,
    retries: int = 2,
    jobs: int = 1,
    format: Optional[str] = None,
    free_inputs: bool = False,
    **arguments: Any,
):
    """The screen of ``Model.screen(phenotypes, **arguments)`` run as ``shards`` Dask tasks.

    ``model`` is a model path (or bnet text) and ``phenotypes`` a phenotype file path, both
    readable by the workers; ``format`` and ``free_inputs`` are :func:`basin.load`'s. Every
    other keyword (``order``, ``nodes``, ``values``, ``update``, ``condition``, ``engine``, ...)
    is ``Model.screen``'s. ``client`` is a ``dask.distributed.Client`` (default: the current
    one). ``shards`` defaults to twice the cluster's threads (smaller shards lose less when a
    worker dies and balance better; each shard also explores the wild types once). ``jobs``
    is the threads each task uses (1: Dask's worker threads are the parallelism).

    Returns the merged table: a pandas DataFrame when pandas is installed, else a
    :class:`basin.Table`, equal to the one-process result.
    """
    if client is None:
        from distributed import get_client

        client = get_client()
    if shards is None:
        shards = max(1, 2 * sum(client.nthreads().values()))
    shards = int(shards)
    if shards < 1:
        raise InvalidArgumentError(f"basin.dask.screen: shards={shards} is not 1 or more")
    for bad in ("shard", "plot", "jobs"):
        if bad in arguments:
            raise InvalidArgumentError(f"basin.dask.screen: {bad}= is not accepted here")
    model = _path_or_text(model, "the model")
    phenotypes = _path_or_text(phenotypes, "phenotypes")
    load: Dict[str, Any] = {"free_inputs": free_inputs}
    if format is not None:
        load["format"] = format
    arguments = dict(arguments, jobs=jobs)
    screen_id = uuid.uuid4().hex[:12]
    futures = [
        client.submit(
            run_shard,
            model,
            phenotypes,
            (i, shards),
            load,
            arguments,
            key=f"basin-screen-{screen_id}-{i}-of-{shards}",
            retries=retries,
            pure=False,
        )
        for i in range(1, shards + 1)
    ]
    try:
        parts = client.gather(futures)
    except BaseException:
        client.cancel(futures)
        raise
    return basin.merge_shards(parts)

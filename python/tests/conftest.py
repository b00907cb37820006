"""Shared fixtures: the repository, the command line to compare with, the showcase files and
the corpus of published models.

The command line is ``$BASIN_CLI`` or ``target/debug/basin`` of this repository (``cargo test``
or ``cargo build`` makes it); the corpus is ``$BASIN_CORPUS`` or ``../shared/corpus`` beside the
repository. Tests that need them fail (they do not skip) when they are missing.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NETWORKS = REPO / "networks"
SHOWCASE = NETWORKS / "mronj_macrophage.bnet"
PHENOTYPES = NETWORKS / "mronj_macrophage.toml"
EXPECTATIONS = NETWORKS / "mronj_macrophage.expect.toml"


def _cli() -> Path:
    path = Path(os.environ.get("BASIN_CLI", REPO / "target" / "debug" / "basin")).resolve()
    if not path.is_file():
        pytest.fail(f"the command line {path} is missing: run `cargo build` or set BASIN_CLI")
    return path


@pytest.fixture(scope="session")
def cli():
    """Runs the command line with ``args`` and returns its standard output (exit 0 or 1)."""
    path = _cli()

    def run(*args):
        done = subprocess.run(
            [str(path), *map(str, args)], capture_output=True, text=True, cwd=REPO
        )
        if done.returncode not in (0, 1):
            pytest.fail(f"basin {' '.join(map(str, args))} failed:\n{done.stderr}")
        return done.stdout

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    return lambda *args: json.loads(cli(*args, "--format", "json"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    candidates = [os.environ.get("BASIN_CORPUS"), REPO.parent / "shared" / "corpus", "/work/shared/corpus"]
    for c in candidates:
        if c and (Path(c) / "README.md").is_file():
            return Path(c)
    pytest.fail(f"the corpus is missing: set BASIN_CORPUS (looked in {candidates})")


@pytest.fixture(scope="session")
def showcase():
    import basin

    return basin.load(str(SHOWCASE))


@pytest.fixture(scope="session")
def labels():
    import basin

    return basin.Phenotypes.load(PHENOTYPES)


def typed(row):
    """A row of the command line's screen CSV with the types of :data:`basin.SCREEN_COLUMNS`
    (walk counts ``None`` when empty: exact shares)."""
    counts = [int(c) if c else None for c in row[9:]]
    return (*row[:4], *map(float, row[4:7]), *map(int, row[7:9]), *counts)


def rows(table):
    """A screen's rows as tuples, from a DataFrame or (without pandas) a basin.Table; a
    DataFrame's missing walk counts (``pd.NA``) become ``None`` as in a Table."""
    if hasattr(table, "itertuples"):
        return [
            tuple(None if _missing(v) else v for v in r)
            for r in table.itertuples(index=False, name=None)
        ]
    return [tuple(r) for r in table]


def _missing(value):
    return value is None or str(value) == "<NA>"

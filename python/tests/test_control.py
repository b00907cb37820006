"""Model.control against `basin control` on the showcase: the same JSON (but for the search's
time) and the same CSV rows, never numbers written here."""

import csv
import io

import pytest

import basin
from conftest import PHENOTYPES, SHOWCASE

ARGS = ("control", SHOWCASE, "--phenotypes", PHENOTYPES, "--target", "M2",
        "--condition", "infection", "--max-order", "2")


def untimed(report):
    return {k: v for k, v in report.items() if k != "seconds"}


@pytest.fixture(scope="module")
def control(showcase, labels):
    return showcase.control(labels, "M2", conditions="infection", max_order=2)


def test_control_equals_basin_control_json(control, cli_json):
    expected = cli_json(*ARGS)
    assert isinstance(control.report["seconds"], float)
    assert untimed(control.report) == untimed(expected)
    assert control.perturbations == [s["perturbation"] for s in expected["solutions"]]
    assert control.to_dict() is control.report


def test_control_table_equals_basin_control_csv(control, cli):
    rows = list(csv.reader(io.StringIO(cli(*ARGS, "--format", "csv"))))
    table = control.to_table()
    assert list(table.columns) == rows[0] == list(basin.CONTROL_COLUMNS)
    typed = [(r[0], int(r[1]), r[2], int(r[3]), float(r[4]), r[5], r[6], float(r[7]), r[8])
             for r in rows[1:]]
    assert [tuple(r) for r in table] == typed
    if basin._have_pandas():
        frame = control.to_pandas()
        assert list(frame.columns) == list(basin.CONTROL_COLUMNS)
        assert [tuple(r) for r in frame.itertuples(index=False)] == typed


def test_control_options_reach_the_search(showcase, labels, cli_json):
    # The CLI's --no-prune, --values, --nodes and --aggregate, as keyword arguments.
    got = showcase.control(PHENOTYPES, "M2", condition=["infection"], max_order=1,
                           nodes=["SMAD7", "SMAD3", "STAT6"], values=(0,), aggregate="mean",
                           update="both", prune=False, jobs=1)
    expected = cli_json(*ARGS[:6], "--condition", "infection", "--max-order", "1",
                        "--nodes", "SMAD7,SMAD3,STAT6", "--values", "0", "--aggregate", "mean",
                        "--update", "both", "--no-prune")
    assert untimed(got.report) == untimed(expected)


def test_control_errors_name_keyword_arguments(showcase, labels):
    with pytest.raises(basin.InvalidArgumentError, match="aggregate"):
        showcase.control(labels, "M2", conditions="infection", aggregate="most")
    with pytest.raises(basin.InvalidArgumentError, match="target"):
        showcase.control(labels, "", conditions="infection")
    with pytest.raises(basin.UnknownNameError):
        showcase.control(labels, "M2", conditions="infection", nodes=["NOPE"])
    with pytest.raises(basin.RefusedError) as refused:
        showcase.control(labels, "M2", conditions="infection", max_order=12)
    assert any("max_order=" in r for r in refused.value.remedies)


def test_control_timeout_raises_cancelled(showcase, labels):
    with pytest.raises(basin.CancelledError):
        showcase.control(labels, "M2", conditions="infection", max_order=3, timeout=0.01)

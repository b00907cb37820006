"""Every API call on the showcase, each compared with the command line's answer for the same
arguments (never with numbers written here)."""

import csv
import io
import json
import logging

import pytest

import basin
from conftest import EXPECTATIONS, PHENOTYPES, SHOWCASE, rows, typed




def test_load_reads_paths_text_rules_and_objects(showcase):
    assert showcase.format == "bnet"
    assert len(showcase.variables) == len(set(showcase.variables)) > 0
    assert set(showcase.inputs) <= set(showcase.variables)
    text = showcase.to_bnet()
    again = basin.load(text)
    assert again.variables == showcase.variables and again.source == "<text>"

    class Colomoto:  # anything with to_bnet(), as colomoto.minibn.BooleanNetwork
        def to_bnet(self):
            return text

    assert basin.load(Colomoto()).variables == showcase.variables
    rules = basin.load({"A": "!B", "B": "A", "C": 1})
    assert rules.variables == ["A", "B", "C"] and rules.inputs == []
    assert basin.load(rules) is rules


def test_load_reads_every_format_of_a_corpus_model_alike(corpus):
    bnet = basin.load(corpus / "bbm-007.bnet")
    reference = [a.pattern for a in bnet.attractors(update="sync")]
    for ext in ("aeon", "booleannet", "sbml"):
        other = basin.load(corpus / f"bbm-007.{ext}")
        assert other.format == ext
        assert sorted(other.variables) == sorted(bnet.variables)
        order = [other.variables.index(v) for v in bnet.variables]
        patterns = ["".join(a.pattern[i] for i in order) for a in other.attractors(update="sync")]
        assert sorted(patterns) == sorted(reference)


def test_check_is_the_json_of_basin_check(showcase, cli_json):
    assert showcase.check() == cli_json("check", SHOWCASE)


def test_attractors_equal_the_json_of_basin_attractors(showcase, labels, cli_json):
    result = showcase.attractors(condition="infection", phenotypes=labels)
    expected = cli_json(
        "attractors", SHOWCASE, "--phenotypes", PHENOTYPES, "--condition", "infection"
    )
    assert result.reports == [expected]
    assert [a.pattern for a in result] == [a["pattern"] for a in expected["attractors"]]
    assert [a.label for a in result] == [a["label"] for a in expected["attractors"]]
    assert result.distribution() == {
        d["label"]: d["share"] for d in expected["phenotype_distribution"]
    }
    table = result.to_table()
    assert table.columns == basin.ATTRACTOR_COLUMNS
    assert [r["pattern"] for r in table.records()] == [a.pattern for a in result]


def test_inputs_perturbations_and_sync_update_equal_the_command_line(showcase, cli_json):
    result = showcase.attractors(
        update="sync", inputs={"LPS": 1, "TGFB_EX": 1}, perturb={"SMAD7": 0}
    )
    expected = cli_json(
        "attractors", SHOWCASE, "--update", "sync", "--input", "LPS=1", "--input", "TGFB_EX=1",
        "--perturb", "SMAD7=0",
    )
    assert result.reports == [expected]
    assert all(a.update == "synchronous" and a.share is not None for a in result)


def test_several_conditions_give_one_report_each(showcase, labels, cli_json):
    names = labels.conditions.names[:3]
    result = showcase.attractors(condition=names, phenotypes=labels, update="sync")
    args = [x for n in names for x in ("--condition", n)]
    expected = cli_json("attractors", SHOWCASE, "--phenotypes", PHENOTYPES, "--update", "sync", *args)
    assert result.reports == expected
    assert {a.condition for a in result} == set(names)


def test_input_classes_match_the_cli(showcase, labels, cli_json):
    result = showcase.attractors(all_conditions="classes", phenotypes=labels, update="sync")
    expected = cli_json("attractors", SHOWCASE, "--phenotypes", PHENOTYPES, "--update", "sync",
                        "--all-conditions", "--input-classes")
    assert result.reports == expected
    every = showcase.attractors(all_conditions=True, update="sync")
    assert 1 < len(result.reports) < len({a.condition for a in every})
    with pytest.raises(ValueError):
        showcase.attractors(all_conditions="some")


def test_count_attractors_matches_the_cli_and_the_listing(showcase, labels, cli_json):
    for update in ("sync", "async"):
        counted = showcase.count_attractors(update=update, condition="infection",
                                            conditions=labels.conditions)
        expected = cli_json("attractors", SHOWCASE, "--update", update, "--count-only",
                            "--condition", "infection", "--phenotypes", PHENOTYPES)
        assert len(counted) == 1
        for key in ("attractors", "fixed_points"):
            assert counted[0][key] == int(expected[key])
        listed = showcase.attractors(update=update, condition="infection",
                                     conditions=labels.conditions)
        assert counted[0]["attractors"] == len(listed)
        others = "cycles" if update == "sync" else "complex_attractors"
        assert counted[0][others] == sorted(a.num_states for a in listed if a.num_states > 1)
        assert counted[0]["fixed_points"] == sum(1 for a in listed if a.num_states == 1)


def test_count_attractors_counts_what_cannot_be_listed():
    text = "targets, factors\n" + "".join(f"i{k}, i{k}\n" for k in range(40)) + "out, i0 & i1\n"
    model = basin.load(text)
    with pytest.raises(basin.RefusedError, match="count_attractors"):
        model.attractors(update="async", probabilities=False)
    [counted] = model.count_attractors(update="async")
    assert counted["fixed_points"] == 2**40
    assert counted["complex_attractors"] == []


def test_a_condition_equals_its_inputs(showcase, labels):
    conditions = labels.conditions
    values = conditions.inputs(showcase)["infection"]
    by_name = showcase.attractors(condition="infection", conditions=conditions)
    by_inputs = showcase.attractors(inputs=values)
    assert [a.pattern for a in by_name] == [a.pattern for a in by_inputs]
    assert [a.basin for a in by_name] == [a.basin for a in by_inputs]


def test_knockout_equals_basin_knockout(showcase, labels, cli, cli_json):
    knockout = showcase.knockout({"SMAD3": 0}, labels, conditions="infection+TGFb", update="both")
    args = ("knockout", SHOWCASE, "--phenotypes", PHENOTYPES, "--perturb", "SMAD3=0",
            "--condition", "infection+TGFb", "--update", "both")
    assert knockout.report == cli_json(*args)
    table = knockout.to_table()
    rows = list(csv.reader(io.StringIO(cli(*args, "--format", "csv"))))
    assert list(table.columns) == rows[0]
    assert [tuple(r) for r in table] == [typed(r) for r in rows[1:]]
    assert set(knockout.verdicts) == {("infection+TGFb", "synchronous"), ("infection+TGFb", "asynchronous")}


def test_screen_dataframe_equals_the_csv_of_basin_screen(showcase, labels, cli):
    pandas = pytest.importorskip("pandas")
    conditions = ["infection", "TGFb", "infection+TGFb"]
    frame = showcase.screen(
        labels, nodes=["SMAD7", "SMAD3"], update="both", condition=conditions, jobs=2
    )
    text = cli("screen", SHOWCASE, "--phenotypes", PHENOTYPES, "--nodes", "SMAD7,SMAD3",
               "--update", "both", *[x for c in conditions for x in ("--condition", c)],
               "--format", "csv")
    floats = {c: "float64" for c in ("fraction", "wild_type_fraction", "shift")}
    floats.update({c: "Int64" for c in basin.COUNT_COLUMNS})
    # pandas 3 reads floats exactly by default (and deprecates the option).
    exact = {"float_precision": "round_trip"} if int(pandas.__version__.split(".")[0]) < 3 else {}
    expected = pandas.read_csv(io.StringIO(text), keep_default_na=False, dtype=floats,
                               na_values={c: [""] for c in basin.COUNT_COLUMNS}, **exact)
    assert list(frame.columns) == list(expected.columns) == list(basin.SCREEN_COLUMNS)
    pandas.testing.assert_frame_equal(frame, expected, check_exact=True)


def test_screen_results_do_not_depend_on_jobs(showcase, labels):
    one = showcase.screen(labels, nodes=["SMAD7"], values=[0], condition=["infection", "TGFb"], jobs=1)
    two = showcase.screen(labels, nodes=["SMAD7"], values=[0], condition=["infection", "TGFb"], jobs=2)
    assert rows(one) == rows(two) and len(rows(one)) > 0


def test_screen_draws_the_shift_heatmap(showcase, labels, tmp_path):
    svg = tmp_path / "shift.svg"
    showcase.screen(labels, nodes=["SMAD7"], condition="TGFb", plot=svg, rank_by="M2+any")
    text = svg.read_text()
    assert text.startswith("<svg") or text.startswith("<?xml")
    assert "SMAD7=0" in text and "SMAD7=1" in text


def test_basin_test_equals_the_command_line(cli_json):
    report = basin.test(EXPECTATIONS, filter="E1 no input")
    expected = cli_json("test", EXPECTATIONS, "--filter", "E1 no input")
    strip = lambda doc: [{k: v for k, v in s.items() if k != "seconds"} for s in doc["statements"]]
    assert strip(report.report) == strip(expected)
    assert (report.passed, report.failed) == (expected["passed"], expected["failed"])
    assert bool(report) == (expected["failed"] == 0)
    assert [s.name for s in report.statements] == [s["name"] for s in expected["statements"]]


def test_a_failing_statement_has_counterexamples(tmp_path):
    spec = tmp_path / "wrong.expect.toml"
    spec.write_text(
        f'model = "{SHOWCASE}"\nphenotypes = "{PHENOTYPES}"\n\n'
        '[[expect]]\nname = "infection gives M2 (it does not)"\ncondition = "infection"\nevery = "M2"\n'
    )
    report = basin.test(spec)
    assert not report and report.failed == 1
    assert report.failures()[0].counterexamples


def test_phenotypes_and_conditions_load(showcase, labels):
    assert "M1" in labels.labels and labels.flags == ["FIB"]
    assert 0 < labels.threshold <= 1 and labels.default_label
    conditions = basin.Conditions.load(PHENOTYPES)
    assert conditions.names == labels.conditions.names and len(conditions) > 1
    values = conditions.inputs(showcase)
    assert set(values["none"].values()) == {0}
    assert values["infection"]["LPS"] == 1


def test_parse_error_has_line_column_text_and_hint():
    with pytest.raises(basin.ParseError) as caught:
        basin.load("TNFa, A\nA, TNFA\n")
    e = caught.value
    assert (e.line, e.column, e.text) == (2, 4, "A, TNFA")
    assert "TNFa" in e.hint and "free_inputs=True" in e.hint and "--" not in e.hint
    assert e.reason == "undefined variable 'TNFA'"
    assert isinstance(e, ValueError)


def test_a_refusal_names_its_remedy_as_keyword_arguments(showcase):
    with pytest.raises(basin.RefusedError) as caught:
        showcase.attractors(engine="explicit", max_memory="1K")
    e = caught.value
    assert any('method="sample"' in r for r in e.remedies)
    assert any(f'inputs={{"{showcase.inputs[0]}": 1}}' in r for r in e.remedies)
    assert {"inputs": {showcase.inputs[0]: 1}} in e.suggestions
    assert "--" not in str(e)
    assert {"method": "sample"} in e.suggestions
    # The suggestion works when passed back.
    sampled = showcase.attractors(max_memory="1K", samples=200, **{"method": "sample"})
    assert len(sampled) > 0 and all("samples" in a.basin for a in sampled)


def test_unknown_names_suggest_the_closest(showcase, labels):
    with pytest.raises(basin.UnknownNameError) as caught:
        showcase.attractors(perturb={"SMAD9": 0})
    assert caught.value.name == "SMAD9" and caught.value.suggestion in showcase.variables
    with pytest.raises(basin.InvalidArgumentError):
        showcase.attractors(inputs={"SMAD7": 1})  # not an input
    with pytest.raises(basin.BasinError):
        showcase.attractors(condition="infektion", phenotypes=labels)
    with pytest.raises(FileNotFoundError):
        basin.load("no/such/model.bnet")


def test_reader_warnings_go_to_the_logger(caplog, corpus):
    with caplog.at_level(logging.WARNING, logger="basin"):
        model = basin.load(corpus / "bbm-023.free-inputs.bnet", free_inputs=True)
    assert model.warnings
    assert [r.getMessage().split(": ", 1)[1] for r in caplog.records] == model.warnings


def test_tables_become_dataframes(showcase, labels):
    pytest.importorskip("pandas")
    result = showcase.attractors(condition="infection", phenotypes=labels)
    frame = basin.to_frame(result)
    assert list(frame.columns) == list(basin.ATTRACTOR_COLUMNS)
    assert list(frame["pattern"]) == [a.pattern for a in result]
    knockout = showcase.knockout({"SMAD3": 0}, labels, conditions=["infection"])
    assert list(knockout.to_pandas().columns) == list(basin.SCREEN_COLUMNS)


def test_screen_without_pandas_is_a_table(showcase, labels, monkeypatch):
    monkeypatch.setattr(basin, "_have_pandas", lambda: False)
    table = showcase.screen(labels, nodes=["SMAD7"], values=[0], condition="TGFb")
    assert isinstance(table, basin.Table) and table.columns == basin.SCREEN_COLUMNS
    assert {r["perturbation"] for r in table.records()} == {"SMAD7=0"}


def test_explorations_are_logged_at_debug_level(caplog, showcase):
    with caplog.at_level(logging.DEBUG, logger="basin"):
        result = showcase.attractors(inputs={"LPS": 1})
    (record,) = [r for r in caplog.records if r.name == "basin"]
    report = result.reports[0]
    assert f"{len(report['attractors'])} attractor(s)" in record.getMessage()
    assert f"engine {report['engine']}" in record.getMessage()

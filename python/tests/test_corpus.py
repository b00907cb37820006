"""The 10 smallest published models of the corpus: attractors and basins under both updates
equal the command line's JSON, document for document."""

import pytest

import basin

COUNT = 10


def smallest(corpus):
    sizes = []
    for path in sorted(corpus.glob("bbm-*.bnet")):
        if path.name.endswith(".free-inputs.bnet"):
            continue
        sizes.append((len(basin.load(path).variables), path.name, path))
    assert len(sizes) >= COUNT, f"the corpus holds {len(sizes)} models"
    return [p for _, _, p in sorted(sizes)[:COUNT]]


@pytest.fixture(scope="module")
def models(corpus):
    return smallest(corpus)


@pytest.mark.parametrize("index", range(COUNT))
@pytest.mark.parametrize("update", ["sync", "async"])
def test_attractors_equal_the_command_line(models, index, update, cli_json):
    path = models[index]
    result = basin.load(path).attractors(update=update, jobs=1)
    expected = cli_json("attractors", path, "--update", update)
    assert result.reports == [expected], path.name
    assert len(result) == len(expected["attractors"]) > 0

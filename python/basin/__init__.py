"""basin: exact attractors, basins and knockout screens of Boolean network models.

>>> import basin
>>> model = basin.load("networks/mronj_macrophage.bnet")            # doctest: +SKIP
>>> labels = basin.Phenotypes.load("networks/mronj_macrophage.toml")  # doctest: +SKIP
>>> model.attractors(condition="infection", phenotypes=labels)       # doctest: +SKIP
>>> model.screen(labels, nodes=["SMAD7", "SMAD3"], update="both")      # doctest: +SKIP

The work is done by the Rust library (the same code as the ``basin`` command line, whose JSON
and CSV the results here equal). Explorations release the GIL, run on ``jobs`` threads (results
never depend on it) and stop within a second on Ctrl-C (:class:`KeyboardInterrupt`). Messages
(the reader's warnings, what a screen is about to run) go to the ``"basin"`` logger. pandas is
optional: tables are :class:`Table` objects without it, and ``to_pandas()`` needs it.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _basin
from .errors import (
    BasinError,
    CancelledError,
    InvalidArgumentError,
    ParseError,
    RefusedError,
    UnknownNameError,
)

__all__ = [
    "ATTRACTOR_COLUMNS",
    "COUNT_COLUMNS",
    "Attractor",
    "AttractorList",
    "BasinError",
    "CONTROL_COLUMNS",
    "CancelledError",
    "Comparison",
    "Conditions",
    "Control",
    "InvalidArgumentError",
    "Knockout",
    "Model",
    "ParseError",
    "Phenotypes",
    "RefusedError",
    "SCREEN_COLUMNS",
    "Statement",
    "Table",
    "TestReport",
    "UnknownNameError",
    "load",
    "merge_shards",
    "test",
    "to_frame",
]

__version__ = _basin.library_version()

logger = logging.getLogger("basin")
logger.addHandler(logging.NullHandler())

PathLike = Union[str, "os.PathLike[str]"]
#: Assignments of nodes: ``{"SMAD7": 0}``, ``["SMAD7=0"]`` or ``[("SMAD7", 0)]``.
Assignments = Union[Mapping[str, Union[int, bool]], Sequence[Any]]

#: The columns of ``basin screen --format csv`` and of :meth:`Model.screen`, in order.
SCREEN_COLUMNS: Tuple[str, ...] = (
    "perturbation",
    "condition",
    "update",
    "label",
    "fraction",
    "wild_type_fraction",
    "shift",
    "attractors",
    "wild_type_attractors",
    "hits",
    "samples",
    "wild_type_hits",
    "wild_type_samples",
)

#: The screen columns that hold walk counts of estimated shares (``None`` when exact): nullable
#: integers (``Int64``) in a DataFrame.
COUNT_COLUMNS: Tuple[str, ...] = ("hits", "samples", "wild_type_hits", "wild_type_samples")

#: The columns of ``basin control --format csv`` and of :meth:`Control.to_table`, in order.
CONTROL_COLUMNS: Tuple[str, ...] = (
    "kind",
    "rank",
    "perturbation",
    "order",
    "score",
    "condition",
    "update",
    "share",
    "source",
)

#: The columns of :meth:`AttractorList.to_pandas`.
ATTRACTOR_COLUMNS: Tuple[str, ...] = (
    "condition",
    "update",
    "index",
    "kind",
    "pattern",
    "num_states",
    "label",
    "share",
    "basin_size",
    "weak",
    "strong",
    "probability",
)

_FORMATS = ("bnet", "booleannet", "aeon", "sbml")


# --- small helpers -------------------------------------------------------------------------


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised without pandas
        raise ImportError(
            "to_pandas() needs pandas: pip install pandas (basin works without it; "
            "tables are basin.Table objects then)"
        ) from e
    return pandas


def _have_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def _value(v: Any, name: str, what: str) -> bool:
    if isinstance(v, bool):
        return v
    if v in (0, 1) and not isinstance(v, float):
        return bool(v)
    if isinstance(v, str) and v.strip() in ("0", "1"):
        return v.strip() == "1"
    raise InvalidArgumentError(f"{what}: {name}: value {v!r} is not 0 or 1")


def _assignments(x: Optional[Assignments], what: str) -> List[Tuple[str, bool]]:
    """``{"A": 1}``, ``["A=1"]``, ``[("A", 1)]`` or ``"A=1"`` as ``[("A", True)]``."""
    if x is None:
        return []
    if isinstance(x, str):
        x = [p for p in re.split(r"[,\s]+", x) if p]
    if isinstance(x, Mapping):
        return [(str(k), _value(v, str(k), what)) for k, v in x.items()]
    out = []
    for item in x:
        if isinstance(item, str):
            if "=" not in item:
                raise InvalidArgumentError(f"{what}: {item!r} is not of the form NAME=0 or NAME=1")
            name, value = item.split("=", 1)
            out.append((name.strip(), _value(value, name.strip(), what)))
        else:
            name, value = item
            out.append((str(name), _value(value, str(name), what)))
    return out


_SIZE = re.compile(r"^\s*([0-9.]+)\s*([kKmMgGtT]?)(?:i?[bB])?\s*$")


def _bytes(x: Optional[Union[int, str]]) -> Optional[int]:
    """``8 * 2**30``, ``"8G"`` or ``"512M"`` as a number of bytes."""
    if x is None or isinstance(x, int):
        return x
    m = _SIZE.match(str(x))
    if not m:
        raise InvalidArgumentError(f"max_memory: {x!r} is not a size (try '8G' or '512M')")
    scale = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


def _names(x: Optional[Union[str, Iterable[str]]]) -> Optional[List[str]]:
    if x is None:
        return None
    if isinstance(x, str):
        return [x]
    return [str(n) for n in x]


def _updates(update: Union[str, Sequence[str]]) -> List[str]:
    return [update] if isinstance(update, str) else list(update)


def _explore(engine, method, samples, seed, max_memory, probabilities, timeout, jobs):
    return {
        "engine": engine,
        "method": method,
        "samples": int(samples),
        "seed": int(seed),
        "max_memory": _bytes(max_memory),
        "probabilities": bool(probabilities),
        "timeout": None if timeout is None else float(timeout),
        "jobs": None if jobs is None else int(jobs),
    }


def _phenotypes(p: Union["Phenotypes", PathLike, None]) -> Optional["Phenotypes"]:
    if p is None or isinstance(p, Phenotypes):
        return p
    return Phenotypes.load(p)


def _selection(model: "Model", condition, conditions, inputs, all_conditions):
    """Which conditions to run under, and the file their names come from."""
    source = None
    if conditions is not None:
        source = conditions if isinstance(conditions, Conditions) else Conditions.load(conditions)
    names = _names(condition)
    if names is None and source is not None and not all_conditions and inputs is None:
        names = source.names
    values = None if inputs is None else _assignments(inputs, "inputs")
    if all_conditions not in (False, True, "classes"):
        raise ValueError('all_conditions must be True, False or "classes"')
    selection = {
        "inputs": values,
        "names": names,
        "all": bool(all_conditions),
        "classes": all_conditions == "classes",
    }
    return selection, (source._native if source is not None else None)


# --- phenotypes and conditions -------------------------------------------------------------


class Phenotypes:
    """A phenotype file (TOML): marker groups, label rules, flags and named conditions
    (``docs/phenotype-files.md``)."""

    def __init__(self, native: Any, path: str) -> None:
        self._native = native
        self.path = path

    @classmethod
    def load(cls, path: PathLike, threshold: Optional[float] = None) -> "Phenotypes":
        """Reads a phenotype file; ``threshold`` overrides its activity threshold."""
        path = os.fspath(path)
        return cls(_basin.Phenotypes.read(path, threshold), path)

    @property
    def threshold(self) -> float:
        """The activity threshold θ."""
        return self._native.threshold

    @property
    def default_label(self) -> str:
        """The label of an attractor that no rule matches."""
        return self._native.default_label

    @property
    def labels(self) -> List[str]:
        """The label rules' names, in file order."""
        return self._native.labels

    @property
    def flags(self) -> List[str]:
        """The flags' names (appended to labels: ``M2+FIB``)."""
        return self._native.flags

    @property
    def conditions(self) -> "Conditions":
        """The named conditions of the same file."""
        return Conditions(_basin.ConditionFile.read(self.path), self.path)

    def __repr__(self) -> str:
        return f"Phenotypes({self.path!r}: labels {self.labels}, flags {self.flags})"


class Conditions:
    """Named conditions (``[conditions]`` of a phenotype or condition file): each names the
    inputs it switches on; the inputs it does not name are 0."""

    def __init__(self, native: Any, path: str) -> None:
        self._native = native
        self.path = path

    @classmethod
    def load(cls, path: PathLike) -> "Conditions":
        """Reads the ``[conditions]`` table of a file (none when it has no such table)."""
        path = os.fspath(path)
        return cls(_basin.ConditionFile.read(path), path)

    @property
    def names(self) -> List[str]:
        """The conditions' names, in file order."""
        return self._native.names

    def inputs(self, model: "Model") -> Dict[str, Dict[str, int]]:
        """Each condition's value of every input of ``model``."""
        on = dict(self._native.resolve(model._native))
        return {
            name: {i: int(i in switched) for i in model.inputs} for name, switched in on.items()
        }

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self):
        return iter(self.names)

    def __repr__(self) -> str:
        return f"Conditions({self.path!r}: {', '.join(self.names)})"


# --- results -------------------------------------------------------------------------------


class Table(list):
    """Rows (tuples) with named columns: what a table is without pandas.

    ``table.columns`` names the columns; ``table.records()`` gives dicts; ``table.to_pandas()``
    a DataFrame with the same columns in the same order.
    """

    def __init__(self, columns: Sequence[str], rows: Iterable[Sequence[Any]] = ()) -> None:
        super().__init__(tuple(r) for r in rows)
        self.columns: Tuple[str, ...] = tuple(columns)

    def records(self) -> List[Dict[str, Any]]:
        """The rows as dicts."""
        return [dict(zip(self.columns, r)) for r in self]

    def to_pandas(self):
        """A pandas DataFrame with these columns (needs pandas); walk counts as ``Int64``."""
        frame = _pandas().DataFrame(list(self), columns=list(self.columns))
        for c in COUNT_COLUMNS:
            if c in frame.columns:
                frame[c] = frame[c].astype("Int64")
        return frame

    def __repr__(self) -> str:
        return f"Table({len(self)} rows: {', '.join(self.columns)})"


@dataclass
class Attractor:
    """One attractor, as ``basin attractors --format json`` lists it.

    ``pattern`` has one character per variable (``0``, ``1``, ``*`` where the states differ);
    ``states`` lists every state of fixed points and cycles and up to ``max_states`` of a
    complex attractor (``num_states`` is always the true count); ``basin`` holds the JSON's
    basin fields (synchronous ``size``/``fraction``; asynchronous ``weak``/``strong``/
    ``probability``; sampled ``hits``/``samples``/``ci95``).
    """

    index: int
    kind: str
    pattern: str
    num_states: int
    states: List[str]
    basin: Dict[str, Any]
    inputs: Dict[str, int]
    update: str
    condition: Optional[str] = None
    label: Optional[str] = None
    phenotypes: Optional[List[str]] = None
    flags: Optional[List[str]] = None
    oscillating: Optional[List[str]] = None

    @property
    def share(self) -> Optional[float]:
        """Basin fraction (synchronous) or reach probability (asynchronous); ``None`` when
        not computed."""
        b = self.basin
        return b.get("fraction", b.get("probability"))

    @property
    def is_fixed_point(self) -> bool:
        """Whether the attractor is a single state."""
        return self.kind == "fixed_point"

    def to_dict(self) -> Dict[str, Any]:
        """A flat dict: the columns of :meth:`AttractorList.to_pandas`."""
        b = self.basin
        return {
            "condition": self.condition,
            "update": self.update,
            "index": self.index,
            "kind": self.kind,
            "pattern": self.pattern,
            "num_states": self.num_states,
            "label": self.label,
            "share": self.share,
            "basin_size": b.get("size"),
            "weak": b.get("weak"),
            "strong": b.get("strong"),
            "probability": b.get("probability"),
        }


class AttractorList(list):
    """The attractors of one or more runs (one per condition), in the library's
    deterministic order.

    ``reports`` holds each run's report exactly as ``basin attractors --format json`` writes it
    (variables, fixed values, explored states, engine, phenotype distribution, ...).
    """

    def __init__(self, reports: List[Dict[str, Any]]) -> None:
        self.reports = reports
        items = []
        for r in reports:
            for i, a in enumerate(r["attractors"], start=1):
                items.append(
                    Attractor(
                        index=i,
                        kind=a["kind"],
                        pattern=a["pattern"],
                        num_states=a["num_states"],
                        states=a["states"],
                        basin=a["basin"],
                        inputs=a.get("inputs", {}),
                        update=r["update"],
                        condition=r.get("condition"),
                        label=a.get("label"),
                        phenotypes=a.get("phenotypes"),
                        flags=a.get("flags"),
                        oscillating=a.get("oscillating"),
                    )
                )
        super().__init__(items)

    @property
    def variables(self) -> List[str]:
        """Variable names; patterns and states follow this order."""
        return self.reports[0]["variables"] if self.reports else []

    def distribution(self, condition: Optional[str] = None) -> Dict[str, float]:
        """Label → share (with phenotypes), for ``condition`` (the only run when ``None``)."""
        runs = [r for r in self.reports if condition is None or r.get("condition") == condition]
        if len(runs) != 1:
            raise InvalidArgumentError(
                f"distribution: {len(runs)} runs match condition={condition!r}; name one of "
                f"{[r.get('condition') for r in self.reports]}"
            )
        return {d["label"]: d["share"] for d in runs[0].get("phenotype_distribution") or []}

    def to_table(self) -> Table:
        """One row per attractor (see :meth:`Attractor.to_dict`)."""
        return Table(ATTRACTOR_COLUMNS, [tuple(a.to_dict().values()) for a in self])

    def to_pandas(self):
        """One row per attractor (needs pandas)."""
        return self.to_table().to_pandas()


@dataclass
class Comparison:
    """Wild type against the perturbed network under one condition and update scheme."""

    condition: str
    update: str
    verdict: str
    shift: List[Dict[str, Any]]
    appeared: List[Dict[str, Any]]
    vanished: List[Dict[str, Any]]
    wild_type: AttractorList
    perturbed: AttractorList


class Knockout:
    """A perturbation against the wild type, per condition and update scheme.

    ``report`` is the document ``basin knockout --format json`` writes; ``comparisons`` the
    same as objects; ``to_table()``/``to_pandas()`` the rows of ``basin knockout --format
    csv`` (one per condition × update × label).
    """

    def __init__(self, report: Dict[str, Any]) -> None:
        self.report = report
        self.perturbation: str = report["perturbation"]
        self.comparisons = [
            Comparison(
                condition=c["condition"],
                update=c["update"],
                verdict=c["verdict"],
                shift=c["shift"],
                appeared=c["appeared"],
                vanished=c["vanished"],
                wild_type=AttractorList([c["wild_type"]]),
                perturbed=AttractorList([c["perturbed"]]),
            )
            for c in report["comparisons"]
        ]

    @property
    def verdicts(self) -> Dict[Tuple[str, str], str]:
        """(condition, update) → the one-line verdict."""
        return {(c.condition, c.update): c.verdict for c in self.comparisons}

    def to_table(self) -> Table:
        """The shift per label, in the columns of :data:`SCREEN_COLUMNS`."""
        rows = [
            (
                self.perturbation,
                c.condition,
                c.update,
                s["label"],
                s["perturbed"],
                s["wild_type"],
                s["shift"],
                s["attractors"],
                s["wild_type_attractors"],
                s.get("hits"),
                s.get("samples"),
                s.get("wild_type_hits"),
                s.get("wild_type_samples"),
            )
            for c in self.comparisons
            for s in c.shift
        ]
        return Table(SCREEN_COLUMNS, rows)

    def to_pandas(self):
        """The shift per label as a DataFrame (needs pandas)."""
        return self.to_table().to_pandas()

    def __repr__(self) -> str:
        lines = [f"Knockout {self.perturbation}"]
        lines += [f"  {c.condition} {c.update}: {c.verdict}" for c in self.comparisons]
        return "\n".join(lines)


@dataclass
class Statement:
    """The outcome of one statement of an expectations file."""

    name: str
    passed: bool
    cases: int
    seconds: float
    num_counterexamples: int
    counterexamples: List[Dict[str, str]] = field(default_factory=list)
    #: what the statement is evidence of (``constraint``, ``prediction``, ``regression`` or
    #: ``unspecified``), as in ``basin test --format json``
    kind: str = ""


class TestReport:
    """The outcome of :func:`test`: one :class:`Statement` per statement, in file order.

    ``report`` is the document ``basin test --format json`` writes. ``bool(report)`` is true
    when every statement holds.
    """

    __test__ = False  # not a pytest test class

    def __init__(self, report: Dict[str, Any]) -> None:
        self.report = report
        self.statements = [Statement(**s) for s in report["statements"]]
        self.passed: int = report["passed"]
        self.failed: int = report["failed"]

    @property
    def ok(self) -> bool:
        """Whether every statement holds."""
        return self.failed == 0

    def __bool__(self) -> bool:
        return self.ok

    def failures(self) -> List[Statement]:
        """The statements that do not hold."""
        return [s for s in self.statements if not s.passed]

    def to_table(self) -> Table:
        """One row per statement."""
        cols = ("name", "passed", "cases", "seconds", "num_counterexamples")
        return Table(cols, [tuple(getattr(s, c) for c in cols) for s in self.statements])

    def to_pandas(self):
        """One row per statement (needs pandas)."""
        return self.to_table().to_pandas()

    def __repr__(self) -> str:
        return f"TestReport({self.passed} passed, {self.failed} failed)"


def _table_rows(table: Any) -> List[Tuple[Any, ...]]:
    if hasattr(table, "itertuples"):
        return list(table.itertuples(index=False, name=None))
    return [tuple(r) for r in table]


def merge_shards(parts: Union[Mapping[Tuple[int, int], Any], Iterable[Tuple[Tuple[int, int], Any]]]):
    """The table of a whole screen from the tables of its shards.

    ``parts`` maps each shard ``(i, n)`` to its table (what ``Model.screen(..., shard=(i, n))``
    returned: a DataFrame or a :class:`Table`), as a dict or as ``((i, n), table)`` pairs in
    any order. The result equals ``Model.screen(...)`` run whole (same rows, same order).
    Raises :class:`InvalidArgumentError` when a shard is missing or given twice, when the parts
    are not split alike, when a perturbation set is in two parts, or when a part does not hold
    its round-robin share of the sets. The tables carry no header, so parts of another screen
    with the right counts are not detected here (``basin merge`` checks digests).
    """
    items = list(parts.items()) if isinstance(parts, Mapping) else list(parts)
    if not items:
        raise InvalidArgumentError("merge_shards: no parts to merge")
    n = int(items[0][0][1])
    slots: List[Optional[List[List[Tuple[Any, ...]]]]] = [None] * max(n, 0)
    for (i, count), table in items:
        i, count = int(i), int(count)
        if count != n or not 1 <= i <= n:
            raise InvalidArgumentError(
                f"merge_shards: shard {i}/{count} is not one of {n} shards (1 <= i <= n)"
            )
        if slots[i - 1] is not None:
            raise InvalidArgumentError(f"merge_shards: shard {i}/{n} is given twice")
        sets: List[List[Tuple[Any, ...]]] = []
        for row in _table_rows(table):
            if sets and sets[-1][0][0] == row[0]:
                sets[-1].append(row)
            else:
                sets.append([row])
        slots[i - 1] = sets
    missing = [f"{i + 1}/{n}" for i, s in enumerate(slots) if s is None]
    if missing:
        raise InvalidArgumentError(
            f"merge_shards: shard {', '.join(missing)} missing; run Model.screen(..., "
            f"shard=(i, n)) for each"
        )
    groups = [s for s in slots if s is not None]
    owner: Dict[Any, int] = {}
    for i, g in enumerate(groups):
        for rows_of_set in g:
            name = rows_of_set[0][0]
            if owner.setdefault(name, i) != i:
                raise InvalidArgumentError(
                    f"merge_shards: perturbation {name!r} is in shards {owner[name] + 1}/{n} and "
                    f"{i + 1}/{n}; were they run with the same arguments?"
                )
    total = sum(len(g) for g in groups)
    for i, g in enumerate(groups):
        if len(g) != total // n + (1 if total % n > i else 0):
            raise InvalidArgumentError(
                f"merge_shards: shard {i + 1}/{n} holds {len(g)} perturbation sets, which is "
                f"not its round-robin share of {total}; was it run with the same arguments?"
            )
    rows: List[Tuple[Any, ...]] = []
    for k in range(total):
        rows.extend(groups[k % n][k // n])
    table = Table(SCREEN_COLUMNS, rows)
    return table.to_pandas() if _have_pandas() else table


def to_frame(result: Any):
    """A pandas DataFrame of any result: attractors, a knockout, a test report or a table."""
    if hasattr(result, "to_pandas"):
        return result.to_pandas()
    raise InvalidArgumentError(f"to_frame: cannot make a table of {type(result).__name__}")


class Control:
    """The answer of a control search (:meth:`Model.control`): the inclusion-minimal sets of
    knockouts and overexpressions that make the target the outcome.

    ``report`` is the document ``basin control --format json`` writes (its ``seconds`` the
    time of this search); ``solutions``, ``best``, ``wild_type`` and ``stats`` are its parts.
    ``to_table()``/``to_pandas()`` give the rows of ``basin control --format csv`` (columns
    :data:`CONTROL_COLUMNS`): one per set × condition × update, ``kind`` ``wild_type``,
    ``solution`` or, when no set reaches the target, ``best`` (the best sets per order).
    """

    def __init__(self, report: Dict[str, Any]) -> None:
        self.report = report
        self.target: str = report["target"]
        self.wild_type: Dict[str, Any] = report["wild_type"]
        #: The inclusion-minimal solutions, by order then score (``[wild type]`` when the wild
        #: type already reaches the target).
        self.solutions: List[Dict[str, Any]] = report["solutions"]
        #: Per order from 1, the best sets evaluated.
        self.best: List[List[Dict[str, Any]]] = report["best"]
        self.stats: Dict[str, Any] = report["stats"]

    @property
    def perturbations(self) -> List[str]:
        """The solutions' names (``"A=0,B=1"``), in their order."""
        return [s["perturbation"] for s in self.solutions]

    def to_dict(self) -> Dict[str, Any]:
        """The document ``basin control --format json`` writes."""
        return self.report

    def to_table(self) -> Table:
        """The rows of ``basin control --format csv``, in the columns of
        :data:`CONTROL_COLUMNS`."""

        def rows(kind: str, rank: int, s: Dict[str, Any]):
            return [
                (
                    kind,
                    rank,
                    s["perturbation"],
                    s["order"],
                    s["score"],
                    u["condition"],
                    u["update"],
                    u["share"],
                    u["source"],
                )
                for u in s["shares"]
            ]

        out = rows("wild_type", 0, self.wild_type)
        for i, s in enumerate(self.solutions):
            if s["order"] > 0:
                out += rows("solution", i + 1, s)
        if not self.solutions:
            for best in self.best:
                for i, s in enumerate(best):
                    out += rows("best", i + 1, s)
        return Table(CONTROL_COLUMNS, out)

    def to_pandas(self):
        """:meth:`to_table` as a DataFrame (needs pandas)."""
        return self.to_table().to_pandas()

    def __repr__(self) -> str:
        if not self.solutions:
            return f"Control {self.target}: no solution up to order {self.report['completed_order']}"
        names = ", ".join(self.perturbations)
        return f"Control {self.target}: {len(self.solutions)} minimal solution(s): {names}"


# --- the model -----------------------------------------------------------------------------


class Model:
    """A Boolean network read by :func:`load`: variables in file order, each with its update
    function."""

    def __init__(self, native: Any, source: str) -> None:
        self._native = native
        #: Where the model came from: its path, or ``"<text>"``.
        self.source = source

    @property
    def variables(self) -> List[str]:
        """Variable names in file order (patterns and states follow it)."""
        return self._native.variables

    @property
    def inputs(self) -> List[str]:
        """The inputs (rule ``X, X``), in file order: what conditions set."""
        return self._native.inputs

    @property
    def format(self) -> str:
        """The format the model was read from."""
        return self._native.format

    @property
    def warnings(self) -> List[str]:
        """What the reader noticed without stopping (also logged to the ``basin`` logger)."""
        return self._native.warnings

    def check(self) -> Dict[str, Any]:
        """The lint summary as a dict: the document ``basin check --format json`` writes
        (inputs, constants, outputs, in-degree, regulation signs, self-loops, warnings)."""
        return json.loads(self._native.check(self.source))

    def to_text(self, format: str = "bnet") -> str:
        """The model written as ``bnet``, ``booleannet``, ``aeon`` or ``sbml``."""
        return self._native.write(format)

    def to_bnet(self) -> str:
        """The model as bnet text (the CoLoMoTo exchange convention)."""
        return self.to_text("bnet")

    def attractors(
        self,
        update: str = "async",
        condition: Union[str, Sequence[str], None] = None,
        inputs: Optional[Assignments] = None,
        perturb: Optional[Assignments] = None,
        phenotypes: Union[Phenotypes, PathLike, None] = None,
        engine: str = "auto",
        method: str = "exhaustive",
        samples: int = 100_000,
        seed: int = 1,
        *,
        conditions: Union[Conditions, PathLike, None] = None,
        all_conditions: Union[bool, str] = False,
        max_states: int = 64,
        max_memory: Union[int, str, None] = None,
        probabilities: bool = True,
        timeout: Optional[float] = None,
        jobs: Optional[int] = None,
    ) -> AttractorList:
        """Every attractor with its basin, under ``update`` (``"async"`` or ``"sync"``).

        Args:
            condition: a named condition (or several) of ``conditions`` or of the phenotype
                file. Without ``condition``, ``inputs`` and ``all_conditions`` every input
                stays free.
            inputs: input values, ``{"LPS": 1}``; as in a named condition, inputs not named
                are 0.
            perturb: knockouts and overexpressions, ``{"SMAD7": 0}``.
            phenotypes: a :class:`Phenotypes` (or its path): label every attractor.
            engine: ``"auto"``, ``"explicit"``, ``"symbolic"`` or ``"sample"``.
            method: ``"exhaustive"`` or ``"sample"`` (the same as ``engine="sample"``).
            samples, seed: of the sampling engine.
            conditions: a :class:`Conditions` (or path) naming conditions; alone, every one.
            all_conditions: every combination of the inputs; ``"classes"``: one
                condition per input class (combinations that give every other node the same
                rule, so the same results), the first of each.
            max_states: states listed per complex attractor (the count is always exact).
            max_memory: bytes one exploration may use (``"8G"``).
            probabilities: asynchronous, exact: compute reach probabilities.
            timeout: seconds before :class:`CancelledError`.
            jobs: worker threads (default one per core); results never depend on it.

        Raises:
            RefusedError: the space is too large for the method; its ``remedies`` say how to
                proceed (``inputs=...``, ``method="sample"``).
        """
        labels = _phenotypes(phenotypes)
        selection, source = _selection(self, condition, conditions, inputs, all_conditions)
        text = self._native.attractors(
            self.source,
            update,
            selection,
            source,
            _assignments(perturb, "perturb"),
            labels._native if labels else None,
            _explore(engine, method, samples, seed, max_memory, probabilities, timeout, jobs),
            int(max_states),
        )
        result = AttractorList(json.loads(text))
        for r in result.reports:
            logger.debug(
                "%s%s, %s update: %d attractor(s) over %s explored states (engine %s, core %d)",
                self.source,
                f" under {r['condition']}" if r.get("condition") else "",
                r["update"],
                len(r["attractors"]),
                r["explored_states"],
                r["engine"],
                r["core_size"],
            )
        return result

    def count_attractors(
        self,
        update: str = "async",
        condition: Union[str, Sequence[str], None] = None,
        inputs: Optional[Assignments] = None,
        perturb: Optional[Assignments] = None,
        *,
        conditions: Union[Conditions, PathLike, None] = None,
        all_conditions: Union[bool, str] = False,
        max_memory: Union[int, str, None] = None,
        timeout: Optional[float] = None,
        jobs: Optional[int] = None,
    ) -> List[Dict[str, Any]]:
        """The attractors counted exactly, not listed: ``basin attractors --count-only``.

        Always symbolic, no basins: for models whose attractors are too many to list
        (``attractors`` then raises :class:`RefusedError` naming this way out). One dict per
        run (condition), each with ``attractors`` and ``fixed_points`` (ints of any size) and
        ``complex_attractors`` (asynchronous) or ``cycles`` (synchronous): the other
        attractors' state counts, ascending. Arguments as in :meth:`attractors`.
        """
        selection, source = _selection(self, condition, conditions, inputs, all_conditions)
        text = self._native.count_attractors(
            self.source,
            update,
            selection,
            source,
            _assignments(perturb, "perturb"),
            _explore("symbolic", "exhaustive", 1, 1, max_memory, False, timeout, jobs),
        )
        return json.loads(text)

    def knockout(
        self,
        perturb: Assignments,
        phenotypes: Union[Phenotypes, PathLike],
        conditions: Union[Conditions, PathLike, str, Sequence[str], None] = None,
        update: Union[str, Sequence[str]] = "async",
        *,
        condition: Union[str, Sequence[str], None] = None,
        inputs: Optional[Assignments] = None,
        all_conditions: Union[bool, str] = False,
        engine: str = "auto",
        method: str = "exhaustive",
        samples: int = 100_000,
        seed: int = 1,
        max_states: int = 64,
        max_memory: Union[int, str, None] = None,
        timeout: Optional[float] = None,
        jobs: Optional[int] = None,
    ) -> Knockout:
        """A perturbation (``{"SMAD3": 0}``) against the wild type under each condition and
        update scheme (``"async"``, ``"sync"`` or ``"both"``): attractors, labels, the shift
        of each label's share, attractors that appeared or vanished, a verdict.

        ``conditions`` is a :class:`Conditions` (or its path) or condition names; by default
        every named condition of the phenotype file (all inputs 0 when it names none).
        """
        if isinstance(conditions, str) and not os.path.exists(conditions):
            condition, conditions = conditions, None
        elif isinstance(conditions, (list, tuple)):
            condition, conditions = list(conditions), None
        labels = _phenotypes(phenotypes)
        selection, source = _selection(self, condition, conditions, inputs, all_conditions)
        text = self._native.knockout(
            self.source,
            _assignments(perturb, "perturb"),
            labels._native,
            selection,
            source,
            _updates(update),
            _explore(engine, method, samples, seed, max_memory, True, timeout, jobs),
            int(max_states),
        )
        return Knockout(json.loads(text))

    def screen(
        self,
        phenotypes: Union[Phenotypes, PathLike],
        order: int = 1,
        nodes: Optional[Sequence[str]] = None,
        values: Sequence[int] = (0, 1),
        update: Union[str, Sequence[str]] = "async",
        jobs: Optional[int] = None,
        *,
        condition: Union[str, Sequence[str], None] = None,
        conditions: Union[Conditions, PathLike, None] = None,
        inputs: Optional[Assignments] = None,
        all_conditions: Union[bool, str] = False,
        engine: str = "auto",
        method: str = "exhaustive",
        samples: int = 100_000,
        seed: int = 1,
        max_memory: Union[int, str, None] = None,
        timeout: Optional[float] = None,
        plot: Optional[PathLike] = None,
        rank_by: Union[str, Sequence[str], None] = None,
        shard: Optional[Tuple[int, int]] = None,
    ):
        """Every perturbation of ``nodes`` (default: every non-input node) at ``values``
        (0 knockout, 1 overexpression), single (``order=1``), double or triple, under each
        condition and update scheme.

        Returns the tidy table of ``basin screen --format csv`` (the columns of
        :data:`SCREEN_COLUMNS`, in its order): a pandas DataFrame when pandas is installed,
        else a :class:`Table`. ``plot="shift.svg"`` also draws the shift heatmap of the
        ``rank_by`` labels (default: every label rule and flag of the file).

        ``shard=(i, n)`` runs only the i-th of n parts (1 <= i <= n) of the perturbation sets,
        round robin over the screen's list, as ``basin screen --shard i/n`` does;
        :func:`merge_shards` (or ``basin.dask.screen``, which runs them on a Dask cluster)
        joins the n parts into the table of the whole screen.
        """
        labels = _phenotypes(phenotypes)
        selection, source = _selection(self, condition, conditions, inputs, all_conditions)
        drawing = None
        if plot is not None:
            queries = _names(rank_by) or (labels.labels + labels.flags)
            title = os.path.splitext(os.path.basename(self.source))[0] + " · screen"
            drawing = (os.fspath(plot), queries, title)
        vals = [_value(v, "values", "values") for v in values]
        logger.info(
            "screen of %s: order %d over %s, values %s, update %s",
            self.source,
            order,
            "every non-input node" if nodes is None else ",".join(nodes),
            ",".join(str(int(v)) for v in vals),
            "+".join(_updates(update)),
        )
        rows = self._native.screen(
            labels._native,
            int(order),
            None if nodes is None else list(nodes),
            vals,
            selection,
            source,
            _updates(update),
            _explore(engine, method, samples, seed, max_memory, True, timeout, jobs),
            drawing,
            None if shard is None else (int(shard[0]), int(shard[1])),
        )
        table = Table(SCREEN_COLUMNS, (share + counts for share, counts in rows))
        return table.to_pandas() if _have_pandas() else table

    def control(
        self,
        phenotypes: Union[Phenotypes, PathLike],
        target: str,
        conditions: Union[Conditions, PathLike, str, Sequence[str], None] = None,
        min_share: float = 1.0,
        aggregate: str = "every",
        max_order: int = 2,
        nodes: Optional[Sequence[str]] = None,
        values: Sequence[int] = (0, 1),
        update: Union[str, Sequence[str]] = "async",
        engine: str = "auto",
        jobs: Optional[int] = None,
        prune: bool = True,
        *,
        condition: Union[str, Sequence[str], None] = None,
        inputs: Optional[Assignments] = None,
        all_conditions: Union[bool, str] = False,
        method: str = "exhaustive",
        samples: int = 100_000,
        seed: int = 1,
        max_memory: Union[int, str, None] = None,
        timeout: Optional[float] = None,
        best: int = 5,
    ) -> Control:
        """The smallest sets of knockouts (0) and overexpressions (1) of ``nodes`` (default:
        every non-input node), at most ``max_order`` at once, that make the labels of
        ``target`` the outcome, as ``basin control`` finds them (same options, same defaults,
        same answer: :attr:`Control.report` equals its JSON but for ``seconds``).

        Args:
            phenotypes: a :class:`Phenotypes` (or its path): the labels ``target`` names.
            target: a label query as in ``--rank-by``: ``"M2"`` (exactly M2), ``"M2+any"``,
                ``"part:FIB"``, ``"*"`` wildcards, comma-separated alternatives.
            conditions: a :class:`Conditions` (or its path) or condition names; by default
                every named condition of the phenotype file (all inputs 0 when it names none).
            min_share: the share (basin fraction or reach probability) the target must reach,
                0 < min_share <= 1.
            aggregate: ``"every"``: in every condition and update scheme; ``"mean"``: on
                average over them.
            max_order: the largest number of perturbed nodes in a set.
            values: ``(0,)`` knockouts, ``(1,)`` overexpressions, or both.
            update: ``"async"``, ``"sync"`` or ``"both"``.
            engine, method, samples, seed, max_memory: as in :meth:`attractors`.
            jobs: worker threads (default one per core); results never depend on it.
            prune: ``False`` explores every set that is not a superset of a solution (no
                percolation, no reuse of lower orders, no attractors-first pass), as
                ``--no-prune``: the answer is the same, the counts in ``stats`` differ.
            best: how many best sets per order to keep.
            timeout: seconds before :class:`CancelledError`.

        Raises:
            RefusedError: too many sets (``nodes=``, ``max_order=``) or too large a space.
            CancelledError: ``timeout`` passed (Ctrl-C raises :class:`KeyboardInterrupt`).
        """
        if isinstance(conditions, str) and not os.path.exists(conditions):
            condition, conditions = conditions, None
        elif isinstance(conditions, (list, tuple)):
            condition, conditions = list(conditions), None
        labels = _phenotypes(phenotypes)
        selection, source = _selection(self, condition, conditions, inputs, all_conditions)
        vals = [_value(v, "values", "values") for v in values]
        logger.info(
            "control of %s: target %s, order <= %d over %s, values %s, update %s",
            self.source,
            target,
            max_order,
            "every non-input node" if nodes is None else ",".join(nodes),
            ",".join(str(int(v)) for v in vals),
            "+".join(_updates(update)),
        )
        text = self._native.control(
            self.source,
            labels._native,
            str(target),
            selection,
            source,
            float(min_share),
            str(aggregate),
            int(max_order),
            _names(nodes),
            vals,
            _updates(update),
            _explore(engine, method, samples, seed, max_memory, True, timeout, jobs),
            int(best),
            bool(prune),
        )
        return Control(json.loads(text))

    def __repr__(self) -> str:
        return (
            f"Model({self.source!r}: {len(self.variables)} variables, "
            f"{len(self.inputs)} inputs)"
        )


def _rules_to_bnet(rules: Mapping[Any, Any]) -> str:
    lines = ["targets, factors"]
    for name, rule in rules.items():
        if isinstance(rule, bool) or rule in (0, 1):
            rule = "1" if rule else "0"
        # boolean.py expressions (colomoto.minibn) write negation as '~'.
        lines.append(f"{name}, {str(rule).replace('~', '!')}")
    return "\n".join(lines) + "\n"


def load(
    source: Union[PathLike, str, Mapping[str, Any], Any],
    format: Optional[str] = None,
    free_inputs: bool = False,
) -> Model:
    """Reads a model: a path (format from the extension unless ``format`` is given), model
    text (``format`` defaults to ``"bnet"``), an object with ``to_bnet()``, or a mapping of
    rules (``{"A": "!B", "B": "A"}``, as a ``colomoto.minibn.BooleanNetwork`` is).

    Args:
        format: ``"bnet"``, ``"booleannet"``, ``"aeon"`` or ``"sbml"``.
        free_inputs: names used but never given a rule become inputs (``X, X``).

    Raises:
        ParseError: the text is malformed (``line``, ``column``, ``text``, ``hint``).
        FileNotFoundError: the path does not exist.
    """
    if isinstance(source, Model):
        return source
    if format is not None and format not in _FORMATS:
        raise InvalidArgumentError(
            f"format: value {format!r} is not one of {', '.join(_FORMATS)}"
        )
    if hasattr(source, "to_bnet") and callable(source.to_bnet):
        native, name = _basin.Network.parse(source.to_bnet(), "bnet", free_inputs), "<object>"
    elif isinstance(source, Mapping):
        text = _rules_to_bnet(source)
        native, name = _basin.Network.parse(text, format or "bnet", free_inputs), "<rules>"
    elif isinstance(source, str) and ("\n" in source or "," in source or ":" in source) and not os.path.exists(source):
        native, name = _basin.Network.parse(source, format or "bnet", free_inputs), "<text>"
    else:
        path = os.fspath(source)
        native, name = _basin.Network.read(path, format, free_inputs), path
    for w in native.warnings:
        logger.warning("%s: %s", name, w)
    return Model(native, name)


def test(
    expectations: PathLike,
    model: Optional[PathLike] = None,
    phenotypes: Optional[PathLike] = None,
    *,
    format: Optional[str] = None,
    free_inputs: bool = False,
    filter: Optional[str] = None,
    max_memory: Union[int, str, None] = None,
    jobs: Optional[int] = None,
) -> TestReport:
    """Checks a model against an expectations file (``docs/expectations.md``), as ``basin
    test`` does: one :class:`Statement` per statement with pass/fail and counterexamples.
    ``model`` and ``phenotypes`` override the file's."""
    text = _basin.test(
        os.fspath(expectations),
        None if model is None else os.fspath(model),
        None if phenotypes is None else os.fspath(phenotypes),
        format,
        free_inputs,
        filter,
        _bytes(max_memory),
        jobs,
    )
    report = TestReport(json.loads(text))
    logger.info("%s: %d passed, %d failed", os.fspath(expectations), report.passed, report.failed)
    return report


test.__test__ = False  # not a pytest test function

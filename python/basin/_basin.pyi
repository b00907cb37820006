"""Type stubs of the native module basin._basin (the Rust half of the package).

Use the pure-Python API of ``basin`` (``basin.load``, ``Model``, ``Phenotypes``); these
functions take its normalised arguments and return JSON text or plain tuples.
"""

from typing import Any, Dict, List, Optional, Tuple

# The screen columns' first nine values and the walk counts (None for exact shares).
Row = Tuple[
    Tuple[str, str, str, str, float, float, float, int, int],
    Tuple[Optional[int], Optional[int], Optional[int], Optional[int]],
]

class Network:
    @staticmethod
    def read(path: str, format: Optional[str] = None, free_inputs: bool = False) -> Network: ...
    @staticmethod
    def parse(text: str, format: str = "bnet", free_inputs: bool = False) -> Network: ...
    @property
    def variables(self) -> List[str]: ...
    @property
    def inputs(self) -> List[str]: ...
    @property
    def format(self) -> str: ...
    @property
    def warnings(self) -> List[str]: ...
    def write(self, format: str) -> str: ...
    def check(self, source: str) -> str: ...
    def attractors(
        self,
        source: str,
        update: str,
        selection: Dict[str, Any],
        conditions: Optional[ConditionFile],
        perturb: List[Tuple[str, bool]],
        phenotypes: Optional[Phenotypes],
        explore_with: Dict[str, Any],
        max_states: int,
    ) -> str: ...
    def count_attractors(
        self,
        source: str,
        update: str,
        selection: Dict[str, Any],
        conditions: Optional[ConditionFile],
        perturb: List[Tuple[str, bool]],
        explore_with: Dict[str, Any],
    ) -> str: ...
    def knockout(
        self,
        source: str,
        perturb: List[Tuple[str, bool]],
        phenotypes: Phenotypes,
        selection: Dict[str, Any],
        conditions: Optional[ConditionFile],
        updates: List[str],
        explore_with: Dict[str, Any],
        max_states: int,
    ) -> str: ...
    def screen(
        self,
        phenotypes: Phenotypes,
        order: int,
        nodes: Optional[List[str]],
        values: List[bool],
        selection: Dict[str, Any],
        conditions: Optional[ConditionFile],
        updates: List[str],
        explore_with: Dict[str, Any],
        plot: Optional[Tuple[str, List[str], str]],
        shard: Optional[Tuple[int, int]],
    ) -> List[Row]: ...
    def control(
        self,
        source: str,
        phenotypes: Phenotypes,
        target: str,
        selection: Dict[str, Any],
        conditions: Optional[ConditionFile],
        min_share: float,
        aggregate: str,
        max_order: int,
        nodes: Optional[List[str]],
        values: List[bool],
        updates: List[str],
        explore_with: Dict[str, Any],
        best: int,
        prune: bool,
    ) -> str: ...

class Phenotypes:
    @staticmethod
    def read(path: str, threshold: Optional[float] = None) -> Phenotypes: ...
    @property
    def threshold(self) -> float: ...
    @property
    def default_label(self) -> str: ...
    @property
    def labels(self) -> List[str]: ...
    @property
    def flags(self) -> List[str]: ...
    @property
    def condition_names(self) -> List[str]: ...
    def bind(self, model: Network) -> None: ...

class ConditionFile:
    @staticmethod
    def read(path: str) -> ConditionFile: ...
    @property
    def names(self) -> List[str]: ...
    def resolve(self, model: Network) -> List[Tuple[str, List[str]]]: ...

def test(
    path: str,
    model: Optional[str] = None,
    phenotypes: Optional[str] = None,
    format: Optional[str] = None,
    free_inputs: bool = False,
    filter: Optional[str] = None,
    max_memory: Optional[int] = None,
    jobs: Optional[int] = None,
) -> str: ...
def library_version() -> str: ...

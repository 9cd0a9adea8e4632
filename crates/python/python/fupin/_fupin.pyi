"""Type stubs of the extension module (the Rust engine). The public API is ``fupin``; these
are its building blocks."""

from typing import Any, Sequence

__version__: str
SHIPPED_PROFILES: list[str]
UNIT_COLUMNS: list[str]
CHECK_COLUMNS: list[str]

class FupinError(Exception): ...

class InputError(FupinError):
    source: str | None
    row: int | None
    column: str | None

class ConfigError(FupinError):
    key: str | None

class Table:
    """pyo3-arrow's Arrow table (exports ``__arrow_c_stream__``)."""

    num_rows: int
    column_names: list[str]
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...

class Profile:
    name: str
    year: int
    standard: str
    path: str
    def _rules_json(self) -> str: ...
    def _parameters_json(self) -> str: ...
    def __reduce__(self) -> tuple[Any, tuple[str, int | None]]: ...

class Assessment:
    def _units(self, level: str) -> Table: ...
    def _checks(self, level: str | None = None) -> Table: ...
    def _explain(self, level: str, unit_id: str) -> list[dict[str, str]]: ...
    def _json(self) -> str: ...
    def _summary_json(self) -> str: ...
    def _provenance_json(self) -> str: ...
    def _profile_json(self) -> str: ...
    def _csv(self) -> str: ...
    def _rejected_csv(self) -> str: ...

def load_profile(
    name_or_path: Any, *, year: int | None = None, overrides: dict[str, Any] | None = None
) -> Profile: ...
def assess(
    profile: Profile,
    *,
    households: Any = None,
    counties: Any = None,
    villages: Any = None,
    year: int | None = None,
    on_bad_row: str = "error",
    household_detail: bool = True,
) -> Assessment: ...
def tabulate(
    profiles: Sequence[Profile],
    *,
    households: Any = None,
    counties: Any = None,
    villages: Any = None,
    year: int | None = None,
    on_bad_row: str = "error",
) -> tuple[str, str]: ...
def compare(
    profiles: Sequence[Profile],
    *,
    households: Any = None,
    counties: Any = None,
    villages: Any = None,
    year: int | None = None,
    only_changed: bool = False,
    on_bad_row: str = "error",
) -> tuple[str, str]: ...
def measures(
    profile: Profile,
    *,
    households: Any = None,
    counties: Any = None,
    villages: Any = None,
    year: int | None = None,
    standards: Sequence[str] | None = None,
    by: str = "county",
    prices: int | str | None = None,
    on_bad_row: str = "error",
) -> tuple[str, str]: ...
def lines(
    standard: str | Sequence[str] | None = None,
    prices: int | str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
) -> tuple[str, str]: ...
def history(standard: Sequence[str] | None = None) -> tuple[str, str]: ...
def history_check() -> str: ...
def report(
    profiles: Sequence[Profile],
    *,
    households: Any = None,
    counties: Any = None,
    villages: Any = None,
    year: int | None = None,
    on_bad_row: str = "error",
) -> str: ...
def rules() -> str: ...
def rule_doc(rule_id: str) -> str: ...

# fupin.spark's native half (crates/python/src/split.rs): partial rows of a part of the
# households, and results finished from their sums.
PARTIAL_COLUMNS: list[str]
def _profile_from_json(json: str, year: int | None = None) -> Profile: ...
def _sweep_points(start: str, stop: str, step: str) -> list[str]: ...
def _household_columns(
    profiles: Sequence[Profile],
    *,
    households: Any,
    counties: Any,
    villages: Any = None,
    year: int | None = None,
    check_ids: bool = False,
) -> list[str]: ...
def _partial(
    profiles: Sequence[Profile],
    *,
    households: Any,
    counties: Any,
    villages: Any = None,
    year: int | None = None,
    check_ids: bool = False,
) -> Table: ...
def _partial_sweep(
    profile: Profile,
    param: str,
    values: Sequence[str],
    *,
    households: Any,
    counties: Any,
    villages: Any = None,
    year: int | None = None,
) -> Table: ...
def _finish_tabulate(
    profiles: Sequence[Profile],
    partial_rows: Any,
    *,
    households: Any,
    counties: Any,
    villages: Any = None,
    year: int | None = None,
) -> tuple[str, str]: ...
def _finish_assess(
    profile: Profile,
    partial_rows: Any,
    *,
    households: Any,
    counties: Any,
    villages: Any = None,
    year: int | None = None,
) -> Assessment: ...
def _finish_sweep(
    profile: Profile,
    param: str,
    values: Sequence[str],
    partial_rows: Any,
    *,
    households: Any,
    counties: Any,
    villages: Any = None,
    year: int | None = None,
) -> tuple[str, str]: ...
def _partition_decisions(
    profile: Profile,
    *,
    households: Any,
    counties: Any,
    villages: Any = None,
    year: int | None = None,
) -> tuple[Table, Table]: ...

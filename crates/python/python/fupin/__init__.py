"""fupin: China's national rural poverty standards as a rules engine, for Python.

The engine is fupin's Rust library (the extension module ``fupin._fupin``); tables are read
through the Arrow PyCapsule interface, so a pandas or polars DataFrame, a pyarrow Table or
RecordBatchReader and a DuckDB result are passed without copying their data, and the engine
runs with the GIL released. Every result is the command line's on the same data: the same
decisions, the same JSON document (``to_dict``), the same CSV report (``to_csv``).

See ``docs/python.md`` in the repository for a worked example.
"""

from __future__ import annotations

import html
import io
import json
import os
import warnings
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Sequence, Union

from . import _fupin
from ._fupin import CHECK_COLUMNS, SHIPPED_PROFILES, UNIT_COLUMNS, ConfigError, FupinError, InputError

__version__: str = _fupin.__version__


class FupinWarning(UserWarning):
    """Something a user of a result should know: an unconfirmed parameter value used, units
    not assessed (the CLI prints these on standard error)."""


__all__ = [
    "__version__",
    "load_profile",
    "assess",
    "tabulate",
    "compare",
    "measures",
    "lines",
    "history",
    "history_check",
    "report",
    "Page",
    "rules",
    "rule_doc",
    "Profile",
    "Assessment",
    "Table",
    "Report",
    "Comparison",
    "FupinError",
    "InputError",
    "ConfigError",
    "FupinWarning",
    "SHIPPED_PROFILES",
    "UNIT_COLUMNS",
    "CHECK_COLUMNS",
]

#: A table argument: a path (CSV or Parquet, as on the command line) or an object that
#: exports ``__arrow_c_stream__`` (pandas >= 2.2 and polars DataFrames, pyarrow Tables and
#: RecordBatchReaders, DuckDB results; a polars LazyFrame is collected).
TableLike = Union[str, "os.PathLike[str]", Any]

# Columns of the CLI's CSV reports that are identifiers or text, never numbers: kept as
# text when a report is read into a frame (a county code such as 130121 stays a string).
_TEXT_COLUMNS = frozenset(
    {
        "profile", "standard", "county", "code", "name", "province", "region", "id",
        "village", "household_id", "level", "test", "outcome", "rule", "role", "op",
        "parameter", "effective", "basis", "source", "error", "exit", "key", "group",
        "concept", "status", "failed_rules", "decided_by", "measured", "threshold",
    }
)


def _arrow_input(name: str, value: Any) -> Any:
    """A table argument as the extension module takes it (a path or an Arrow stream)."""
    if value is None or isinstance(value, (str, os.PathLike)):
        return value
    if hasattr(value, "__arrow_c_stream__"):
        return value
    # polars LazyFrame: the query is run here, once.
    if type(value).__name__ == "LazyFrame" and hasattr(value, "collect"):
        return value.collect()
    # DuckDB relations before the PyCapsule interface.
    if hasattr(value, "fetch_record_batch"):
        return value.fetch_record_batch()
    # pandas before 2.2: through pyarrow.
    if type(value).__name__ == "DataFrame" and hasattr(value, "to_records"):
        import pyarrow as pa

        return pa.Table.from_pandas(value, preserve_index=False)
    raise ConfigError(
        f"{name}: a {type(value).__name__} is neither a path nor a table "
        "(give a pandas or polars DataFrame, a pyarrow Table, a DuckDB result or a path)"
    )


def _without(table: Any, columns: Sequence[str]) -> Any:
    """A polars DataFrame or LazyFrame, or a pyarrow Table, without columns the run will not
    read (a view: no data is copied); anything else as it is."""
    kind = type(table).__module__.split(".")[0]
    names = getattr(table, "column_names", None) or getattr(table, "columns", None)
    if kind == "polars" and type(table).__name__ == "DataFrame" and names is not None:
        present = [c for c in columns if c in names]
        return table.drop(present) if present else table
    if kind == "pyarrow" and type(table).__name__ == "Table" and names is not None:
        present = [c for c in columns if c in names]
        return table.drop_columns(present) if present else table
    return table


class _Slices:
    """A polars DataFrame handed to the engine a slice at a time.

    polars converts on export what it does not hold in Arrow's layout (decimals, categoricals)
    and rechunks the frame into one batch: 30 million households exported whole take about
    1 GiB beside the frame before a row is read. The engine asks for one slice (a view,
    ``DataFrame.slice``) when its scan reaches it, so only a window of converted slices is
    alive at a time, and asks again from the first when a run reads the table twice."""

    __fupin_slices__ = True

    def __init__(self, frame: Any, step: int) -> None:
        self._frame = frame
        self._step = step
        self.rows = frame.height
        self.count = (frame.height + step - 1) // step

    def head(self) -> Any:
        """The frame's first zero rows (the schema every slice is exported with)."""
        return self._frame.slice(0, 0)

    def slice(self, k: int) -> Any:
        """Slice ``k`` (from 0)."""
        return self._frame.slice(k * self._step, self._step)


#: Rows per slice of a polars frame handed over slice by slice (see ``_Slices``).
_SLICE_ROWS = 1 << 19


def _households(value: Any) -> Any:
    """The household table argument: a polars DataFrame larger than a slice is handed over
    slice by slice; anything else as ``_arrow_input`` takes it."""
    value = _arrow_input("households", value)
    if (
        type(value).__module__.split(".")[0] == "polars"
        and type(value).__name__ == "DataFrame"
        and value.height > _SLICE_ROWS
    ):
        return _Slices(value, _SLICE_ROWS)
    return value


def _tables(households: Any, counties: Any, villages: Any) -> dict[str, Any]:
    return {
        "households": _households(households),
        "counties": _arrow_input("counties", counties),
        "villages": _arrow_input("villages", villages),
    }


def _exact(text: str) -> Any:
    """A measured value or threshold of the CLI's CSV as Python holds it exactly: a
    ``Decimal`` for numbers (money, percentages, rates), ``True``/``False``, else the text."""
    if text in ("true", "false"):
        return text == "true"
    if text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


class Table:
    """A result table (decisions or checks) held in Arrow memory.

    It exports ``__arrow_c_stream__``, so ``polars.DataFrame(t)``, ``pyarrow.table(t)`` and
    DuckDB read it directly; ``to_polars``, ``to_pandas`` and ``to_arrow`` convert it."""

    def __init__(self, native: Any) -> None:
        self._native = native

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._native.__arrow_c_stream__(requested_schema)

    @property
    def num_rows(self) -> int:
        return int(self._native.num_rows)

    def __len__(self) -> int:
        return self.num_rows

    @property
    def column_names(self) -> list[str]:
        return list(self._native.column_names)

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table`` (needs pyarrow)."""
        import pyarrow as pa

        return pa.table(self)

    def to_polars(self) -> Any:
        """A ``polars.DataFrame`` (needs polars)."""
        import polars as pl

        return pl.DataFrame(self)

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` (needs pandas and pyarrow)."""
        return self.to_arrow().to_pandas()

    def __repr__(self) -> str:
        return f"<fupin.Table {self.num_rows} rows: {', '.join(self.column_names)}>"


def _read_csv_polars(text: str) -> Any:
    import polars as pl

    header = next(iter(io.StringIO(text)), "").rstrip("\r\n").split(",")
    overrides = {c: pl.Utf8 for c in header if c in _TEXT_COLUMNS}
    return pl.read_csv(io.StringIO(text), schema_overrides=overrides, infer_schema_length=None)


def _read_csv_pandas(text: str) -> Any:
    import pandas as pd

    header = next(iter(io.StringIO(text)), "").rstrip("\r\n").split(",")
    dtypes = {c: str for c in header if c in _TEXT_COLUMNS}
    return pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])


class Report:
    """A document of the command line (tabulate, measures, lines): ``to_dict()`` is its JSON,
    ``to_csv()`` its CSV, and ``to_polars``/``to_pandas`` read that CSV with identifiers kept
    as text (numbers in these reports are for reading; decisions are taken exactly)."""

    def __init__(self, kind: str, json_text: str, csv_text: str) -> None:
        self.kind = kind
        self._json = json_text
        self._csv = csv_text

    def to_dict(self) -> Any:
        return json.loads(self._json)

    def to_json(self) -> str:
        return self._json

    def to_csv(self) -> str:
        return self._csv

    def to_polars(self) -> Any:
        return _read_csv_polars(self._csv)

    def to_pandas(self) -> Any:
        return _read_csv_pandas(self._csv)

    def to_arrow(self) -> Any:
        return self.to_polars().to_arrow()

    def __repr__(self) -> str:
        rows = max(self._csv.count("\n") - 1, 0)
        return f"<fupin.Report {self.kind}: {rows} rows>"

    def _repr_html_(self) -> str:
        lines_ = self._csv.splitlines()
        head = lines_[:21]
        out = [f"<p><b>fupin {html.escape(self.kind)}</b>: {max(len(lines_) - 1, 0)} rows</p>"]
        out.append(f"<pre>{html.escape(chr(10).join(head))}</pre>")
        return "".join(out)


class Comparison(Report):
    """Profiles compared on the same data: ``changes`` lists the units whose outcome differs
    (each with every profile's outcome and the rule that decided it)."""

    @property
    def changes(self) -> list[dict[str, Any]]:
        return list(self.to_dict()["changes"])

    @property
    def changed(self) -> int:
        return int(self.to_dict()["changed"])


class Profile:
    """A profile, checked: its standard, year, rules and parameters. Made by
    :func:`load_profile`."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def name(self) -> str:
        return str(self._native.name)

    @property
    def year(self) -> int:
        return int(self._native.year)

    @property
    def standard(self) -> str:
        return str(self._native.standard)

    @property
    def path(self) -> str:
        return str(self._native.path)

    @property
    def rules(self) -> list[dict[str, Any]]:
        """The rules the profile selects (as ``fupin rules list --profile``), summaries with
        the parameter values in force."""
        return list(json.loads(self._native._rules_json()))

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """Every parameter: id, unit, summary, and each dated value (``effective``, exact
        ``value`` text, ``source``, ``confirmed``, ``in_force`` on the assessment date)."""
        return list(json.loads(self._native._parameters_json()))

    def parameter(self, parameter_id: str) -> Decimal | bool | int | str:
        """The value in force on the assessment date, exactly (money and percentages as
        ``Decimal``)."""
        for p in self.parameters:
            if p["id"] == parameter_id:
                for v in p["values"]:
                    if v["in_force"]:
                        value = _exact(v["value"])
                        return value if value is not None else v["value"]
                raise ConfigError(f"parameter `{parameter_id}` has no value in force in {self.year}")
        raise ConfigError(f"unknown parameter `{parameter_id}`")

    def __repr__(self) -> str:
        return repr(self._native)


def load_profile(
    name_or_path: str | os.PathLike[str],
    *,
    year: int | None = None,
    overrides: Mapping[str, Decimal | int | float | str | bool] | None = None,
) -> Profile:
    """Open a profile: a shipped name (``"national-2011"``; see ``SHIPPED_PROFILES``) or a path
    to a TOML profile. ``year`` replaces the assessment year. ``overrides`` maps parameter ids to
    values, taken exactly: a ``str`` or ``Decimal`` as written, an ``int``, a ``float`` by its
    shortest decimal (as in a TOML profile), a ``bool``. Raises :class:`ConfigError`."""
    return Profile(_fupin.load_profile(name_or_path, year=year, overrides=dict(overrides or {})))


class Assessment:
    """The decisions of an assessment, each with its explanation."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self._doc: Any = None
        for w in self.summary.get("warnings", []):
            warnings.warn(w, FupinWarning, stacklevel=3)

    def _document(self) -> Any:
        if self._doc is None:
            self._doc = json.loads(self._native._json())
        return self._doc

    @property
    def counties(self) -> Table:
        """One row per county decision (``UNIT_COLUMNS``)."""
        return Table(self._native._units("county"))

    @property
    def villages(self) -> Table:
        """One row per village decision."""
        return Table(self._native._units("village"))

    @property
    def households(self) -> Table:
        """One row per household decision (a household has one per test: classification,
        exit)."""
        return Table(self._native._units("household"))

    def checks(self, level: str | None = None) -> Table:
        """One row per check (``CHECK_COLUMNS``): the CLI's CSV report as a table; ``level``
        one of county, village, household, or all."""
        return Table(self._native._checks(level))

    @property
    def summary(self) -> dict[str, Any]:
        """Counts by level and outcome, by province, household figures, warnings, rows read."""
        return dict(json.loads(self._native._summary_json()))

    @property
    def provenance(self) -> dict[str, Any]:
        """What the result was computed from: fupin version, profile digests, the parameter
        values used with their sources, the inputs (tables in memory have no digest), rows."""
        return dict(json.loads(self._native._provenance_json()))

    @property
    def profile(self) -> dict[str, Any]:
        """The profile block: name, standard, year, date, rule sets, selected rules."""
        return dict(json.loads(self._native._profile_json()))

    def explain(self, level: str, unit_id: str) -> list[dict[str, Any]]:
        """The checks behind one unit's decisions: rule, passed, measured, threshold, op,
        parameter, source (and role, effective date, confirmed, basis, error); ``measured``
        and ``threshold`` as ``Decimal`` where they are numbers."""
        rows = self._native._explain(level, str(unit_id))
        if not rows:
            raise KeyError(f"no {level} decision for {unit_id!r}")
        out = []
        for r in rows:
            r = dict(r)
            r["passed"] = r["passed"] == "true"
            r["confirmed"] = r["confirmed"] == "true"
            r["measured"] = _exact(r["measured"])
            r["threshold"] = _exact(r["threshold"])
            out.append(r)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON document (``fupin.assessment.v1`` with ``provenance``)."""
        return dict(self._document())

    def to_json(self) -> str:
        return str(self._native._json())

    def to_csv(self) -> str:
        """The CLI's CSV report (``--format csv``)."""
        return str(self._native._csv())

    def rejected(self) -> str:
        """Rows left out under ``on_bad_row="skip"``, as the rejected-rows CSV."""
        return str(self._native._rejected_csv())

    def __repr__(self) -> str:
        counts = self.summary.get("counts", {})
        parts = [f"{lvl}: " + ", ".join(f"{k} {v}" for k, v in c.items()) for lvl, c in counts.items()]
        return "<fupin.Assessment " + "; ".join(parts) + ">"

    def _repr_html_(self) -> str:
        summary = self.summary
        profile = self.profile
        out = [
            "<div class='fupin-assessment'>",
            f"<p><b>fupin assessment</b>: {html.escape(str(profile.get('name', '')))}, "
            f"{html.escape(str(profile.get('year', '')))}</p>",
            "<table><thead><tr><th>level</th><th>outcome</th><th>units</th></tr></thead><tbody>",
        ]
        for lvl, counts in summary.get("counts", {}).items():
            for outcome, n in counts.items():
                out.append(
                    f"<tr><td>{html.escape(lvl)}</td><td>{html.escape(outcome)}</td><td>{n}</td></tr>"
                )
        out.append("</tbody></table>")
        for w in summary.get("warnings", []):
            out.append(f"<p>⚠ {html.escape(w)}</p>")
        out.append("</div>")
        return "".join(out)


def assess(
    profile: Profile,
    *,
    households: TableLike | None = None,
    counties: TableLike | None = None,
    villages: TableLike | None = None,
    year: int | None = None,
    on_bad_row: str = "error",
    household_detail: bool = True,
) -> Assessment:
    """Assess a profile's units. Tables given here replace the profile's as a set (a table not
    given is not read); with none, the profile's own ``[data]`` are read. ``on_bad_row``:
    ``"error"`` (default) raises :class:`InputError` naming the row and column; ``"skip"``
    leaves bad rows out and lists them in ``Assessment.rejected()``. ``household_detail``:
    keep every household's decisions (``False``: counts only, for very large tables)."""
    t = _tables(households, counties, villages)
    return Assessment(
        _fupin.assess(
            profile._native,
            year=year,
            on_bad_row=on_bad_row,
            household_detail=household_detail,
            **t,
        )
    )


def _natives(profiles: Profile | Iterable[Profile]) -> list[Any]:
    if isinstance(profiles, Profile):
        return [profiles._native]
    return [p._native for p in profiles]


def tabulate(
    profiles: Profile | Sequence[Profile],
    *,
    households: TableLike | None = None,
    counties: TableLike | None = None,
    villages: TableLike | None = None,
    year: int | None = None,
    on_bad_row: str = "error",
) -> Report:
    """The county table (persons, poor persons, incidence, exit) under each profile, from one
    read of the households (``fupin tabulate``)."""
    plist = [profiles] if isinstance(profiles, Profile) else list(profiles)
    # tabulate reads village codes only for village rules: otherwise the column is left out
    # of the export, which saves polars converting it (its categoricals are turned into Arrow
    # dictionaries when exported).
    unread: list[str] = []
    if not any(r.get("level") == "village" for p in plist for r in p.rules):
        unread.append("village")
    j, c = _fupin.tabulate(
        _natives(plist),
        year=year,
        on_bad_row=on_bad_row,
        **_tables(_without(households, unread), counties, villages),
    )
    return Report("tabulate", j, c)


def compare(
    profiles: Sequence[Profile],
    *,
    households: TableLike | None = None,
    counties: TableLike | None = None,
    villages: TableLike | None = None,
    year: int | None = None,
    only_changed: bool = False,
    on_bad_row: str = "error",
) -> Comparison:
    """Compare profiles on the same data (``fupin compare``); ``.changes`` lists what flips."""
    j, c = _fupin.compare(
        _natives(profiles),
        year=year,
        only_changed=only_changed,
        on_bad_row=on_bad_row,
        **_tables(households, counties, villages),
    )
    return Comparison("compare", j, c)


def measures(
    profile: Profile,
    *,
    households: TableLike | None = None,
    counties: TableLike | None = None,
    villages: TableLike | None = None,
    year: int | None = None,
    standards: Sequence[str] | None = None,
    by: str = "county",
    prices: int | str | None = None,
    on_bad_row: str = "error",
) -> Report:
    """Poverty measures (FGT 0, 1, 2) under each standard's line, grouped ``by`` village,
    county or province; ``prices``: ``None``/``"current"`` or a price year for the lines."""
    j, c = _fupin.measures(
        profile._native,
        year=year,
        standards=list(standards) if standards is not None else None,
        by=by,
        prices=prices,
        on_bad_row=on_bad_row,
        **_tables(households, counties, villages),
    )
    return Report("measures", j, c)


def lines(
    standard: str | Sequence[str] | None = None,
    prices: int | str | None = None,
    *,
    from_year: int | None = None,
    to_year: int | None = None,
) -> Report:
    """The published poverty lines, in current prices or moved to one price year."""
    std = standard if standard is None or isinstance(standard, str) else list(standard)
    j, c = _fupin.lines(std, prices, from_year, to_year)
    return Report("lines", j, c)


def history(standard: str | Sequence[str] | None = None) -> Report:
    """The published national rural poor population and incidence by year under each
    standard, with the lines stated with them and the county exits by year; every value
    with its source, grade and status (``fupin history``)."""
    std = None if standard is None else [standard] if isinstance(standard, str) else list(standard)
    j, c = _fupin.history(std)
    return Report("history", j, c)


def history_check() -> list[dict[str, Any]]:
    """The shipped lines and the registry's exits by year against the published series
    (``fupin history --check``): one dict per comparison, with ``agrees``."""
    return list(json.loads(_fupin.history_check()))


class Page:
    """One offline HTML page of a run (``fupin report``): ``html`` is the page; in Jupyter
    it shows in a frame of its own."""

    def __init__(self, html_text: str) -> None:
        self.html = html_text

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<fupin.Page: {len(self.html):,} characters of HTML>"

    def _repr_html_(self) -> str:
        # A frame of its own: the page's styles and script stay inside it.
        return (
            '<iframe style="width:100%;height:640px;border:1px solid #ccc" srcdoc="'
            + html.escape(self.html, quote=True)
            + '"></iframe>'
        )


def report(
    profiles: Profile | Sequence[Profile],
    *,
    households: TableLike | None = None,
    counties: TableLike | None = None,
    villages: TableLike | None = None,
    year: int | None = None,
    on_bad_row: str = "error",
) -> Page:
    """One offline HTML page of a run, as ``fupin report`` writes it: provenance, lines,
    outcomes, exits against their thresholds, poverty measures, profiles compared, the
    registry and a sortable county table. Write ``page.html`` to a file to keep it."""
    plist = [profiles] if isinstance(profiles, Profile) else list(profiles)
    text = _fupin.report(
        _natives(plist),
        year=year,
        on_bad_row=on_bad_row,
        **_tables(households, counties, villages),
    )
    return Page(text)


def rules() -> list[dict[str, Any]]:
    """Every registered rule (as ``fupin rules list --format json``)."""
    return list(json.loads(_fupin.rules()))


def rule_doc(rule_id: str) -> str:
    """One rule's documentation, with its parameters' values (``fupin rules show``)."""
    return str(_fupin.rule_doc(rule_id))

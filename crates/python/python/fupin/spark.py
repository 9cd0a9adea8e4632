"""fupin on Apache Spark: the same rules over household data kept in Spark, with the same
exact results as the command line for any partitioning and any row order.

How the work is split and why the merge is exact (``docs/distributed.md``): every executor
evaluates the household rules on its partition with fupin's engine (``mapInArrow``) and
returns integer sums by county, village, outcome and income year; Spark adds the sums up by
key; the driver applies the village and county rules to the sums with the same library
code as ``fupin tabulate`` and ``fupin assess``. Integer addition does not depend on the
order or the grouping of its terms, so 1, 2 or 700 partitions give the same table.

Executors need the ``fupin`` wheel and pyarrow installed (the Python that runs them:
``PYSPARK_PYTHON``). Profiles travel resolved (their ``extends`` chain merged, overrides
included); the county and village tables travel as the bytes of the file given (read on the
executors by the same reader as the CLI) or as Arrow data. A plugin a profile names must be
at the same path on every executor.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import threading
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence, Union

from . import (
    Assessment,
    ConfigError,
    FupinError,
    InputError,
    Profile,
    _arrow_input,
    _fupin,
)

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = ["tabulate", "assess", "sweep", "PARTIAL_DDL"]

# The partial rows an executor returns (``fupin::split::PARTIAL_COLUMNS``): four keys, then
# the sums; the engine's list is the one source of the names.
_KEYS = list(_fupin.PARTIAL_COLUMNS[:4])
_SUMMED = list(_fupin.PARTIAL_COLUMNS[4:])
#: The partial rows as Spark DDL.
PARTIAL_DDL = ", ".join(
    [f"{_KEYS[0]} int"] + [f"{c} string" for c in _KEYS[1:]] + [f"{c} long" for c in _SUMMED]
)

#: Sweep points evaluated together on one pass over a partition (each holds its tallies).
POINTS_PER_PASS = 16

TableArg = Union[str, "os.PathLike[str]", Any]


def _pa() -> Any:
    import pyarrow as pa

    return pa


def _partial_schema() -> Any:
    pa = _pa()
    return pa.schema(
        [pa.field(_KEYS[0], pa.int32(), False)]
        + [pa.field(c, pa.string(), False) for c in _KEYS[1:]]
        + [pa.field(c, pa.int64(), False) for c in _SUMMED]
    )


def _is_spark(value: Any) -> bool:
    return type(value).__module__.startswith("pyspark.sql") and hasattr(value, "mapInArrow")


def _arrow_table(name: str, value: Any) -> Any:
    """A table argument that is not a path, as a pyarrow Table."""
    pa = _pa()
    if _is_spark(value):
        return value.toArrow()
    return pa.table(_arrow_input(name, value))


class _Shipped:
    """A county or village table as the executors get it: the bytes of the file given (read
    there by fupin's own reader, as the CLI reads it) or the table as Arrow IPC."""

    def __init__(self, name: str, value: TableArg) -> None:
        self.name = name
        if isinstance(value, (str, os.PathLike)):
            path = os.fspath(value)
            try:
                with open(path, "rb") as f:
                    self.data = f.read()
            except OSError as e:
                raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
            self.kind = "file"
            self.suffix = os.path.splitext(path)[1]
        else:
            pa = _pa()
            table = _arrow_table(name, value)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as w:
                w.write_table(table)
            self.data = sink.getvalue().to_pybytes()
            self.kind = "arrow"
            self.suffix = ""
        self.digest = hashlib.sha256(self.data).hexdigest()

    def open(self, directory: str) -> Any:
        """On an executor: the file's bytes written in `directory` (the task's own temporary
        directory, removed when the task ends), or the Arrow table (read once per process)."""
        if self.kind == "file":
            path = os.path.join(directory, f"{self.name}{self.suffix}")
            with open(path, "wb") as f:
                f.write(self.data)
            return path
        with _CACHE_LOCK:
            if self.digest not in _CACHE:
                _CACHE[self.digest] = _pa().ipc.open_stream(self.data).read_all()
            return _CACHE[self.digest]


_CACHE: dict[str, Any] = {}
_CACHE_LOCK = threading.Lock()


def _driver_table(name: str, value: TableArg | None) -> Any:
    """A table argument as the driver passes it to the extension module."""
    if value is None or isinstance(value, (str, os.PathLike)):
        return value
    return _arrow_table(name, value)


def _columns_only(households: "DataFrame") -> Any:
    """The households' columns as an Arrow table without rows (which rules apply depends on
    the columns given, as in ``fupin assess``)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(households.schema).empty_table()


def _partition_table(batches: Iterator[Any]) -> Any:
    """The partition's record batches as one table (None when it has no rows)."""
    pa = _pa()
    got = [b for b in batches if b.num_rows > 0]
    if not got:
        return None
    return pa.Table.from_batches(got)


def _partition_id() -> int:
    from pyspark import TaskContext

    ctx = TaskContext.get()
    return ctx.partitionId() if ctx is not None else 0


def _in_partition(e: FupinError) -> FupinError:
    """An executor's error, its table named as the Spark partition it is in. (The functions
    run on executors catch ``_fupin.FupinError``: a name of this module would be pickled
    with them as a copy of the class, which the engine's exceptions are not.)"""
    label = f"households (Spark partition {_partition_id()}; rows counted within it)"
    return type(e)(str(e).replace("households (Arrow)", label))


_REMOTE = re.compile(r"(?<![\w.])(?:fupin\.)?_fupin\.(InputError|ConfigError|FupinError): (.+)")


def _run(action: Callable[[], Any]) -> Any:
    """Run a Spark action; an error fupin raised on an executor is raised here as the same
    fupin exception with its message (not buried in a Java stack trace)."""
    try:
        return action()
    except FupinError:
        raise
    except Exception as e:  # a Spark or Py4J exception wrapping the executor's
        m = _REMOTE.search(str(e))
        if m is None:
            raise
        kind = {"InputError": InputError, "ConfigError": ConfigError}.get(m.group(1), FupinError)
        raise kind(m.group(2).strip()) from None


def _check_households(households: Any) -> None:
    if not _is_spark(households):
        raise ConfigError(
            f"households: a {type(households).__name__} is not a Spark DataFrame (read the data "
            "with spark.read.parquet(...) or spark.read.csv(..., header=True); for a table on "
            "one machine use fupin.tabulate or fupin.assess)"
        )


def _ship(spark: Any, counties: TableArg, villages: TableArg | None) -> Any:
    if counties is None:
        raise ConfigError("counties: give the county table (a path or a table)")
    shipped = (
        _Shipped("counties", counties),
        None if villages is None else _Shipped("villages", villages),
    )
    return spark.sparkContext.broadcast(shipped)


def _per_partition(
    shipped: Any, evaluate: Callable[[Any, Any, Any], Iterable[Any]]
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function ``mapInArrow`` runs on each partition: the partition's households as one
    Arrow table and the shipped county and village tables given to ``evaluate``, which returns
    Arrow tables; an error fupin raises names the partition. An empty partition gives
    nothing."""

    def each(batches: Iterator[Any]) -> Iterator[Any]:
        table = _partition_table(batches)
        if table is None:
            return
        with tempfile.TemporaryDirectory(prefix="fupin-spark-") as d:
            counties, villages = (None if s is None else s.open(d) for s in shipped.value)
            try:
                for out in evaluate(table, counties, villages):
                    yield from _pa().table(out).to_batches()
            # The class is looked up at run time: a name of this module would be pickled with
            # the function as a copy of the class (see _in_partition).
            except _fupin.FupinError as e:
                raise _in_partition(e) from None

    return each


def _prepare(
    households: "DataFrame",
    natives: list[Any],
    counties: TableArg,
    villages: TableArg | None,
    year: int | None,
    check_ids: bool,
) -> tuple[Any, Any, Any, "DataFrame"]:
    """What every job needs: the county and village tables as the driver reads them, the
    same broadcast to the executors, and the households with only the columns read."""
    c_here, v_here = _driver_table("counties", counties), _driver_table("villages", villages)
    shipped = _ship(households.sparkSession, c_here, v_here)
    data = _read_columns(households, natives, c_here, v_here, year, check_ids)
    return c_here, v_here, shipped, data


def _merge(parts: "DataFrame") -> Any:
    """The partial rows of every partition added up by key (in Spark), on the driver."""
    from pyspark.sql import functions as F

    merged = parts.groupBy(*_KEYS).agg(*[F.sum(c).alias(c) for c in _SUMMED])
    table = _run(merged.toArrow)
    return table.select(_KEYS + _SUMMED).cast(_partial_schema())


def _profiles(profiles: Profile | Sequence[Profile]) -> list[Profile]:
    plist = [profiles] if isinstance(profiles, Profile) else list(profiles)
    if not plist or not all(isinstance(p, Profile) for p in plist):
        raise ConfigError("profiles: give Profile objects (fupin.load_profile)")
    return plist


def _read_columns(
    households: "DataFrame",
    natives: list[Any],
    counties: Any,
    villages: Any,
    year: int | None,
    check_ids: bool,
) -> "DataFrame":
    """The households with only the columns the run reads (what fupin's Parquet reader
    would decode): Spark then reads and hands the executors nothing else."""
    cols = _fupin._household_columns(
        natives,
        households=_columns_only(households),
        counties=counties,
        villages=villages,
        year=year,
        check_ids=check_ids,
    )
    wanted = set(cols)
    keep: list[Any] = [c for c in households.columns if c in wanted]
    if "household_id" in households.columns and "household_id" not in wanted:
        # The column must be there (as in a file) but is not read: a constant null column
        # costs Spark nothing to hand over.
        from pyspark.sql import functions as F

        keep.append(F.lit(None).cast("string").alias("household_id"))
    if len(keep) == len(households.columns) and all(isinstance(c, str) for c in keep):
        return households
    return households.select(*keep)


def _csv_table(text: str, types: dict[str, Any]) -> Any:
    pa = _pa()
    from pyarrow import csv as pacsv

    header = next(iter(io.StringIO(text)), "").rstrip("\r\n").split(",")
    opts = pacsv.ConvertOptions(
        column_types={c: t for c, t in types.items() if c in header},
        strings_can_be_null=True,
    )
    return pacsv.read_csv(pa.py_buffer(text.encode()), convert_options=opts)


def tabulate(
    households: "DataFrame",
    profiles: Profile | Sequence[Profile],
    *,
    counties: TableArg,
    villages: TableArg | None = None,
    year: int | None = None,
) -> "DataFrame":
    """The county table of ``fupin tabulate`` (one row per profile and county: households,
    persons, poor persons, persons failing the exit test, incidence, exit outcome) for
    household data in Spark. ``counties`` and ``villages``: a path (CSV or Parquet, read as
    the CLI reads it), or a table (pandas, polars, pyarrow, Spark). ``incidence_pct`` is a
    ``decimal(9,6)``, the CLI's digits exactly."""
    _check_households(households)
    pa = _pa()
    plist = _profiles(profiles)
    natives = [p._native for p in plist]
    spark = households.sparkSession
    c_here, v_here, shipped, data = _prepare(households, natives, counties, villages, year, False)

    def evaluate(table: Any, c: Any, v: Any) -> Iterable[Any]:
        return [_fupin._partial(natives, households=table, counties=c, villages=v, year=year)]

    merged = _merge(data.mapInArrow(_per_partition(shipped, evaluate), PARTIAL_DDL))
    _, csv_text = _fupin._finish_tabulate(
        natives,
        merged,
        households=_columns_only(data),
        counties=c_here,
        villages=v_here,
        year=year,
    )
    ints = {c: pa.int64() for c in ("households", "persons", "poor_persons", "remaining_persons")}
    text = {c: pa.string() for c in ("profile", "county", "name", "province", "exit")}
    table = _csv_table(csv_text, {**ints, **text, "incidence_pct": pa.decimal128(9, 6)})
    return spark.createDataFrame(table)


class SparkAssessment(dict):  # type: ignore[type-arg]
    """``fupin.spark.assess``'s result: a dict of Spark DataFrames, ``"counties"``,
    ``"villages"`` and ``"households"`` (one row per decision, ``fupin.UNIT_COLUMNS``) and
    ``"checks"`` (one row per check, ``fupin.CHECK_COLUMNS``, every level); ``summary`` and
    ``provenance`` as ``fupin.Assessment`` has them. The household tables are evaluated by
    Spark when used (cache them to use them twice)."""

    summary: dict[str, Any]
    provenance: dict[str, Any]
    assessment: Assessment


def _duplicates(households: "DataFrame") -> None:
    """Household ids are unique per income year across the whole table (each partition
    checks its own; this checks across them)."""
    if "household_id" not in households.columns or "year" not in households.columns:
        return
    from pyspark.sql import functions as F

    dup = (
        households.where(F.col("household_id").isNotNull())
        .groupBy("household_id", "year")
        .count()
        .where(F.col("count") > 1)
        .orderBy("household_id", "year")
        .limit(3)
    )
    found = _run(dup.collect)
    if found:
        listed = "; ".join(
            f"household {r['household_id']} appears {r['count']} times for year {r['year']}"
            for r in found
        )
        raise InputError(f"households (Spark): column household_id: {listed}")


def assess(
    households: "DataFrame",
    profile: Profile,
    *,
    counties: TableArg,
    villages: TableArg | None = None,
    year: int | None = None,
) -> SparkAssessment:
    """Assess a profile over household data in Spark: the county and village decisions of
    ``fupin assess`` (from the households' sums merged exactly), and every household's
    decisions as a lazily evaluated DataFrame. Household ids are checked for duplicates
    across the whole table."""
    _check_households(households)
    if not isinstance(profile, Profile):
        raise ConfigError("profile: give a Profile (fupin.load_profile)")
    pa = _pa()
    from pyspark.sql.pandas.types import from_arrow_schema

    native = profile._native
    spark = households.sparkSession
    c_here, v_here, shipped, data = _prepare(households, [native], counties, villages, year, True)

    def evaluate(table: Any, c: Any, v: Any) -> Iterable[Any]:
        return [
            _fupin._partial(
                [native], households=table, counties=c, villages=v, year=year, check_ids=True
            )
        ]

    merged = _merge(data.mapInArrow(_per_partition(shipped, evaluate), PARTIAL_DDL))
    _duplicates(data)
    result = Assessment(
        _fupin._finish_assess(
            native,
            merged,
            households=_columns_only(data),
            counties=c_here,
            villages=v_here,
            year=year,
        )
    )
    counties_t = pa.table(result.counties)
    checks_t = pa.table(result.checks())
    unit_schema = from_arrow_schema(counties_t.schema)
    check_schema = from_arrow_schema(checks_t.schema)

    def decisions(which: int) -> Callable[[Iterator[Any]], Iterator[Any]]:
        def evaluate(table: Any, c: Any, v: Any) -> Iterable[Any]:
            pair = _fupin._partition_decisions(
                native, households=table, counties=c, villages=v, year=year
            )
            return [pair[which]]

        return _per_partition(shipped, evaluate)

    out = SparkAssessment()
    out["counties"] = spark.createDataFrame(counties_t, schema=unit_schema)
    out["villages"] = spark.createDataFrame(pa.table(result.villages), schema=unit_schema)
    out["households"] = data.mapInArrow(decisions(0), unit_schema)
    unit_checks = spark.createDataFrame(checks_t, schema=check_schema)
    out["checks"] = unit_checks.unionByName(data.mapInArrow(decisions(1), check_schema))
    out.summary = result.summary
    out.provenance = result.provenance
    out.assessment = result
    return out


def sweep(
    households: "DataFrame",
    profile: Profile,
    param: str,
    values: Iterable[Decimal | int | str] | None = None,
    *,
    start: Decimal | int | str | None = None,
    stop: Decimal | int | str | None = None,
    step: Decimal | int | str | None = None,
    counties: TableArg,
    villages: TableArg | None = None,
    year: int | None = None,
    points_per_pass: int = POINTS_PER_PASS,
) -> "DataFrame":
    """Sweep a parameter (or a glob of them) over many values in one Spark job (``fupin
    sweep``): ``values``, or ``start``, ``stop`` and ``step`` as on the command line (exact
    decimals; give ``str`` or ``Decimal``, not ``float``). One row per value: the value (its
    exact text), counts by level and outcome (the CLI's CSV columns, ``level.outcome`` written
    ``level_outcome``), ``headcount`` and ``incidence_pct``. Each partition is read once;
    its households are evaluated under ``points_per_pass`` values at a time."""
    _check_households(households)
    if not isinstance(profile, Profile):
        raise ConfigError("profile: give a Profile (fupin.load_profile)")
    pa = _pa()
    if values is None:
        if start is None or stop is None or step is None:
            raise ConfigError("sweep: give values, or start, stop and step")
        points = list(_fupin._sweep_points(str(start), str(stop), str(step)))
    else:
        if start is not None or stop is not None or step is not None:
            raise ConfigError("sweep: give values, or start, stop and step, not both")
        points = []
        for v in values:
            if isinstance(v, float):
                raise ConfigError(f"values: {v!r} is a float; give a str or a Decimal")
            points.append(str(v))
    if not points:
        raise ConfigError("values: give at least one value")
    per_pass = max(1, int(points_per_pass))
    native = profile._native
    spark = households.sparkSession
    c_here, v_here, shipped, data = _prepare(households, [native], counties, villages, year, False)

    def evaluate(table: Any, c: Any, v: Any) -> Iterator[Any]:
        import pyarrow.compute as pc

        for first in range(0, len(points), per_pass):
            group = points[first : first + per_pass]
            out = pa.table(
                _fupin._partial_sweep(
                    native, param, group, households=table, counties=c, villages=v, year=year
                )
            )
            # Plan numbers within the group, made the point's number in the sweep (-1, the
            # scan's own rows, is counted once: from the first group only).
            if first > 0:
                out = out.filter(pc.greater_equal(out.column("plan"), 0))
                plan = pc.add(out.column("plan"), pa.scalar(first, pa.int32()))
                out = out.set_column(0, "plan", plan.cast(pa.int32())).cast(_partial_schema())
            yield out

    merged = _merge(data.mapInArrow(_per_partition(shipped, evaluate), PARTIAL_DDL))
    _, csv_text = _fupin._finish_sweep(
        native,
        param,
        points,
        merged,
        households=_columns_only(data),
        counties=c_here,
        villages=v_here,
        year=year,
    )
    header = next(iter(io.StringIO(csv_text))).rstrip("\r\n").split(",")
    table = _csv_table(csv_text, {header[0]: pa.string(), "incidence_pct": pa.float64()})
    names = ["value"] + [c.replace(".", "_") for c in header[1:]]
    table = table.rename_columns(names)
    table = table.add_column(0, "parameter", pa.array([param] * table.num_rows, pa.string()))
    return spark.createDataFrame(table)

"""fupin.spark in Spark local mode (local[2]): the county table, the assessment and the sweep
equal the CLI's on the same data for 1, 2 and 7 partitions and any row order; errors raised
on executors come back as fupin exceptions naming the partition, row and column."""

from __future__ import annotations

import csv
import io
import os
import pickle
import shutil
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import fupin
import fupin.spark

PROFILE = "profiles/national-2011.toml"


@pytest.fixture(scope="module")
def spark():
    # Executors run this interpreter, which has fupin and pyarrow.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    s = (
        SparkSession.builder.master("local[2]")
        .appName("fupin-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "3")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def sample_parquet(tmp_path_factory, sample_paths) -> Path:
    """The sample households as pyarrow writes them, typed (text codes, decimal money,
    integer sizes and years, flags as written), in three files of one dataset."""
    types = {
        "household_id": pa.string(),
        "county": pa.string(),
        "village": pa.string(),
        "net_income_per_capita": pa.decimal128(12, 2),
        "rigid_expenditure_per_capita": pa.decimal128(12, 2),
    }
    t = pacsv.read_csv(
        sample_paths["households"], convert_options=pacsv.ConvertOptions(column_types=types)
    )
    d = tmp_path_factory.mktemp("households.parquet")
    third = t.num_rows // 3 + 1
    for i in range(3):
        pq.write_table(t.slice(i * third, third), d / f"part-{i}.parquet")
    return d


@pytest.fixture(scope="module")
def profiles(root):
    return [
        fupin.load_profile(root / PROFILE),
        fupin.load_profile(root / PROFILE, overrides={"std2011.line": "4000"}),
    ]


def layouts(df):
    """The same rows in 1, 2 and 7 partitions, and in a shuffled order."""
    from pyspark.sql import functions as F

    yield "1 partition", df.coalesce(1)
    yield "2 partitions", df.repartition(2)
    yield "7 partitions", df.repartition(7)
    yield "7 partitions, shuffled", df.orderBy(F.rand(seed=11)).repartition(7)


def cli_rows(text: str) -> list[tuple]:
    return [tuple(r.values()) for r in csv.DictReader(io.StringIO(text))]


def spark_rows(df) -> list[tuple]:
    """A Spark table's rows as the CLI's CSV writes them (empty for null)."""
    out = []
    for r in df.collect():
        out.append(tuple("" if v is None else str(v) for v in r))
    return out


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fupin.FupinWarning)
        return fn(*args, **kwargs)


def test_tabulate_equals_the_cli_for_any_partitioning(spark, profiles, sample_parquet, sample_paths, cli):
    expected = cli_rows(
        cli(
            "tabulate",
            "--profile", PROFILE,
            "--profile", PROFILE,
            "--format", "csv",
        )
    )
    got_profiles = {r[0] for r in expected}
    assert got_profiles == {"national-2011", "national-2011#2"}
    counties = str(sample_paths["counties"])
    for source, df in [
        ("Parquet", spark.read.parquet(str(sample_parquet))),
        ("CSV", spark.read.csv(str(sample_paths["households"]), header=True)),
    ]:
        for name, d in layouts(df):
            t = fupin.spark.tabulate(d, [profiles[0], profiles[0]], counties=counties)
            assert t.schema["incidence_pct"].dataType.simpleString() == "decimal(9,6)"
            assert spark_rows(t) == expected, f"{source}, {name}"
    # A different line changes the poor counts: the comparison can fail.
    other = spark_rows(
        fupin.spark.tabulate(
            spark.read.parquet(str(sample_parquet)), [profiles[0], profiles[1]], counties=counties
        )
    )
    assert other != expected
    assert sum(int(r[6]) for r in other if r[0].endswith("#2")) > sum(
        int(r[6]) for r in other if not r[0].endswith("#2")
    )


def test_assess_equals_the_cli_and_household_decisions_are_the_same(
    spark, profiles, sample_parquet, sample_paths
):
    tables = {k: str(v) for k, v in sample_paths.items()}
    local = quiet(fupin.assess, profiles[0], **tables)
    df = spark.read.parquet(str(sample_parquet))
    for name, d in list(layouts(df))[1:]:
        a = quiet(
            fupin.spark.assess, d, profiles[0], counties=tables["counties"], villages=tables["villages"]
        )
        assert a.summary["counts"] == local.summary["counts"], name
        assert a.summary["by_province"] == local.summary["by_province"], name
        assert a.summary["households"] == local.summary["households"], name
        for level in ("counties", "villages"):
            want = pa.table(getattr(local, level)).to_pylist()
            assert [r.asDict() for r in a[level].collect()] == want, f"{name}: {level}"
        want = sorted(tuple(r.values()) for r in pa.table(local.households).to_pylist())
        got = sorted(tuple(r) for r in a["households"].collect())
        assert got == want, f"{name}: households"
    checks = a["checks"]
    assert checks.count() == pa.table(local.checks()).num_rows
    assert a.provenance["rows"]["households"]["read"] == 2549


def test_sweep_in_one_job_equals_the_cli(spark, profiles, sample_parquet, sample_paths, cli):
    expected = list(
        csv.reader(
            io.StringIO(
                cli(
                    "sweep", "--profile", PROFILE, "--param", "std2011.line",
                    "--from", "2300", "--to", "4300", "--step", "500", "--format", "csv",
                )
            )
        )
    )
    df = spark.read.parquet(str(sample_parquet)).repartition(2)
    for per_pass in (16, 2):
        s = fupin.spark.sweep(
            df, profiles[0], "std2011.line", start="2300", stop="4300", step="500",
            counties=str(sample_paths["counties"]), villages=str(sample_paths["villages"]),
            points_per_pass=per_pass,
        )
        assert s.columns[:2] == ["parameter", "value"]
        assert s.columns[2:] == [c.replace(".", "_") for c in expected[0][1:]]
        got = [[r[1]] + ["" if v is None else str(v) for v in r[2:]] for r in s.collect()]
        assert got == expected[1:], f"{per_pass} points per pass"
    values = fupin.spark.sweep(
        df, profiles[0], "std2011.line", [Decimal("2300"), "2800"],
        counties=str(sample_paths["counties"]), villages=str(sample_paths["villages"]),
    )
    assert [r["value"] for r in values.collect()] == ["2300", "2800"]
    with pytest.raises(fupin.ConfigError, match="float"):
        fupin.spark.sweep(df, profiles[0], "std2011.line", [2300.5], counties="x.csv")


def test_errors_on_executors_name_the_partition_row_and_column(spark, profiles, sample_paths):
    t = pacsv.read_csv(
        sample_paths["households"],
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in ("household_id", "county", "village", "size")}
        ),
    )
    bad = t.set_column(
        t.column_names.index("size"),
        "size",
        pa.array(["x" if i == 5 else v for i, v in enumerate(t.column("size").to_pylist())]),
    )
    df = spark.createDataFrame(bad).coalesce(1)
    with pytest.raises(fupin.InputError) as e:
        fupin.spark.tabulate(df, profiles[0], counties=str(sample_paths["counties"]))
    msg = str(e.value)
    assert "Spark partition 0" in msg and "row 6" in msg and "size" in msg, msg

    # The same household twice, in different partitions: found across them.
    twice = pa.concat_tables([t, t.slice(0, 1)])
    df = spark.createDataFrame(twice).repartition(3)
    with pytest.raises(fupin.InputError, match="appears 2 times for year 2019"):
        fupin.spark.assess(df, profiles[0], counties=str(sample_paths["counties"]))

    with pytest.raises(fupin.ConfigError, match="not a Spark DataFrame"):
        fupin.spark.tabulate(t, profiles[0], counties=str(sample_paths["counties"]))
    with pytest.raises(fupin.InputError, match="cannot read"):
        fupin.spark.tabulate(
            spark.createDataFrame(t), profiles[0], counties=str(sample_paths["counties"]) + ".missing"
        )


def test_a_profile_travels_resolved(tmp_path, root):
    """Executors need no profile file: a profile pickles as it was resolved on the driver
    (its extends chain and the caller's overrides included)."""
    d = tmp_path / "profiles" / "provinces"
    d.mkdir(parents=True)
    shutil.copy(root / "profiles/national-2011.toml", tmp_path / "profiles")
    shutil.copy(root / "profiles/provinces/jiangsu.toml", d)
    p = fupin.load_profile(d / "jiangsu.toml", year=2018, overrides={"std2011.line": "3100"})
    blob = pickle.dumps(p)
    shutil.rmtree(tmp_path / "profiles")
    q = pickle.loads(blob)
    assert (q.name, q.year, q.standard) == (p.name, 2018, p.standard)
    assert q.parameter("std2011.line") == Decimal("3100.00")
    assert q.rules == p.rules
    assert q.parameters == p.parameters


def test_the_example_of_docs_distributed_runs(spark, run_doc, capsys):
    namespace, blocks = run_doc("distributed.md", {"spark": spark})
    assert blocks >= 1
    assert namespace["s"].count() == 100
    assert namespace["a"].summary["counts"]["household"]["poor"] > 0
    assert "county_exit" in capsys.readouterr().out

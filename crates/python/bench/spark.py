"""W1 in Spark local mode against the fupin CLI on the same machine and the same Parquet file,
and a sweep of the 2011 line over 100 values in one Spark job against `fupin sweep`.

W1 is the county table under three lines (profiles/w1/: 1,150, 1,920 and 3,218 yuan, the
household exit test, county exit by incidence), as `cargo xtask bench w1` runs it. Here:

- the CLI: `fupin tabulate --profile w1-1150 --profile w1-1920 --profile w1-3218 --counties
  C --households H --format csv` (release build), whole process;
- Spark: `fupin.spark.tabulate(spark.read.parquet(H), [the three profiles], counties=C)`
  collected to the driver, in a session started once beforehand (a user has one), `local[2]`.

The two tables are checked equal (every row, every column) before anything is timed; runs
alternate. Then the sweep: `std2011.line` from 2,300 to 3,290 by 10 (100 values) with the
w1-3218 profile, `fupin.spark.sweep` (one job: each partition read once, 16 values per pass)
against `fupin sweep` (the households read once per 16 values), checked equal.

Usage (from the repository root, after `cargo xtask python --release`):

    python crates/python/bench/spark.py --households 30000000 [--runs 3] [--sweep-points 100]

The households are `cargo xtask gen-data --households N --seed 1 --parquet` in
target/w1-N-1/ (made when missing; the same files as `cargo xtask bench w1`).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import fupin
import fupin.spark

ROOT = Path(__file__).resolve().parents[3]


def cli_run(fupin_bin: Path, *args: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run([str(fupin_bin), *args], cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"fupin {' '.join(args)} failed: {out.stderr}")
    return took, out.stdout


def rows_of_csv(text: str) -> list[tuple[str, ...]]:
    return [tuple(r) for r in csv.reader(io.StringIO(text))][1:]


def rows_of_spark(table) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in r.values()) for r in table.to_pylist()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, default=3_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sweep-points", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    data = ROOT / "target" / f"w1-{args.households}-{args.seed}"
    households = data / "households.parquet"
    counties = data / "counties.csv"
    if not households.exists():
        subprocess.run(
            ["cargo", "xtask", "gen-data", "--households", str(args.households), "--seed",
             str(args.seed), "--out", str(data), "--parquet"],
            cwd=ROOT, check=True,
        )
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "fupin-cli"], cwd=ROOT, check=True)
    fupin_bin = ROOT / "target" / "release" / "fupin"

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("fupin-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - t0
    df = spark.read.parquet(str(households))
    print(f"Spark {spark.version} local[2], session started in {started:.1f} s (not counted); "
          f"{args.households:,} households, {df.rdd.getNumPartitions()} input partitions")

    names = ("1150", "1920", "3218")
    paths = [f"profiles/w1/w1-{n}.toml" for n in names]
    profiles = [fupin.load_profile(ROOT / p) for p in paths]
    cli_args = ["tabulate"]
    for p in paths:
        cli_args += ["--profile", p]
    cli_args += ["--counties", str(counties), "--households", str(households), "--format", "csv"]

    def spark_w1():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fupin.FupinWarning)
            t0 = time.perf_counter()
            t = fupin.spark.tabulate(df, profiles, counties=str(counties)).toArrow()
            return time.perf_counter() - t0, t

    _, text = cli_run(fupin_bin, *cli_args)
    _, table = spark_w1()
    assert rows_of_spark(table) == rows_of_csv(text), "the county tables differ"
    print(f"W1 tables equal ({table.num_rows} rows)")
    times: dict[str, list[float]] = {"cli": [], "spark": []}
    for _ in range(args.runs):
        times["cli"].append(cli_run(fupin_bin, *cli_args)[0])
        times["spark"].append(spark_w1()[0])
    c, s = statistics.median(times["cli"]), statistics.median(times["spark"])
    print(f"W1 fupin CLI:            median {c:.3f} s {sorted(round(x, 3) for x in times['cli'])}")
    print(f"W1 fupin.spark local[2]: median {s:.3f} s {sorted(round(x, 3) for x in times['spark'])}")
    print(f"W1 ratio Spark / CLI: {s / c:.2f}")

    if args.sweep_points > 0:
        stop = 2300 + 10 * (args.sweep_points - 1)
        took_cli, text = cli_run(
            fupin_bin, "sweep", "--profile", paths[2], "--param", "std2011.line", "--from",
            "2300", "--to", str(stop), "--step", "10", "--counties", str(counties),
            "--households", str(households), "--format", "csv",
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fupin.FupinWarning)
            t0 = time.perf_counter()
            sw = fupin.spark.sweep(
                df, profiles[2], "std2011.line", start="2300", stop=str(stop), step="10",
                counties=str(counties),
            ).toArrow()
            took_spark = time.perf_counter() - t0
        got = [r[1:] for r in rows_of_spark(sw)]
        assert got == rows_of_csv(text), "the sweeps differ"
        print(f"sweep of {args.sweep_points} values, tables equal: fupin CLI {took_cli:.1f} s, "
              f"fupin.spark one job {took_spark:.1f} s (ratio {took_spark / took_cli:.2f})")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

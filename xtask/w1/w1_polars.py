"""Benchmark W1 in polars: per county, persons; persons in households poor under 1,150,
1,920 and 3,218 yuan; persons in households failing the 2011 household exit test (income not
above 3,218 or a guarantee missing); incidence; county exit (<= 2%, <= 3% in the west).
Usage: python w1_polars.py HOUSEHOLDS COUNTIES OUT.csv  (prints the job's own seconds)

`w1(lf, region)` is the query itself, also run on a frame in memory by
crates/python/bench/w1.py."""
import sys
import time

import polars as pl

FLAGS = ["food_clothing", "compulsory_education", "basic_medical", "safe_housing", "safe_water"]


def w1(lf: pl.LazyFrame, region: pl.DataFrame) -> pl.DataFrame:
    """W1 over households `lf`; `region` has the columns `county` (text) and `region`."""
    inc = pl.col("net_income_per_capita").cast(pl.Float64)
    ok = pl.all_horizontal([pl.col(f).cast(pl.Boolean) for f in FLAGS])
    size = pl.col("size").cast(pl.Int64)
    table = (
        lf.filter(pl.col("year") == 2019)
        .group_by("county")
        .agg(
            persons=size.sum(),
            poor_1150=size.filter(inc < 1150).sum(),
            poor_1920=size.filter(inc < 1920).sum(),
            poor_3218=size.filter(inc < 3218).sum(),
            fail=size.filter(~((inc > 3218) & ok)).sum(),
        )
        .collect()
        .with_columns(pl.col("county").cast(pl.Utf8))
    )
    return (
        table.join(region, on="county", how="left")
        .with_columns(
            incidence_pct=(pl.col("fail") * 100 / pl.col("persons")).round(6),
            exit=pl.when(
                pl.col("fail") * 100
                <= pl.col("persons") * pl.when(pl.col("region") == "west").then(3).otherwise(2)
            )
            .then(pl.lit("exit"))
            .otherwise(pl.lit("remain")),
        )
        .select(["county", "persons", "poor_1150", "poor_1920", "poor_3218", "fail", "incidence_pct", "exit"])
        .sort("county")
    )


def regions(counties: str) -> pl.DataFrame:
    """The county table's regions, keyed by `county`."""
    return pl.read_csv(counties, columns=["code", "region"], schema_overrides={"code": pl.Utf8}).rename(
        {"code": "county"}
    )


if __name__ == "__main__":
    households, counties, out = sys.argv[1:4]
    t0 = time.perf_counter()
    if households.endswith(".parquet"):
        lf = pl.scan_parquet(households)
    else:
        lf = pl.scan_csv(households, schema_overrides={"county": pl.Utf8, "village": pl.Utf8})
    w1(lf, regions(counties)).write_csv(out)
    print(f"{time.perf_counter() - t0:.3f}")

"""Benchmark A1 in polars: the same job as a1_duckdb.py (its docstring says what it is), with
`n_unique` for the duplicate-id check and two `group_by`s (village, then the villages' sums
by county), the scan shared by the two queries (`collect_all`).

Usage: python a1_polars.py HOUSEHOLDS.parquet COUNTIES.csv PARAMS.json OUT_VILLAGES.csv OUT_COUNTIES.csv
(prints the job's own seconds)
"""
import json
import sys
import time

import polars as pl

households, counties, params, out_v, out_c = sys.argv[1:6]
t0 = time.perf_counter()
with open(params) as f:
    p = json.load(f)
lf = pl.scan_parquet(households)
size = pl.col("size").cast(pl.Int64)
ok = pl.col("net_income_per_capita").cast(pl.Float64) > p["line"]
for g in p["guarantees"]:
    ok = ok & pl.col(g).cast(pl.Boolean)
ids = lf.select(n=pl.len(), distinct=pl.col("household_id").n_unique())
v = (
    lf.filter(pl.col("year") == p["year"])
    .group_by("village", "county")
    .agg(persons=size.sum(), fail=size.filter(~ok).sum())
)
ids, v = pl.collect_all([ids, v])
n, distinct = ids.row(0)
if n != distinct:
    sys.exit(f"{households}: {n - distinct} duplicate household ids")
v = v.with_columns(pl.col("village").cast(pl.Utf8), pl.col("county").cast(pl.Utf8))
region = (
    pl.read_csv(counties, columns=["code", "region"], schema_overrides={"code": pl.Utf8})
    .unique()
    .rename({"code": "county"})
)


def outcome(df: pl.DataFrame, kind: str, inclusive: bool) -> pl.DataFrame:
    b = p[f"{kind}_max_pct"]
    bound = pl.col("persons") * (
        pl.when(pl.col("region") == "west")
        .then(b["west"])
        .when(pl.col("region") == "central")
        .then(b["central"])
        .otherwise(b["east"])
    )
    passes = pl.col("fail") * 100 <= bound if inclusive else pl.col("fail") * 100 < bound
    return df.join(region, on="county", how="left").with_columns(
        outcome=pl.when(passes).then(pl.lit("exit")).otherwise(pl.lit("remain"))
    )


outcome(v, "village", True).select("village", "persons", "fail", "outcome").sort("village").write_csv(out_v)
c = v.group_by("county").agg(pl.col("persons").sum(), pl.col("fail").sum())
outcome(c, "county", p["county_bound_passes"]).select("county", "persons", "fail", "outcome").sort(
    "county"
).write_csv(out_c)
print(f"{time.perf_counter() - t0:.3f}")

"""Benchmark A1 in DuckDB: the job of `fupin assess` with the 2011 household rules, village
exit and county exit by incidence (the A1 profile `cargo xtask bench a1` writes).

- Household ids unique: `count(DISTINCT household_id)` against `count(*)`; a duplicate
  fails the job (exit status 1), as it fails fupin's.
- Per household of the assessment year, the 2016 exit test (`std2011.household.exit.*`):
  income per capita above the year's line (> line) and every guarantee the parameters
  require true.
- Per village and per county (two GROUP BYs: village, then the villages' sums by county),
  persons, and persons in households that fail the test; the incidence fail / persons
  compared with the bound of the county's region (`std2011.exit.village.max_incidence_pct.*`,
  always <=; `std2011.exit.county.max_incidence_pct.*`, <= or < by
  `std2011.exit.county.bound_passes`), exactly, as integers: fail × 100 against persons ×
  bound.

The line, the required guarantees and the bounds come from PARAMS.json, which `cargo xtask
bench a1` writes from `rules/std2011/params.toml` (the values fupin reads).

Usage: python a1_duckdb.py HOUSEHOLDS.parquet COUNTIES.csv PARAMS.json OUT_VILLAGES.csv OUT_COUNTIES.csv
(prints the job's own seconds)
"""
import json
import sys
import time

import duckdb

households, counties, params, out_v, out_c = sys.argv[1:6]
t0 = time.perf_counter()
with open(params) as f:
    p = json.load(f)
src = f"read_parquet('{households}')"
con = duckdb.connect()
n, distinct = con.execute(f"SELECT count(*), count(DISTINCT household_id) FROM {src}").fetchall()[0]
if n != distinct:
    sys.exit(f"{households}: {n - distinct} duplicate household ids")
ok = " AND ".join(f"{g}::BOOLEAN" for g in p["guarantees"]) or "TRUE"
test = f"net_income_per_capita::DOUBLE > {p['line']} AND {ok}"
con.sql(f"""
CREATE TEMP TABLE v AS
  SELECT village::VARCHAR AS village, county::VARCHAR AS county,
         sum(size::BIGINT) AS persons,
         sum(CASE WHEN {test} THEN 0 ELSE size::BIGINT END) AS fail
  FROM {src} WHERE year = {p['year']} GROUP BY ALL
""")
con.sql(f"""
CREATE TEMP TABLE r AS
  SELECT DISTINCT code::VARCHAR AS county, region FROM read_csv('{counties}', types={{'code': 'VARCHAR'}})
""")


def bound(kind: str) -> str:
    b = p[f"{kind}_max_pct"]
    return f"CASE region WHEN 'west' THEN {b['west']} WHEN 'central' THEN {b['central']} ELSE {b['east']} END"


county_op = "<=" if p["county_bound_passes"] else "<"
con.sql(f"""
COPY (
  SELECT village, persons, fail,
         CASE WHEN fail * 100 <= persons * {bound('village')} THEN 'exit' ELSE 'remain' END AS outcome
  FROM v LEFT JOIN r USING (county) ORDER BY village
) TO '{out_v}' (HEADER, DELIMITER ',')
""")
con.sql(f"""
COPY (
  WITH c AS (SELECT county, sum(persons) AS persons, sum(fail) AS fail FROM v GROUP BY county)
  SELECT county, persons, fail,
         CASE WHEN fail * 100 {county_op} persons * {bound('county')} THEN 'exit' ELSE 'remain' END AS outcome
  FROM c LEFT JOIN r USING (county) ORDER BY county
) TO '{out_c}' (HEADER, DELIMITER ',')
""")
print(f"{time.perf_counter() - t0:.3f}")

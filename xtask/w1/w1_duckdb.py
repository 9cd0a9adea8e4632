"""Benchmark W1 in DuckDB (same job as w1_polars.py).
Usage: python w1_duckdb.py HOUSEHOLDS COUNTIES OUT.csv  (prints the job's own seconds)"""
import sys
import time

import duckdb

households, counties, out = sys.argv[1:4]
t0 = time.perf_counter()
if households.endswith(".parquet"):
    src = f"read_parquet('{households}')"
else:
    src = f"read_csv('{households}', types={{'county': 'VARCHAR', 'village': 'VARCHAR', 'household_id': 'VARCHAR'}})"
ok = "(food_clothing::BOOLEAN AND compulsory_education::BOOLEAN AND basic_medical::BOOLEAN AND safe_housing::BOOLEAN AND safe_water::BOOLEAN)"
inc = "net_income_per_capita::DOUBLE"
duckdb.sql(f"""
COPY (
  WITH h AS (
    SELECT county::VARCHAR AS county,
           sum(size::BIGINT) AS persons,
           sum(CASE WHEN {inc} < 1150 THEN size::BIGINT ELSE 0 END) AS poor_1150,
           sum(CASE WHEN {inc} < 1920 THEN size::BIGINT ELSE 0 END) AS poor_1920,
           sum(CASE WHEN {inc} < 3218 THEN size::BIGINT ELSE 0 END) AS poor_3218,
           sum(CASE WHEN NOT ({inc} > 3218 AND {ok}) THEN size::BIGINT ELSE 0 END) AS fail
    FROM {src} WHERE year = 2019 GROUP BY ALL
  ), c AS (
    SELECT code::VARCHAR AS county, region FROM read_csv('{counties}', types={{'code': 'VARCHAR'}})
  )
  SELECT h.county, persons, poor_1150, poor_1920, poor_3218, fail,
         round(fail * 100.0 / persons, 6) AS incidence_pct,
         CASE WHEN fail * 100 <= persons * (CASE WHEN region = 'west' THEN 3 ELSE 2 END)
              THEN 'exit' ELSE 'remain' END AS exit
  FROM h LEFT JOIN c USING (county) ORDER BY h.county
) TO '{out}' (HEADER, DELIMITER ',')
""")
print(f"{time.perf_counter() - t0:.3f}")

"""Write the A1 households as another tool writes them with its defaults, from the CSV that
`cargo xtask gen-data` wrote (the same rows), for `cargo xtask bench a1 --writer W`.
Usage: python write.py WRITER SOURCE.csv OUT.parquet   (WRITER: pyarrow, polars, pandas, duckdb)

As `xtask/w1/write.py` does for W1, with one difference the issue asks of A1: the village
code is text in every file (the user declares it so when reading the CSV: a 12-digit code is
an identifier, not a number). Household ids are text (`H000000001`) and unique.

- pyarrow: codes and ids declared as text, money as decimal(12,2) when reading the CSV;
  `pyarrow.parquet.write_table` defaults (dictionary pages, snappy, row groups of about a
  million rows). The same file as W1's pyarrow file.
- polars: `read_csv` defaults (county code as Int64, money as Float64) with the village as
  `Utf8`; `write_parquet` defaults.
- pandas: `read_csv` defaults with the village read as text, the county and village codes
  then made categoricals (as W1's pandas writer does); money as float64; `to_parquet`
  defaults.
- duckdb: `read_csv` auto-detection (county as BIGINT, money as DOUBLE) with the village as
  VARCHAR; `COPY ... TO` defaults.
"""
import sys

writer, src, out = sys.argv[1:4]
if writer == "pyarrow":
    import pyarrow as pa
    import pyarrow.csv as pc
    import pyarrow.parquet as pq

    types = {c: pa.string() for c in ("household_id", "county", "village")}
    types["net_income_per_capita"] = pa.decimal128(12, 2)
    t = pc.read_csv(src, convert_options=pc.ConvertOptions(column_types=types))
    pq.write_table(t, out)
elif writer == "polars":
    import polars as pl

    pl.read_csv(src, schema_overrides={"village": pl.Utf8}).write_parquet(out)
elif writer == "pandas":
    import pandas as pd

    df = pd.read_csv(src, dtype={"village": str})
    for c in ("county", "village"):
        df[c] = df[c].astype("category")
    df.to_parquet(out)
elif writer == "duckdb":
    import duckdb

    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{src}', types={{'village': 'VARCHAR'}})) TO '{out}' (FORMAT parquet)"
    )
else:
    sys.exit(f"writer {writer}: pyarrow, polars, pandas or duckdb")

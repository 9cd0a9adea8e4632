"""Write the W1 households as another tool writes them with its defaults, from the CSV that
`cargo xtask gen-data` wrote (the same rows), for `cargo xtask bench w1 --writer W`.
Usage: python write.py WRITER FORMAT SOURCE.csv OUT   (WRITER: pyarrow, polars, pandas, duckdb;
FORMAT: parquet or csv)

- pyarrow: a user who declares the codes as text and money as decimal(12,2) when reading the
  CSV; `pyarrow.parquet.write_table` defaults (dictionary pages, snappy, row groups of about a
  million rows, decimals as fixed-length byte arrays), `pyarrow.csv.write_csv` defaults (every
  text field quoted).
- polars: `read_csv` defaults (codes as Int64, money as Float64), `write_parquet` / `write_csv`
  defaults.
- pandas: `read_csv` defaults with the county and village codes as categoricals (what an
  analyst does to save memory: dictionaries with 16-bit keys over Int64 values), money as
  float64; `to_parquet` / `to_csv(index=False)` defaults.
- duckdb: `read_csv` auto-detection (codes as BIGINT, money as DOUBLE), `COPY ... TO` defaults.
"""
import sys

writer, fmt, src, out = sys.argv[1:5]
if fmt not in ("parquet", "csv"):
    sys.exit(f"format {fmt}: parquet or csv")
if writer == "pyarrow":
    import pyarrow as pa
    import pyarrow.csv as pc
    import pyarrow.parquet as pq

    types = {c: pa.string() for c in ("household_id", "county", "village")}
    types["net_income_per_capita"] = pa.decimal128(12, 2)
    t = pc.read_csv(src, convert_options=pc.ConvertOptions(column_types=types))
    if fmt == "parquet":
        pq.write_table(t, out)
    else:
        pc.write_csv(t, out)
elif writer == "polars":
    import polars as pl

    df = pl.read_csv(src)
    if fmt == "parquet":
        df.write_parquet(out)
    else:
        df.write_csv(out)
elif writer == "pandas":
    import pandas as pd

    df = pd.read_csv(src)
    for c in ("county", "village"):
        df[c] = df[c].astype("category")
    if fmt == "parquet":
        df.to_parquet(out)
    else:
        df.to_csv(out, index=False)
elif writer == "duckdb":
    import duckdb

    duckdb.sql(f"COPY (SELECT * FROM read_csv('{src}')) TO '{out}' (FORMAT {fmt})")
else:
    sys.exit(f"writer {writer}: pyarrow, polars, pandas or duckdb")

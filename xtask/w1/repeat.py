"""A household table N times as large, for the bounded-memory run of W1 (issue 17): the row
groups of a Parquet file written again `--times` times, one after another, without the
`household_id` column (W1 does not read it; the copies would repeat ids). Streams one row
group at a time: memory stays small whatever the size.

Usage (from the repository root, with the bench's virtual environment):

    target/w1-venv/bin/python xtask/w1/repeat.py target/w1-30000000-1/households.parquet \
        target/w1-300000000/households.parquet --times 10
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pyarrow.parquet as pq


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--times", type=int, default=10)
    args = ap.parse_args()
    src = pq.ParquetFile(args.source)
    columns = [c for c in src.schema_arrow.names if c != "household_id"]
    schema = src.schema_arrow.remove(src.schema_arrow.get_field_index("household_id"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    part = args.out.with_suffix(".parquet.part")
    with pq.ParquetWriter(part, schema, compression="snappy") as w:
        for _ in range(args.times):
            for g in range(src.num_row_groups):
                w.write_table(src.read_row_group(g, columns=columns))
    part.rename(args.out)
    print(f"{args.out}: {pq.ParquetFile(args.out).metadata.num_rows:,} rows")


if __name__ == "__main__":
    main()

"""A household table N times as large, for the bounded-memory run of W1 (issue 17): the row
groups of a Parquet file written again `--times` times, one after another, each copy's
household ids prefixed with its number (`c3-H00000001`) so that ids stay unique. Streams one
row group at a time: memory stays small whatever the size.

Usage (from the repository root, with the bench's virtual environment):

    target/w1-venv/bin/python xtask/w1/repeat.py target/w1-30000000-1/households.parquet \
        target/w1-300000000/households.parquet --times 10
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--times", type=int, default=10)
    args = ap.parse_args()
    src = pq.ParquetFile(args.source)
    schema = src.schema_arrow
    ids = schema.get_field_index("household_id")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    part = args.out.with_suffix(".parquet.part")
    with pq.ParquetWriter(part, schema, compression="snappy") as w:
        for k in range(args.times):
            prefix = pa.scalar(f"c{k}-", schema.field(ids).type)
            for g in range(src.num_row_groups):
                t = src.read_row_group(g)
                renamed = pc.binary_join_element_wise(prefix, t.column(ids), "")
                w.write_table(t.set_column(ids, schema.field(ids), renamed))
    part.rename(args.out)
    print(f"{args.out}: {pq.ParquetFile(args.out).metadata.num_rows:,} rows")


if __name__ == "__main__":
    main()

"""The village and county exit outcomes of a `fupin assess --format json` report, as the
tables the A1 peers write (`a1_duckdb.py`, `a1_polars.py`): for `cargo xtask bench a1`.
The persons and the persons in failing households are read from the incidence check's basis
("households: F of P persons in households that fail the household exit test; …"); empty
when the incidence was not measured on households.

Usage: python outcomes.py REPORT.json OUT_VILLAGES.csv OUT_COUNTIES.csv
"""
import csv
import json
import re
import sys

report, out_v, out_c = sys.argv[1:4]
with open(report, encoding="utf-8") as f:
    doc = json.load(f)
basis = re.compile(r"households: (\d+) of (\d+) persons")
rows = {"village": [], "county": []}
for d in doc["decisions"]:
    level = d["level"]
    if level not in rows or d["test"] != "exit":
        continue
    fail = persons = ""
    for c in d["checks"]:
        if c["rule"].endswith(".exit.incidence"):
            m = basis.match(c.get("basis") or "")
            if m:
                fail, persons = m.group(1), m.group(2)
    rows[level].append((d["id"], persons, fail, d["outcome"]))
for level, out in (("village", out_v), ("county", out_c)):
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([level, "persons", "fail", "outcome"])
        w.writerows(sorted(rows[level]))

"""W1 on households already in memory as a polars DataFrame: fupin (the Python package) against
polars computing W1 on that same frame, run side by side; and fupin's peak memory above the
frame (the no-copy target).

W1 is the county table under three lines: per county, persons; persons in households poor
under 1,150, 1,920 and 3,218 yuan; persons in households failing the 2011 household exit test;
incidence; county exit (<= 2%, <= 3% in the west). fupin runs `tabulate` with the three W1
profiles (profiles/w1/); polars runs the query of xtask/w1/w1_polars.py (`w1`) on the frame.

Usage (from the repository root, after `cargo xtask python --release` or `pip install
./crates/python`):

    python crates/python/bench/w1.py --households 30000000 [--runs 5]

The households are `cargo xtask gen-data --households N --parquet` (made when missing, in
target/big-N), read into memory by polars with its defaults (codes as strings, views).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import polars as pl

import fupin

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "xtask" / "w1"))
from w1_polars import regions, w1  # noqa: E402  the polars query of `cargo xtask bench w1`


def status(field: str) -> int:
    """A /proc/self/status figure in bytes (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def reset_peak() -> None:
    """Reset VmHWM to the current RSS (Linux: write 5 to clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--households", type=int, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    data = ROOT / "target" / f"big-{args.households}"
    households = data / "households.parquet"
    counties = data / "counties.csv"
    if not households.exists():
        subprocess.run(
            ["cargo", "xtask", "gen-data", "--households", str(args.households), "--seed",
             str(args.seed), "--out", str(data), "--parquet"],
            cwd=ROOT, check=True,
        )
    rss0 = status("VmRSS")
    df = pl.read_parquet(households)
    frame = status("VmRSS") - rss0
    print(f"frame: {df.height:,} rows, {df.estimated_size() / 2**20:.0f} MiB (polars), "
          f"resident {frame / 2**20:.0f} MiB; schema {dict(df.schema)}")
    region = regions(str(counties))
    profiles = [fupin.load_profile(ROOT / f"profiles/w1/w1-{line}.toml") for line in (1150, 1920, 3218)]

    def run_fupin():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fupin.FupinWarning)
            return fupin.tabulate(profiles, households=df, counties=counties)

    # Both once, checked equal, before timing.
    t = run_fupin().to_polars()
    p = w1(df.lazy(), region)
    w = t.filter(pl.col("profile") == "w1-3218").filter(pl.col("persons") > 0).sort("county")
    assert w["county"].to_list() == p["county"].to_list(), "counties differ"
    assert w["persons"].to_list() == p["persons"].to_list(), "persons differ"
    assert w["remaining_persons"].to_list() == p["fail"].to_list(), "exit-test failures differ"
    assert w["exit"].to_list() == p["exit"].to_list(), "exit decisions differ"
    for line in (1150, 1920):
        v = t.filter(pl.col("profile") == f"w1-{line}").filter(pl.col("persons") > 0).sort("county")
        assert v["poor_persons"].to_list() == p[f"poor_{line}"].to_list(), f"poor under {line} differ"
    print("tables equal")

    times: dict[str, list[float]] = {"fupin": [], "polars": []}
    peaks = []
    for _ in range(args.runs):
        # Side by side: alternate the two, so both see the same machine state.
        reset_peak()
        base = status("VmRSS")
        t0 = time.perf_counter()
        run_fupin()
        times["fupin"].append(time.perf_counter() - t0)
        peaks.append(status("VmHWM") - base)
        t0 = time.perf_counter()
        w1(df.lazy(), region)
        times["polars"].append(time.perf_counter() - t0)
    f, q = statistics.median(times["fupin"]), statistics.median(times["polars"])
    print(f"fupin  tabulate (3 profiles) on the frame: median {f:.3f} s  {sorted(round(x, 3) for x in times['fupin'])}")
    print(f"polars W1 on the frame:                   median {q:.3f} s  {sorted(round(x, 3) for x in times['polars'])}")
    print(f"ratio fupin/polars: {f / q:.2f} (target <= 1.0)")
    print(f"fupin peak memory above the frame: {max(peaks) / 2**20:.1f} MiB (target <= 64 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

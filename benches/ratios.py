#!/usr/bin/env python3
"""matome's speed against the floor, and the page's against the native
binary, on two synthetic folders: 1,000 units × 1 file and 1,000 units × 12
monthly files (`examples/synth.rs`).

    python3 benches/ratios.py [--runs 5] [--page]

The floor is one process that does only what no tool can avoid: calamine
opening every file and touching every cell (in parallel), then
rust_xlsxwriter writing a plain workbook with as many cells as matome's
report (`examples/bench.rs`, `bench DIR floor CELLS`). Each run of the floor
is followed by one of `matome consolidate` on the same folder, so that a
shared, noisy machine weighs on both alike; the medians of the wall times,
their ratio, and matome's peak memory (maximum resident set) are printed.
With --page, the page in headless Chromium against the native binary on one
thread on both folders, as many runs (the ignored `page_against_native` test
of tests/browser.rs; needs `web/build.sh` run first).

Folders are made once in $MATOME_BENCH_DIR (default: the system's temporary
folder); building and making them is not timed.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINARY = ROOT / "target" / "release" / "matome"
BENCH = ROOT / "target" / "release" / "examples" / "bench"
FOLDERS = {"1,000 × 1": ("s1000", ["--units", "1000"]),
           "1,000 × 12": ("y1000", ["--units", "1000", "--files-per-unit", "12"])}


def timed(command):
    """Wall seconds and peak resident KiB of one command (GNU time)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stderr}")
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def folder(base, name, args):
    path = base / name
    if not (path / "config.toml").exists():
        subprocess.run(["cargo", "run", "--release", "-q", "--example", "synth", "--"] + args + ["--out", str(path)],
                       cwd=ROOT, check=True)
    return path


def against_the_floor(label, path, runs):
    report = path / "ratios-report.xlsx"
    consolidate = [str(BINARY), "consolidate", str(path / "submissions"), "--config", str(path / "config.toml"),
                   "-o", str(report), "-q"]
    timed(consolidate)
    cells = subprocess.run([str(BENCH), str(path), "cells", str(report)], capture_output=True, text=True,
                           check=True).stdout.strip()
    floor_command = [str(BENCH), str(path), "floor", cells]
    floors, fulls, peaks = [], [], []
    for _ in range(runs):
        floors.append(timed(floor_command)[0])
        seconds, kib = timed(consolidate)
        fulls.append(seconds)
        peaks.append(kib)
    floor, full = statistics.median(floors), statistics.median(fulls)
    print(f"{label:>10}: floor {floor:.2f} s, matome {full:.2f} s, ratio {full / floor:.2f} "
          f"(runs {runs}; {cells} report cells; matome's peak {max(peaks) / 1024:.0f} MiB)")
    report.unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", action="store_true")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "--bin", "matome", "--example", "bench", "--example", "synth"],
                   cwd=ROOT, check=True)
    base = Path(os.environ.get("MATOME_BENCH_DIR", tempfile.gettempdir())) / "matome-bench"
    base.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; medians of {args.runs} interleaved runs")
    for label, (name, synth_args) in FOLDERS.items():
        against_the_floor(label, folder(base, name, synth_args), args.runs)
    if args.page:
        for label, (name, synth_args) in FOLDERS.items():
            page_against_native(label, folder(base, name, synth_args), args.runs)


def page_against_native(label, path, runs):
    """The page's time (as it times itself) against the native binary on one
    thread, each run a fresh browser after a native run (the ignored
    `page_against_native` test); the medians of the times and of the ratios."""
    env = dict(os.environ, BENCH_DIRS=f"{label}={path / 'submissions'}={path / 'config.toml'}")
    pages, natives, ratios = [], [], []
    for _ in range(runs):
        output = subprocess.run(["cargo", "test", "--release", "-q", "--test", "browser", "page_against_native", "--",
                                 "--ignored", "--nocapture"], cwd=ROOT, env=env, check=True, capture_output=True,
                                text=True).stdout
        found = re.search(r"page ([0-9.]+) s, native \(1 thread\) ([0-9.]+) s, ratio ([0-9.]+)", output)
        if not found:
            sys.exit(f"page_against_native printed no figures:\n{output}")
        for values, text in zip((pages, natives, ratios), found.groups()):
            values.append(float(text))
    print(f"{label:>10}: page {statistics.median(pages):.2f} s, native on one thread {statistics.median(natives):.2f} s, "
          f"ratio {statistics.median(ratios):.2f} (runs {runs}: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Lower bound for a Python consolidation: open every submission with
openpyxl and touch every cell, nothing more. Any pandas + openpyxl script
that consolidates the same folder takes at least this long.

    python3 benches/openpyxl_read.py /tmp/s1000/submissions
"""

import sys
import time
from pathlib import Path

import openpyxl

start = time.perf_counter()
files = sorted(Path(sys.argv[1]).rglob("*.xlsx"))
cells = 0
for path in files:
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += sum(1 for value in row if value is not None)
    book.close()
print(f"{len(files)} files, {cells} cells, {time.perf_counter() - start:.2f} s")

#!/usr/bin/env python3
"""Does LibreOffice compute every formula of a workbook to the value matome cached?

usage: python3 tests/tools/recalc.py BOOK.xlsx

A copy of BOOK is made with every formula's cached value removed, and
LibreOffice (headless, with a throw-away profile told to recalculate xlsx
files on load) saves it again. Each formula's recalculated value is then
compared with the value BOOK caches. Because the copy holds no cached
values at all, a LibreOffice that did not recalculate shows up as
mismatches, never as a false pass.

Only the standard library is used (the workbook is read as XML), so the
script needs nothing but python3 and soffice.

The last line printed is 'recalc: N formula cells, M mismatches'; the exit
status is 0 when there are formulas and M is 0, 1 otherwise, 2 when
LibreOffice could not be run.
"""

import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Calc's setting "Recalculation on file load" for Excel 2007 and later: 0 = always.
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def sheet_parts(book):
    """{sheet name: part name} in workbook order."""
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(PKG_REL + "Relationship")}
    parts = {}
    for sheet in workbook.iter(MAIN + "sheet"):
        target = targets[sheet.get(REL + "id")].lstrip("/")
        parts[sheet.get("name")] = target if target.startswith("xl/") else "xl/" + target
    return parts


def shared_strings(book):
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    root = ET.fromstring(book.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(MAIN + "t")) for si in root.iter(MAIN + "si")]


def formula_values(path):
    """{(sheet, cell): cached value} of every formula cell, and the formula count."""
    values = {}
    with zipfile.ZipFile(path) as book:
        strings = shared_strings(book)
        for name, part in sheet_parts(book).items():
            root = ET.fromstring(book.read(part))
            for cell in root.iter(MAIN + "c"):
                if cell.find(MAIN + "f") is None:
                    continue
                cached = cell.find(MAIN + "v")
                text = cached.text if cached is not None else None
                if text is not None and cell.get("t") == "s":
                    text = strings[int(text)]
                values[(name, cell.get("r"))] = (cell.get("t"), text)
    return values


def without_cached_values(source, target):
    """Copy an xlsx with the <v> of every formula cell removed."""
    cached = re.compile(rb"(</f>|<f[^>]*/>)<v>[^<]*</v>")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml"):
                data = cached.sub(rb"\1", data)
            zout.writestr(item, data)


def recalculated(book, work):
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    out = work / "out"
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(book)]
    try:
        subprocess.run(command, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"recalc: LibreOffice could not be run ({error})")
        sys.exit(2)
    result = out / book.name
    if not result.exists():
        print("recalc: LibreOffice wrote nothing")
        sys.exit(2)
    return result


def agree(ours, theirs):
    (our_type, our_text), (their_type, their_text) = ours, theirs
    if our_text in (None, "") and their_text in (None, ""):
        return True
    if our_type == "e" or their_type == "e":
        return our_type == their_type and our_text == their_text
    try:
        return abs(float(our_text) - float(their_text)) < 1e-9
    except (TypeError, ValueError):
        return our_text == their_text


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    book = Path(sys.argv[1]).resolve()
    ours = formula_values(book)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        stripped = work / book.name
        without_cached_values(book, stripped)
        theirs = formula_values(recalculated(stripped, work))
    missing = (None, None)
    bad = [(key, ours[key], theirs.get(key, missing)) for key in sorted(ours)
           if not agree(ours[key], theirs.get(key, missing))]
    for key, mine, other in bad[:10]:
        print(f"mismatch {key[0]}!{key[1]}: matome {mine[1]!r}, LibreOffice {other[1]!r}")
    print(f"recalc: {len(ours)} formula cells, {len(bad)} mismatches")
    sys.exit(0 if ours and not bad else 1)


if __name__ == "__main__":
    main()

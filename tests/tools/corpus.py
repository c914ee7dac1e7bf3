#!/usr/bin/env python3
"""Run matome's reader over public test workbooks (Apache POI's
test-data/spreadsheet, calamine's tests, SheetJS's test_files, ClosedXML's
test resources, POI's Outlook mails …), one file at a time, and say what it
made of each (a spreadsheet, a CSV, a zip or mail opened, or a file named
as not read, F013): a
crash, a time over a second or memory over 150 MiB fails; every F001 must
carry one of the documented reasons and a message free of the parser's
own words.

    python3 tests/tools/corpus.py target/release/matome DIR...

Prints a line per file that needs a look and a tally by code and reason.
"""

import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time

REASONS = {"empty", "encrypted", "html", "not_a_spreadsheet", "too_large", "damaged", "old_excel",
           "parser_failed", "unknown_codepage", "unsafe", "cannot_open", "too_deep", "wrong_password",
           "encrypted_unsupported"}
MAX_SECONDS = 1.0
MAX_KIB = 150 * 1024
# The parsers' English, which must never reach a user's sentence.
PARSER_WORDS = re.compile(r"(Xlsx|Xls|Xlsb|Ods|Zip|Cfb|Xml) error|EOCD|End of stream|entity|Relationship")


def run(binary, path):
    with tempfile.TemporaryDirectory() as scratch:
        start = time.monotonic()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "check", path, "--format", "json"],
                              capture_output=True, text=True, cwd=scratch, timeout=60)
        seconds = time.monotonic() - start
    kib = int(proc.stderr.strip().splitlines()[-1]) if proc.stderr.strip() else 0
    return proc, seconds, kib


def main():
    binary, dirs = os.path.abspath(sys.argv[1]), sys.argv[2:]
    files = sorted(os.path.join(root, name) for d in dirs for root, _, names in os.walk(d) for name in names)
    tally = collections.Counter()
    problems = 0
    slowest = (0.0, "")
    largest = (0, "")
    for path in files:
        proc, seconds, kib = run(binary, path)
        slowest = max(slowest, (seconds, path))
        largest = max(largest, (kib, path))
        trouble = []
        if "panicked" in proc.stderr or proc.returncode not in (0, 1):
            trouble.append(f"exit {proc.returncode}: {proc.stderr.strip()[:200]}")
        if seconds > MAX_SECONDS:
            trouble.append(f"{seconds:.2f} s")
        if kib > MAX_KIB:
            trouble.append(f"{kib // 1024} MiB")
        try:
            findings = json.loads(proc.stdout)["findings"]
        except (ValueError, KeyError):
            findings = []
        for finding in findings:
            if finding["code"] in ("F001", "F008", "F009"):
                tally[(finding["code"], finding.get("reason"))] += 1
            if finding["code"] == "F013":
                tally[("F013", finding.get("found"))] += 1
            if finding["code"] == "F001":
                if finding.get("reason") not in REASONS:
                    trouble.append(f"F001 without a documented reason: {finding.get('found')}")
                if PARSER_WORDS.search(finding.get("message", "")):
                    trouble.append(f"parser's words in the message: {finding['message']}")
        if not any(f["code"] in ("F001", "F008", "F009", "F013") for f in findings):
            tally[("read", None)] += 1
        if trouble:
            problems += 1
            print(f"{path}: {'; '.join(trouble)}")
    print(f"{len(files)} files; slowest {slowest[0]:.2f} s ({os.path.basename(slowest[1])}); "
          f"largest {largest[0] // 1024} MiB ({os.path.basename(largest[1])})")
    for (code, reason), count in sorted(tally.items(), key=lambda item: -item[1]):
        print(f"  {code} {reason or ''}: {count}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

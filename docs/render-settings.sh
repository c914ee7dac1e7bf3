#!/bin/sh
# Redraws the settings workbook pictures of the manual (docs/manual.md):
# matome init's 組織 sheet and new-year's 目標 sheet, through LibreOffice
# and pdftoppm. Run from the repository root after `cargo build --release`.
set -eu
out=$(mktemp -d)
matome=target/release/matome
"$matome" consolidate samples -o "$out/report.xlsx" --as-of 2021-06-14 >/dev/null || true
"$matome" init -o "$out/settings.xlsx" >/dev/null
"$matome" new-year --report "$out/report.xlsx" -o "$out/next.xlsx" >/dev/null
for book in settings next; do
    soffice --headless --convert-to pdf --outdir "$out" "$out/$book.xlsx" >/dev/null
done
pdftoppm -png -r 90 -f 1 -l 1 -x 40 -y 50 -W 960 -H 250 -singlefile "$out/settings.pdf" docs/settings-organisation
pdftoppm -png -r 90 -f 5 -l 5 -x 40 -y 50 -W 960 -H 330 -singlefile "$out/next.pdf" docs/settings-targets
rm -rf "$out"

#!/usr/bin/env python3
"""Put the page together: web/page/index.html with its style, its script,
the chart library (ApexCharts, from web/node_modules), the worker
(wasm-bindgen's glue, then worker.js) and the wasm (base64) inside, as one
self-contained matome.html; and the same file as index.html of a folder a
web server can serve.

    python3 page/assemble.py PKG_DIR PAGE_DIR OUT_DIR
"""

import base64
import pathlib
import shutil
import sys


def inline(text):
    """Text that cannot close the element it is put in."""
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def main():
    pkg, page, out = (pathlib.Path(p) for p in sys.argv[1:4])
    glue = (pkg / "matome_web.js").read_text(encoding="utf-8")
    wasm = base64.b64encode((pkg / "matome_web_bg.wasm").read_bytes()).decode("ascii")
    html = (page / "index.html").read_text(encoding="utf-8")
    parts = {
        "/*STYLE*/": (page / "style.css").read_text(encoding="utf-8"),
        "/*WORKER*/": glue + "\n" + (page / "worker.js").read_text(encoding="utf-8"),
        "/*WASM*/": wasm,
        "/*PAGE*/": (page / "page.js").read_text(encoding="utf-8"),
        # Its licence comment stays at its head.
        "/*CHARTS*/": (page.parent / "node_modules" / "apexcharts" / "dist" / "apexcharts.min.js").read_text(
            encoding="utf-8"),
    }
    for marker, text in parts.items():
        assert html.count(marker) == 1, marker
        html = html.replace(marker, inline(text))
    out.mkdir(parents=True, exist_ok=True)
    (out / "matome.html").write_text(html, encoding="utf-8")
    site = out / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    shutil.copy(out / "matome.html", site / "index.html")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Pack the release (called by .ci/release): for Windows a zip, for Linux a
tar.gz, each one folder holding the program, the page (matome.html), the
manual as a page any browser opens (利用の手引き.html, its pictures in
images/), a short はじめにお読みください.txt, the samples and the licence:
what to open is what a user sees first.

    python3 .ci/package.py MATOME_EXE MATOME_LINUX MATOME_HTML OUT_DIR
"""

import io
import pathlib
import re
import sys
import tarfile
import zipfile

import markdown

ROOT = pathlib.Path(__file__).resolve().parents[1]


def joined_japanese(text):
    """A paragraph's lines (a list item's too) joined without the space
    markdown would put where a line breaks between two Japanese characters;
    code blocks, headings, lists, tables and pictures kept as they are."""
    out, in_code = [], False
    wide = lambda c: ord(c) > 0x2E7F
    for line in text.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
        rest = line.lstrip()
        continues = (not in_code and out and out[-1] and not out[-1].startswith("```") and rest
                     and wide(rest[0]) and wide(out[-1][-1]))
        if continues:
            out[-1] += rest
        else:
            out.append(line)
    return "\n".join(out)


def manual_page():
    """The manual as one HTML page, its pictures named beside it."""
    text = joined_japanese((ROOT / "docs" / "manual.md").read_text(encoding="utf-8"))
    body = markdown.markdown(text, extensions=["tables", "fenced_code"])
    return (
        "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>matome 利用の手引き</title>"
        "<style>body{font-family:'Yu Gothic UI','Meiryo',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.7}img{max-width:100%;border:1px solid #ccc}pre{background:#f5f8fb;padding:.8rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}</style></head><body>"
        + re.sub(r'src="([^"/]+\.png)"', r'src="images/\1"', body) + "</body></html>"
    )


READ_ME_FIRST = """matome（まとめ）— はじめにお読みください

このフォルダの中身:
  matome.html        ダブルクリックするとブラウザ（Edge・Chrome）で開きます。
                     支所から届いたファイルのフォルダを選ぶと集計します。
                     インストールは不要で、ファイルはこの PC の外に送られません。
  {program:<18} 年度のフォルダをこのプログラムの上にドラッグすると、
                     フォルダの隣に集計表（…_進捗表.xlsx）を書きます。
  利用の手引き.html  4 月の設定、毎月の集計、3 月の年度末の手順です。
  samples            試しに集計できる支所のファイルです。
  images             利用の手引きの図です。
  LICENSE.txt        利用条件です。

まず matome.html を開き、samples フォルダを選んでみてください。

---
matome — read me first: open matome.html in Edge or Chrome and choose the
folder of the branches' files (or drag the folder onto {program}); the
manual is 利用の手引き.html.
"""


def read_me_first(program_name):
    """Windows' Notepad reads UTF-8 with its BOM and CRLF line ends."""
    text = READ_ME_FIRST.format(program=program_name).replace("\n", "\r\n")
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def contents(program, program_name, page):
    """(name in the archive, bytes) of everything shipped."""
    yield program_name, pathlib.Path(program).read_bytes()
    yield "matome.html", pathlib.Path(page).read_bytes()
    yield "利用の手引き.html", manual_page().encode("utf-8")
    yield "はじめにお読みください.txt", read_me_first(program_name)
    for picture in sorted((ROOT / "docs").glob("*.png")):
        yield f"images/{picture.name}", picture.read_bytes()
    for sample in sorted((ROOT / "samples").iterdir()):
        yield f"samples/{sample.name}", sample.read_bytes()
    yield "LICENSE.txt", (ROOT / "LICENSE").read_bytes()


def main():
    exe, linux, page, out = sys.argv[1:5]
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out / "matome-windows-x86_64.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents(exe, "matome.exe", page):
            archive.writestr("matome/" + name, data)
    with tarfile.open(out / "matome-linux-x86_64.tar.gz", "w:gz") as archive:
        for name, data in contents(linux, "matome", page):
            info = tarfile.TarInfo("matome/" + name)
            info.size = len(data)
            info.mode = 0o755 if name == "matome" else 0o644
            archive.addfile(info, io.BytesIO(data))
    for made in sorted(out.glob("matome-*")):
        print(f"built {made} ({made.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

"""A generated corpus of hostile and broken inputs (used by tests/test_hostile.py; by hand: see main()).

``write_corpus(root, port)`` writes one file (or link) per kind of hostile input under
``root`` and returns the kinds written. Articles reference ``http://127.0.0.1:PORT``
in every way HTML, CSS, Markdown and URLs allow, so a listener on that port can tell
whether anything was fetched. Large files are created cheaply (sparse, or written
in blocks) and are refused by size before they are read.

Run by hand for the full-size folder of tiny files::

    .venv/bin/python -m tests.ingest.hostile_corpus /tmp/hostile --tiny 100000
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import os
from pathlib import Path

STORY = (
    "Ministers warn Moscow over border build-up\n\n"
    "Foreign ministers of the alliance met in Brussels on Tuesday to discuss the troop build-up near "
    "the border. They agreed that any further aggression would carry severe costs for Russia.\n\n"
    '"We will respond with unity and resolve," the secretary general told reporters after the talks.\n\n'
    "The talks will resume next week in Geneva, officials said, as diplomats seek a way to ease tensions.\n"
)
SIDECAR_SUFFIX = ".meta.json"
DATED = "Published: 4 January 2022\n\n" + STORY


def hostile_markup(port: int) -> dict[str, str]:
    """Markup and URLs that would reach the listener (or the file system) if rendered live."""
    url = f"http://127.0.0.1:{port}"
    return {
        "script": f'<script src="{url}/script.js"></script><script>fetch("{url}/inline")</script>',
        "img": f'<img src="{url}/img.png" onerror="this.src=\'{url}/onerror\'">',
        "link": f'<link rel="stylesheet" href="{url}/style.css">',
        "import": f'<style>@import "{url}/import.css"; @import url({url}/import2.css);</style>',
        "file_url": '<div style="background: url(file:///etc/passwd)">x</div>',
        "css_url": f'<p style="background-image: url({url}/bg.png)">styled</p>',
        "javascript": '<a href="javascript:alert(1)">click</a> [md link](javascript:alert(2))',
        "iframe": f'<iframe src="{url}/frame.html"></iframe><object data="{url}/obj"></object>',
        "markdown": f"![tracker]({url}/md.png) [home]({url}/md-link) <{url}/autolink> **bold** `code`",
        "svg": f'<svg><image href="{url}/svg.png"/></svg><video poster="{url}/poster.png"></video>',
        "meta_refresh": f'<meta http-equiv="refresh" content="0; url={url}/refresh">',
        "base": f'<base href="{url}/base/">',
    }


def hostile_text(port: int) -> str:
    """An article whose body carries every hostile construct as text between real sentences."""
    parts = [
        "Envoys meet as border crisis deepens",
        "Foreign ministers met in Vienna on Monday to discuss the build-up of forces along the border.",
    ]
    for name, markup in hostile_markup(port).items():
        parts.append(f"The {name} sample reads {markup} and officials said on Tuesday it was inert.")
    parts.append('"We will not be provoked," the minister said, according to a statement.')
    return "\n\n".join(parts) + "\n"


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def _large(path: Path, size: int, block: bytes | None = None) -> None:
    """A file of ``size`` bytes: sparse (NULs) when ``block`` is None, else ``block`` repeated."""
    with path.open("wb") as handle:
        if block is None:
            handle.truncate(size)
            return
        reps, rest = divmod(size, len(block))
        chunk = block * max(1, (1 << 20) // len(block))
        per_chunk = len(chunk) // len(block)
        while reps >= per_chunk:
            handle.write(chunk)
            reps -= per_chunk
        handle.write(block * reps + block[:rest])


def write_corpus(root: Path, port: int, *, big: bool = True) -> list[str]:
    """Write the hostile corpus under ``root``; return the kinds written (one per input)."""
    root.mkdir(parents=True, exist_ok=True)
    kinds: list[str] = []

    def add(kind: str, name: str, data: bytes | str) -> None:
        _write(root / name, data)
        kinds.append(kind)

    markup = hostile_markup(port)
    url = f"http://127.0.0.1:{port}"

    # --- encodings and bytes
    add("empty", "empty.txt", b"")
    add("whitespace", "whitespace.txt", " \n\t\r\n  \n\f\v  ")
    add("binary-under-txt", "binary.txt", bytes(range(256)) * 64)
    add("png-under-txt", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    add("utf16-le-bom", "utf16-bom.txt", codecs.BOM_UTF16_LE + DATED.encode("utf-16-le"))
    add("utf16-be-bom", "utf16-be-bom.txt", codecs.BOM_UTF16_BE + DATED.encode("utf-16-be"))
    add("utf16-le-no-bom", "utf16-nobom.txt", DATED.encode("utf-16-le"))
    add("utf16-be-no-bom", "utf16be-nobom.txt", DATED.encode("utf-16-be"))
    add("utf32-bom", "utf32.txt", codecs.BOM_UTF32_LE + DATED.encode("utf-32-le"))
    add("bad-after-bom", "bad-bom.txt", codecs.BOM_UTF16_LE + DATED.encode("utf-16-le") + b"\x00\xd8")
    add("latin-1", "latin1.txt", (DATED + "Le ministre a déclaré à Genève: «Ça suffit».\n").encode("latin-1"))
    add(
        "cp1252",
        "cp1252.txt",
        DATED.replace('"We', "\u201cWe").replace('resolve,"', "resolve,\u201d").encode("cp1252"),
    )
    add("mixed-line-endings", "mixed-eol.txt", DATED.replace("\n\n", "\r\n\r\n", 1).replace(".\n", ".\r"))
    add("nul-bytes", "nul.txt", DATED.replace("Brussels", "Brus\x00sels").replace(" ", " \x00", 5))
    add("invalid-utf8", "invalid-utf8.txt", DATED.encode() + b"\xff\xfe\xc3\x28 \xe2\x82 stray bytes\n")
    add("control-chars", "controls.txt", DATED + "\x1b[31mred\x1b[0m \x07\x08 bell\n")
    add("bidi-and-zero-width", "bidi.txt", DATED + "Text \u202eesrever\u202c and zero\u200bwidth\ufeff.\n")
    add(
        "lone-surrogate-escape",
        "surrogates.json",
        json.dumps({"text": "Lone \ud800 surrogate.\n\n" + STORY, "title": "Bad \udfff title"}),
    )

    # --- size
    if big:
        _large(root / "one-50mb-line.txt", 50 * 1024 * 1024, b"word ")
        kinds.append("one-50mb-line")
        _large(root / "sparse-500mb.txt", 500 * 1024 * 1024)
        kinds.append("500mb-file")
        _large(root / "oversized.json", 21 * 1024 * 1024, b" ")
        kinds.append("oversized-json")
        # Tables are read as streams, not bound by ingest.max_bytes: a 50 MB line with no
        # line break, and a quote never closed over 30 MB of lines, stop at the cell limit.
        with (root / "one-50mb-line.csv").open("wb") as handle:
            handle.write(
                b'date,title,text\n2022-01-04,Ministers meet,"' + STORY.replace('"', '""').encode() + b'"\n'
            )
        with (root / "one-50mb-line.csv").open("ab") as handle:
            handle.write(b"2022-01-05,Endless,")
            handle.write(b"word " * (10 * 1024 * 1024))
        kinds.append("table-50mb-line")
        with (root / "unclosed-quote.csv").open("wb") as handle:
            handle.write(b'date,text\n2022-01-04,"' + b"troops moved closer to the border\n" * 900_000)
        kinds.append("table-unclosed-quote")
    # Under the size limit, but one paragraph far longer than any article analysed.
    _large(root / "no-sentence-breaks-long.txt", 3 * 1024 * 1024, b"troops moved closer to the border ")
    kinds.append("long-text-no-breaks")

    # --- pathological text
    add("ten-thousand-quotes", "quotes.txt", DATED + '"' * 10_000 + "\n\n" + "\u201c\u201d" * 5_000 + "\n")
    add("no-sentence-breaks", "no-breaks.txt", "Troops massed " + "near the border and " * 500 + "\n")
    add(
        "unbalanced-quotes",
        "unbalanced.txt",
        DATED + '"He said "they will come\n\nShe replied \u201cnever.\n',
    )
    add(
        "impossible-dates",
        "dates.txt",
        "Published: February 30, 2022\n\nTalks are set for February 30 and 31 April, then in the year "
        "20222 and on 2022-13-45, said officials on Thursday.\n\nThe year 0000 and 9999-99-99 were "
        "cited, and the meeting on 29 February 2023 did not happen, diplomats said.\n",
    )
    add(
        "date-overflow-meta", "overflow.md", "---\npublished: 99999-01-01\ntitle: Far future\n---\n\n" + STORY
    )
    add("very-long-word", "long-word.txt", DATED + "x" * 200_000 + "\n")
    add("many-short-lines", "many-lines.txt", DATED + "\n".join(f"Line {i} says hello." for i in range(300)))
    add("many-repeated-lines", "repeats.txt", DATED + "\n\n".join(["Same line again here."] * 2_000))
    add("boilerplate-bait", "bait.txt", DATED + ("share " * 1_000) + "\n\n" + ("By " + "Aa " * 1_000) + "\n")

    # --- JSON / JSONL
    add("malformed-json", "malformed.json", '{"title": "x", "text": "unterminated')
    add("deeply-nested-json", "nested.json", "[" * 100_000 + "]" * 100_000)
    add("nested-in-string-json", "nested-string.json", json.dumps({"text": STORY + "[" * 100_000}))
    add("json-wrong-shape", "scalar.json", "42")
    add("json-list-of-junk", "junk-list.json", json.dumps([1, "two", None, {"text": 5}]))
    add(
        "json-wrong-types",
        "wrong-types.json",
        json.dumps({"text": STORY, "title": ["x"], "published": 20220104, "url": {"a": 1}, "outlet": 3}),
    )
    add(
        "jsonl-some-bad",
        "mixed.jsonl",
        "\n".join(
            [
                json.dumps({"text": STORY, "title": "Good line one"}),
                "{broken",
                "[" * 10_000,
                json.dumps({"no_text": True}),
                json.dumps({"text": STORY.replace("Brussels", "Warsaw"), "title": "Good line two"}),
                "\x00\x00",
            ]
        ),
    )
    add("jsonl-all-bad", "bad.jsonl", "{nope\n[1,2\n")

    # --- Markdown front matter and sidecars
    add("front-matter-bad-yaml", "bad-yaml.md", "---\ntitle: [unclosed\n  : : :\n---\n\n" + STORY)
    add("front-matter-not-mapping", "list-yaml.md", "---\n- a\n- b\n---\n\n" + STORY)
    add(
        "front-matter-yaml-bomb",
        "yaml-bomb.md",
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "title: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n\n" + STORY,
    )
    add(
        "front-matter-python-tag",
        "pytag.md",
        "---\ntitle: !!python/object/apply:os.system ['true']\n---\n\n" + STORY,
    )
    add("front-matter-unclosed", "unclosed.md", "---\ntitle: never closed\n\n" + STORY)
    add("sidecar-wrong-types", "sidecar-types.txt", STORY)
    _write(
        root / "sidecar-types.meta.json",
        json.dumps({"title": 7, "published": [2022], "outlet": {"name": 5}, "url": True, "author": None}),
    )
    add("sidecar-not-object", "sidecar-list.txt", STORY)
    _write(root / "sidecar-list.meta.json", "[1, 2, 3]")
    add("sidecar-broken", "sidecar-broken.txt", STORY)
    _write(root / "sidecar-broken.meta.json", b"\xff\xfe{not json")
    add("sidecar-nested", "sidecar-nested.txt", STORY)
    _write(root / "sidecar-nested.meta.json", "[" * 200_000)

    # --- metadata and text that would fetch or inject if rendered live
    add("hostile-text", "hostile.txt", hostile_text(port))
    _write(
        root / "hostile.meta.json",
        json.dumps(
            {
                "title": f"Title {markup['script']} {markup['img']}",
                "outlet": f"Outlet {markup['link']} {markup['iframe']}",
                "url": "javascript:alert(document.cookie)",
                "published": "2022-01-05",
                "author": markup["import"],
            }
        ),
    )
    add(
        "hostile-front-matter",
        "hostile.md",
        "---\n"
        + f"title: {json.dumps('Front ' + markup['markdown'] + markup['css_url'])}\n"
        + f"outlet: {json.dumps(markup['base'] + markup['meta_refresh'])}\n"
        + f"url: {json.dumps(url + '/front-matter')}\n"
        + "published: 2022-01-06\n---\n\n"
        + hostile_text(port),
    )
    add(
        "hostile-json",
        "hostile.json",
        json.dumps(
            {
                "title": "[link](javascript:alert(3)) " + markup["svg"],
                "url": f"{url}/json ](javascript:x)",
                "outlet": "url(file:///etc/passwd)",
                "text": hostile_text(port),
                "published": "2022-01-07",
            }
        ),
    )
    add(
        "hostile-html",
        "hostile.html",
        "<html><head>"
        + markup["link"]
        + markup["import"]
        + markup["base"]
        + markup["meta_refresh"]
        + "<title>Hostile page</title></head><body><article><h1>Hostile page</h1>"
        + "".join(f"<p>{line}</p>" for line in hostile_text(port).split("\n\n"))
        + markup["script"]
        + markup["iframe"]
        + markup["img"]
        + "</article></body></html>",
    )
    add("html-deeply-nested", "nested.html", "<html><body>" + "<div>" * 50_000 + STORY + "</div>" * 50_000)
    add("html-unclosed", "unclosed.html", "<html><body><p>" + STORY.replace("\n", "<p><b><i>"))
    add("html-no-text", "empty.html", "<html><head><script>x</script></head><body></body></html>")

    # --- feeds
    add(
        "feed-external-entity",
        "xxe.xml",
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        f'<!ENTITY web SYSTEM "{url}/xxe">]><rss version="2.0"><channel><title>&xxe;</title>'
        "<item><title>&web;</title><description>&xxe; body</description></item></channel></rss>",
    )
    add(
        "feed-billion-laughs",
        "laughs.rss",
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + ']><rss version="2.0"><channel><title>&lol9;</title><item><description>&lol9;</description>'
        "</item></channel></rss>",
    )
    add(
        "feed-external-dtd",
        "dtd.atom",
        f'<?xml version="1.0"?><!DOCTYPE feed SYSTEM "{url}/feed.dtd"><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>t</title></feed>",
    )
    add("feed-malformed", "broken.xml", "<rss><channel><item><title>open")
    add(
        "feed-hostile-entries",
        "hostile.rss",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile feed</title><item>'
        f"<title>Feed item</title><link>javascript:alert(4)</link><pubDate>Mon, 10 Jan 2022 08:00:00 GMT</pubDate>"
        f"<description><![CDATA[{''.join('<p>' + p + '</p>' for p in hostile_text(port).split(chr(10) * 2))}]]>"
        "</description></item></channel></rss>",
    )

    # --- names
    add("name-with-spaces", "name with  spaces .txt", DATED)
    add("name-with-newline", "name\nwith\nnewline.txt", DATED.replace("Brussels", "Riga"))
    add("name-non-latin", "Київ 北京 القاهرة.txt", DATED.replace("Brussels", "Kyiv"))
    add("name-with-dotdot", "a..b.txt", DATED.replace("Brussels", "Oslo"))
    add("name-dotdot-folder", "..x/../..y..txt", DATED.replace("Brussels", "Tallinn"))
    add("name-markup", "<img src=x onerror=alert(1)>.txt", DATED.replace("Brussels", "Vilnius"))
    (root / os.fsdecode(b"undecodable-\xff\xfe-name.txt")).write_text(DATED.replace("Brussels", "Rome"))
    kinds.append("name-undecodable-bytes")
    add("unsupported-type", "report.docx", b"PK\x03\x04" + bytes(64))
    # --- tables: markup in every cell, a binary file, a header with no text column
    cells = [
        ["date", "title", "url", "source", "text"],
        [
            "2022-01-10",
            hostile_markup(port)["img"],
            "javascript:alert(5)",
            hostile_markup(port)["script"],
            hostile_text(port),
        ],
    ]
    table = io.StringIO()
    csv.writer(table).writerows(cells)
    add("table-hostile-cells", "cells.csv", table.getvalue())
    add("table-binary", "binary.csv", bytes(range(256)) * 64)
    add("table-no-text-column", "no-text.tsv", "a\tb\n1\t2\n")
    add("no-extension", "README", "just a file without an extension")
    add("hidden-file", ".hidden.txt", DATED)

    # --- links
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("SECRET outside the input folder\n\n" + STORY)
    links = {
        "symlink-outside-file": ("link-outside.txt", outside / "secret.txt"),
        "symlink-outside-folder": ("link-outside-dir", outside),
        "symlink-etc-passwd": ("passwd.txt", Path("/etc/passwd")),
        "symlink-loop-self": ("loop-self.txt", root / "loop-self.txt"),
        "symlink-loop-pair": ("loop-a.txt", root / "loop-b.txt"),
        "symlink-dangling": ("dangling.txt", root / "does-not-exist.txt"),
        "symlink-folder-loop": ("sub/loop-dir", root),
        "symlink-inside": ("inside-link.txt", root / "a..b.txt"),
    }
    for kind, (name, target) in links.items():
        link = root / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)
        kinds.append(kind)
    os.symlink(root / "loop-a.txt", root / "loop-b.txt")
    kinds.append("symlink-loop-pair-b")
    (root / "sub" / "ok.txt").write_text(DATED.replace("Brussels", "Prague"))
    kinds.append("nested-folder")
    fifo = root / "fifo.txt"
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
        kinds.append("named-pipe")
    unreadable = root / "unreadable.txt"
    unreadable.write_text(DATED)
    unreadable.chmod(0)
    kinds.append("unreadable")
    return kinds


def write_tiny_files(folder: Path, count: int) -> None:
    """``count`` tiny files: mostly copies of one short story (folded as duplicates), some junk."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        if i % 10 == 0:
            data = "ok"
        elif i % 10 == 1:
            data = f"Share\nAdvertisement\n{i}"
        else:
            data = (
                "Convoy reported near the border\n\n"
                "A convoy of armoured vehicles was reported near the border on Tuesday, officials said.\n"
            )
        (folder / f"tiny-{i:06d}.txt").write_text(data)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=9)
    parser.add_argument("--tiny", type=int, default=0, help="also write a folder of this many tiny files")
    args = parser.parse_args()
    kinds = write_corpus(args.root / "corpus", args.port)
    if args.tiny:
        write_tiny_files(args.root / "tiny", args.tiny)
    print(f"{len(kinds)} kinds of hostile input in {args.root / 'corpus'}")


if __name__ == "__main__":
    main()

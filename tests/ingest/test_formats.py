"""Each input format is read, with its metadata; malformed ones fail with a reason."""

import json

import pytest

from briefing.ingest.formats import FormatError, read_feed, read_html, read_json, read_jsonl, read_markdown

ARTICLE = (
    "Foreign ministers of the alliance met in Brussels on Tuesday to discuss the troop build-up "
    "near the border. They agreed that any further aggression would carry severe costs. "
    "The talks will resume next week in Geneva, officials said."
)


def test_markdown_front_matter_and_offsets() -> None:
    text = f"---\ntitle: Ministers meet\noutlet: Example News\npublished: 2022-01-04\n---\n\n{ARTICLE}\n"
    (doc,) = read_markdown(text)
    assert doc.meta["title"] == "Ministers meet"
    assert doc.meta["outlet"] == "Example News"
    assert str(doc.meta["published"]) == "2022-01-04"
    assert doc.raw_is_text and len(doc.text) == len(text)
    assert doc.text.index(ARTICLE) == text.index(ARTICLE)


def test_markdown_with_invalid_yaml_keeps_the_body() -> None:
    text = f"---\ntitle: [unclosed\n---\n{ARTICLE}\n"
    (doc,) = read_markdown(text)
    assert ARTICLE in doc.text and doc.meta == {}
    assert any("YAML" in w for w in doc.warnings)


def test_html_main_text_and_metadata() -> None:
    html = (
        "<html><head><title>Ministers meet | Example News</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta name="date" content="2022-01-04"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Ministers meet</h1><p>{ARTICLE}</p><p>{ARTICLE.replace('Brussels', 'Riga')}</p></article>"
        "<footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>"
    )
    (doc,) = read_html(html)
    assert "Foreign ministers of the alliance met in Brussels" in doc.text
    assert "Subscribe" not in doc.text and "Home" not in doc.text.split()
    assert doc.meta.get("outlet") == "Example News"


def test_html_without_text_is_an_error() -> None:
    with pytest.raises(FormatError):
        read_html("<html><body><div></div></body></html>")


def test_json_record_and_list() -> None:
    (doc,) = read_json(json.dumps({"text": ARTICLE, "title": "T", "source": "Wire", "date": "2022-01-04"}))
    assert doc.text == ARTICLE and doc.meta == {"title": "T", "outlet": "Wire", "published": "2022-01-04"}
    docs = read_json(json.dumps([{"text": ARTICLE}, {"body": ARTICLE}]))
    assert [d.suffix for d in docs] == ["#1", "#2"]


@pytest.mark.parametrize(
    "payload",
    ["{not json", json.dumps({"title": "no text"}), "[" * 10_000 + "]" * 10_000, json.dumps("a string")],
    ids=["malformed", "no-text", "deeply-nested", "not-object"],
)
def test_bad_json_is_a_format_error(payload: str) -> None:
    with pytest.raises(FormatError):
        read_json(payload)


def test_json_metadata_of_the_wrong_type_is_ignored_with_a_warning() -> None:
    (doc,) = read_json(json.dumps({"text": ARTICLE, "title": 42, "published": ["2022"]}))
    assert doc.meta == {}
    assert len(doc.warnings) == 2


def test_jsonl_keeps_good_lines() -> None:
    lines = [
        json.dumps({"text": ARTICLE, "title": "one"}),
        "{broken",
        "",
        json.dumps({"text": ARTICLE + " More."}),
    ]
    docs = read_jsonl("\n".join(lines))
    assert [d.meta.get("title") for d in docs] == ["one", None]
    assert any("line 2" in w for w in docs[0].warnings)


def test_jsonl_with_no_good_line_is_an_error() -> None:
    with pytest.raises(FormatError):
        read_jsonl("{broken\n[1, 2]\n")


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>Ministers meet</title><link>https://example.org/a</link>
<pubDate>Tue, 04 Jan 2022 10:00:00 GMT</pubDate><description><![CDATA[<p>{body}</p>]]></description></item>
</channel></rss>"""


def test_rss_entries_become_documents() -> None:
    (doc,) = read_feed(RSS.format(body=ARTICLE))
    assert doc.meta == {
        "title": "Ministers meet",
        "url": "https://example.org/a",
        "published": "2022-01-04",
        "outlet": "Example Wire",
    }
    assert "severe costs" in doc.text


@pytest.mark.parametrize(
    "payload",
    [
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel>'
        "<item><description>&x;</description></item></channel></rss>",
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        "<rss><channel><item><description>&lol2;</description></item></channel></rss>",
        "<rss><channel><item>",
    ],
    ids=["external-entity", "entity-expansion", "malformed"],
)
def test_hostile_or_broken_feeds_are_refused(payload: str) -> None:
    with pytest.raises(FormatError):
        read_feed(payload)

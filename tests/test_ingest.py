import json

import pytest

from proxygraph.errors import IngestError
from proxygraph.ingest import document_id, make_document, read_documents, strip_boilerplate


def test_front_matter_fields_and_licence(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("---\ntitle: 'Treasury Designates X'\nurl: https://example.org/x\ndate: 2019-06-12\n"
                 "publisher: U.S. Department of the Treasury (press release)\nlicense: public domain\n---\n"
                 "Treasury today designated Kata'ib Hizballah.\n", encoding="utf-8")
    (doc,) = list(read_documents([tmp_path]))
    assert doc.title == "Treasury Designates X"
    assert doc.date == "2019-06-12"
    assert doc.url == "https://example.org/x"
    assert doc.publisher.startswith("U.S. Department of the Treasury")
    assert doc.meta["license"] == "public domain"
    assert doc.text == "Treasury today designated Kata'ib Hizballah."


def test_same_text_same_id_whatever_the_whitespace():
    a = make_document("Iran funds Hamas.\n\nIt also arms it.")
    b = make_document("Iran  funds Hamas.\n\nIt also   arms it.\n")
    assert a.id == b.id == document_id("Iran funds Hamas. It also arms it.")


def test_boilerplate_is_dropped():
    text = ("Hezbollah receives funds from Iran.\nRead More: Iran's proxies in Iraq\nShare this article\n"
            "Leave a comment\nMedia Partner\nThe IRGC trains the group.")
    assert strip_boilerplate(text) == "Hezbollah receives funds from Iran.\nThe IRGC trains the group."


def test_html_main_text_and_metadata(tmp_path):
    page = """<html><head><title>Iran's proxies</title><meta property="article:published_time" content="2023-11-17">
    <link rel="canonical" href="https://news.example.org/iran-proxies"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Iran's proxies</h1>
    <p>The Islamic Revolutionary Guard Corps trains Kata'ib Hizballah fighters in Iran, officials said on Friday.</p>
    <p>The group has carried out attacks against U.S. forces in Iraq and Syria since October 2023, according to the Pentagon.</p>
    <p>Read More: Who are the Houthis?</p></article>
    <footer>Subscribe to our newsletter</footer></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    (doc,) = list(read_documents([f]))
    assert "trains Kata'ib Hizballah fighters" in doc.text
    assert "Read More" not in doc.text and "Subscribe" not in doc.text and "Home" not in doc.text
    assert doc.title == "Iran's proxies"
    assert doc.date == "2023-11-17"


def test_jsonl_lines_and_a_bad_line_named(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"text": "Iran arms the Houthis.", "url": "https://a.example/1", "date": "2024-01-12", "publisher": "A"}),
        "{not json",
        json.dumps({"html": "<html><body><article><p>" + "Hamas receives money from Iran through couriers. " * 3
                    + "</p></article></body></html>", "title": "Money"}),
        json.dumps({"title": "empty"}),
    ]), encoding="utf-8")
    items = list(read_documents([f]))
    docs = [d for d in items if not isinstance(d, IngestError)]
    errors = [e for e in items if isinstance(e, IngestError)]
    assert [d.url for d in docs] == ["https://a.example/1", None]
    assert docs[0].date == "2024-01-12" and docs[1].title == "Money"
    assert [e.path for e in errors] == [f"{f}:2", f"{f}:4"]
    assert "not valid JSON" in errors[0].reason and "neither" in errors[1].reason


def test_unreadable_files_are_named_with_a_reason(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9".encode("latin-1"))
    (tmp_path / "ok.md").write_text("Iran supports Hezbollah.", encoding="utf-8")
    items = list(read_documents([tmp_path, tmp_path / "missing.txt"]))
    errors = {e.path.split("/")[-1]: e.reason for e in items if isinstance(e, IngestError)}
    assert "binary" in errors["bin.txt"]
    assert "UTF-8" in errors["latin.txt"]
    assert "no such file" in errors["missing.txt"]
    assert [d.text for d in items if not isinstance(d, IngestError)] == ["Iran supports Hezbollah."]


@pytest.mark.parametrize("value,iso", [("2019-06-12", "2019-06-12"), ("June 12, 2019", "2019-06-12"),
                                       ("2019", "2019"), ("someday", None)])
def test_dates(value, iso):
    assert make_document("x y z", date=value).date == iso


def test_a_file_of_boilerplate_only_is_an_error_not_an_empty_document(tmp_path):
    (tmp_path / "teaser.txt").write_text("Click here to read more\nShare this article\n", encoding="utf-8")
    (items,) = [list(read_documents([tmp_path]))]
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert "teaser.txt" in str(items[0]) and "boilerplate" in items[0].reason

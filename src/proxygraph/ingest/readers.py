"""Readers: files and folders in, Documents out.

Plain text, text/Markdown with front matter, HTML (main text via
trafilatura) and JSON Lines. A file that cannot be read yields an
IngestError naming it; the caller decides to skip and count it.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import yaml

from ..errors import IngestError
from ..model import Document
from .boilerplate import strip_boilerplate

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def document_id(text: str) -> str:
    """The hash of the normalised text: the same article always gets the same id."""
    canon = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()[:24]


def make_document(text: str, *, source: str | None = None, **meta) -> Document:
    text = strip_boilerplate(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text:
        raise IngestError(source or "<text>", "has no text once boilerplate (teasers, share lines, comment forms) is removed")
    known = {k: meta.pop(k, None) for k in ("title", "url", "date", "publisher")}
    return Document(
        id=document_id(text),
        text=text,
        title=_str_or_none(known["title"]),
        url=_str_or_none(known["url"]),
        date=parse_date(known["date"]),
        publisher=_str_or_none(known["publisher"]),
        source=source,
        meta={k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v) for k, v in meta.items()},
    )


def _str_or_none(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m")


def parse_date(value) -> str | None:
    """An ISO date (YYYY-MM-DD, or shorter) from a date, datetime or common string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        return m.group(0)
    for fmt in _DATE_FORMATS:
        try:
            d = datetime.strptime(s, fmt)
        except ValueError:
            continue
        return d.strftime("%Y-%m") if fmt == "%Y-%m" else d.date().isoformat()
    if re.fullmatch(r"\d{4}", s):
        return s
    return None


def split_front_matter(raw: str, path: Path) -> tuple[dict, str]:
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, raw
    block = m.group(1)
    try:
        meta = yaml.safe_load(block) or {}
    except yaml.YAMLError:
        meta = {}
        for line in block.splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip().strip("'\"")
    if not isinstance(meta, dict):
        raise IngestError(path, "the front matter between the '---' lines is not a list of 'key: value' lines")
    return meta, raw[m.end():]


def _read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror})") from exc
    if b"\x00" in data[:4096]:
        raise IngestError(path, "looks like a binary file, not text; give text, Markdown, HTML or JSON Lines")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8") from exc


def read_text(path: Path) -> Document:
    meta, body = split_front_matter(_read_text_file(path), path)
    if not body.strip():
        raise IngestError(path, "has no text after its front matter")
    return make_document(body, source=str(path), **meta)


def html_to_document(html: str, *, source: str, **meta) -> Document:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise IngestError(source, "no main text found in the HTML")
    page = trafilatura.extract_metadata(html)
    if page is not None:
        for key in ("title", "url", "date"):
            if not meta.get(key) and getattr(page, key, None):
                meta[key] = getattr(page, key)
        if not meta.get("publisher") and (page.sitename or page.hostname):
            meta["publisher"] = page.sitename or page.hostname
    return make_document(text, source=source, **meta)


def read_html(path: Path) -> Document:
    return html_to_document(_read_text_file(path), source=str(path))


def read_jsonl(path: Path) -> Iterator[Document | IngestError]:
    for n, line in enumerate(_read_text_file(path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(rec, dict):
            yield IngestError(where, "each line must be a JSON object with 'text' or 'html'")
            continue
        meta = {k: rec.get(k) for k in ("url", "title", "date", "publisher") if rec.get(k) is not None}
        try:
            if isinstance(rec.get("text"), str) and rec["text"].strip():
                yield make_document(rec["text"], source=where, **meta)
            elif isinstance(rec.get("html"), str) and rec["html"].strip():
                yield html_to_document(rec["html"], source=where, **meta)
            else:
                yield IngestError(where, "the object has neither a non-empty 'text' nor 'html' field")
        except IngestError as exc:
            yield exc


def iter_files(paths) -> Iterator[Path | IngestError]:
    """Files under the given paths, folders walked recursively in sorted order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if f.suffix.lower() in SUFFIXES:
                        yield f
        elif p.is_file():
            yield p
        else:
            yield IngestError(p, "no such file or folder")


def read_path(path: Path) -> Iterator[Document | IngestError]:
    """The documents in one file, or the error that stopped reading it."""
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        elif suffix in HTML_SUFFIXES:
            yield read_html(path)
        elif suffix in TEXT_SUFFIXES or suffix == "":
            yield read_text(path)
        else:
            yield IngestError(path, f"unknown file type '{suffix}'; give .txt, .md, .html or .jsonl")
    except IngestError as exc:
        yield exc


def read_documents(paths) -> Iterator[Document | IngestError]:
    for f in iter_files(paths):
        if isinstance(f, IngestError):
            yield f
        else:
            yield from read_path(f)

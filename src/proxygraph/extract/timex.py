"""Dates in text to ISO: explicit dates and years, ranges, and relative
expressions ("today", "on Friday", "last July") resolved against the
document date."""
from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_TOKEN = re.compile(
    r"(?P<range>(?P<y1>(?:1[89]|20)\d\d)\s*[-\u2013/]\s*(?P<y2>(?:1[89]|20)?\d\d)\b)"
    r"|(?P<decade>(?:1[89]|20)\d0s)"
    r"|(?P<month>\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?)(?:\s+(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?,?)?(?:\s+(?P<my>(?:1[89]|20)\d\d))?"
    r"|(?P<year>\b(?:1[89]|20)\d\d\b)"
    r"|(?P<rel>\b(?:today|tonight|this morning|this afternoon|this evening|earlier today|yesterday|this year|last year|this month|last month)\b)"
    r"|(?P<last>\blast\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)"
    r"|(?P<wd>\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
    re.IGNORECASE,
)


def _doc_date(doc_date: str | None) -> date | None:
    if not doc_date:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", doc_date)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _fmt(y, m=None, d=None) -> str:
    if d and m:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if m:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def parse_time(text: str, doc_date: str | None = None) -> tuple[str | None, str | None]:
    """(start, end) in ISO for a date expression; (None, None) when it names no time."""
    ref = _doc_date(doc_date)
    points: list[list] = []  # [y, m, d]
    low = text.lower()
    for m in _TOKEN.finditer(low):
        if m.group("range"):
            y1 = int(m.group("y1"))
            y2s = m.group("y2")
            y2 = int(y2s) if len(y2s) == 4 else int(str(y1)[:2] + y2s)
            if y2 >= y1:
                return _fmt(y1), _fmt(y2)
            points.append([y1, None, None])
        elif m.group("decade"):
            y = int(m.group("decade")[:4])
            return _fmt(y), _fmt(y + 9)
        elif m.group("month"):
            word = m.group("month").rstrip(".")
            mon = MONTHS.get(word) or MONTHS.get(word[:3])
            if mon is None or (word == "may" and not (m.group("day") or m.group("my"))):
                continue  # the verb "may"
            day = int(m.group("day")) if m.group("day") else None
            year = int(m.group("my")) if m.group("my") else None
            points.append([year, mon, day])
        elif m.group("year"):
            points.append([int(m.group("year")), None, None])
        elif m.group("rel") and ref:
            r = m.group("rel")
            if r in ("yesterday",):
                d = ref - timedelta(days=1)
                points.append([d.year, d.month, d.day])
            elif r == "this year":
                points.append([ref.year, None, None])
            elif r == "last year":
                points.append([ref.year - 1, None, None])
            elif r == "this month":
                points.append([ref.year, ref.month, None])
            elif r == "last month":
                d = ref.replace(day=1) - timedelta(days=1)
                points.append([d.year, d.month, None])
            else:
                points.append([ref.year, ref.month, ref.day])
        elif m.group("last") and ref:
            mon = MONTHS.get(m.group("last").split()[1][:3])
            year = ref.year if mon < ref.month else ref.year - 1
            points.append([year, mon, None])
        elif m.group("wd") and ref:
            back = (ref.weekday() - WEEKDAYS[m.group("wd")]) % 7
            d = ref - timedelta(days=back)
            points.append([d.year, d.month, d.day])
    if not points:
        return None, None
    # a month without a year takes the next year given ("late March and April 2008")
    for k in range(len(points) - 1, -1, -1):
        if points[k][0] is None:
            later = next((p[0] for p in points[k + 1:] if p[0]), None)
            if later:
                points[k][0] = later
            elif ref:
                mon = points[k][1]
                points[k][0] = ref.year if mon <= ref.month else ref.year - 1
            else:
                del points[k]
    if not points:
        return None, None
    start = _fmt(*points[0])
    end = _fmt(*points[-1]) if len(points) > 1 else None
    if end == start or (end and end < start):
        end = None
    if re.search(r"\b(since|from|after|as of)\b", low) and len(points) == 1:
        return start, None
    return start, end

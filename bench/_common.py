"""Shared by the bench scripts: corpora built from the bundled demo corpus,
a peak-RSS sampler, the machine line and bench/RESULTS.md sections.

Nothing here is part of proxygraph; the scripts run from a checkout with the
package installed: ``python bench/throughput.py``.
"""
from __future__ import annotations

import datetime as _dt
import os
import platform
import random
import re
import threading
import time
from pathlib import Path

import proxygraph
from proxygraph.ingest.readers import split_front_matter

DEMO = Path(proxygraph.__file__).resolve().parent / "data" / "demo"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z“\"])")


def demo_articles() -> list[tuple[dict, str]]:
    """(front matter, body) of each bundled article, in file order."""
    out = []
    for f in sorted(DEMO.glob("*.txt")):
        meta, body = split_front_matter(f.read_text(encoding="utf-8"), f)
        out.append((meta, body.strip()))
    return out


def _front(meta: dict) -> str:
    keep = {k: meta[k] for k in ("title", "date", "publisher", "url") if meta.get(k)}
    lines = ["---"] + [f"{k}: {_yaml_str(v)}" for k, v in keep.items()] + ["---", ""]
    return "\n".join(lines)


def _yaml_str(v) -> str:
    s = str(v)
    return "'" + s.replace("'", "''") + "'"


def words(text: str) -> int:
    return len(text.split())


def replicated_corpus(folder: Path, min_words: int) -> list[Path]:
    """Copies of the bundled articles, each copy with its paragraphs rotated so
    every text (and document id) is new, until ``min_words`` words are written."""
    folder.mkdir(parents=True, exist_ok=True)
    arts = demo_articles()
    files, total, copy = [], 0, 0
    seen = set()
    while total < min_words:
        for n, (meta, body) in enumerate(arts):
            paras = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
            k = copy % max(1, len(paras))
            text = "\n\n".join(paras[k:] + paras[:k])
            if text in seen:  # too few paragraphs to rotate: mark the copy
                text += f"\n\nCopy {copy}."
            seen.add(text)
            meta = {**meta, "title": f"{meta.get('title', 'untitled')} ({copy})"}
            f = folder / f"c{copy:03d}-{n:03d}.txt"
            f.write_text(_front(meta) + text + "\n", encoding="utf-8")
            files.append(f)
            total += words(text)
        copy += 1
    return files


def demo_sentences() -> list[str]:
    """Sentences of the bundled articles (none that the reader drops as boilerplate)."""
    from proxygraph.ingest.boilerplate import is_boilerplate

    out = []
    for _, body in demo_articles():
        for para in re.split(r"\n\s*\n", body):
            para = " ".join(para.split())
            out += [s for s in _SENTENCE.split(para) if 6 <= words(s) <= 60 and not is_boilerplate(s)]
    return out


def synthetic_corpus(folder: Path, n_docs: int, sentences: int = 4, seed: int = 7) -> list[Path]:
    """``n_docs`` short articles, each ``sentences`` sentences drawn from the
    bundled corpus; every text is unique."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = demo_sentences()
    metas = [m for m, _ in demo_articles()]
    seen: set[str] = set()
    files = []
    while len(files) < n_docs:
        text = " ".join(rng.sample(pool, sentences))
        if text in seen:
            continue
        seen.add(text)
        meta = dict(rng.choice(metas))
        meta["title"] = f"Synthetic {len(files)}"
        f = folder / f"s{len(files):06d}.txt"
        f.write_text(_front(meta) + text + "\n", encoding="utf-8")
        files.append(f)
    return files


class PeakRSS:
    """Peak resident memory of this process and its children, sampled every 20 ms."""

    def __init__(self, interval: float = 0.02):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        main = self.proc.memory_info().rss
        total = main
        for c in self.proc.children(recursive=True):
            try:
                total += c.memory_info().rss
            except psutil.Error:
                pass
        self.peak_main = max(self.peak_main, main)
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        ram = f"{psutil.virtual_memory().total / 2**30:.0f} GiB"
    except ImportError:
        ram = "?"
    import sqlite3

    import spacy

    return (f"{cpu}, {os.cpu_count()} cores, {ram} RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, spaCy {spacy.__version__}, SQLite {sqlite3.sqlite_version}, "
            f"proxygraph {proxygraph.__version__}")


def table(header: list[str], rows: list[list]) -> str:
    """A markdown table (also readable printed)."""
    cells = [header] + [[str(c) for c in r] for r in rows]
    width = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, width)) + " |"
    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in width) + "|", *map(line, cells[1:])])


def write_section(name: str, title: str, body: str, script: str | None = None) -> None:
    """Replace (or add) one section of bench/RESULTS.md."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    block = f"{start}\n## {title}\n\n_{stamp} · `python bench/{script or name}.py` · {machine()}_\n\n{body.strip()}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else (
        "# Benchmark results\n\nGenerated by the scripts in `bench/`; do not edit by hand. "
        "Each section is rewritten when its script runs.\n"
    )
    if start in text and end in text:
        a, b = text.index(start), text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0

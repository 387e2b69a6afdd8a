"""Finding the actors a parsed document names, and grouping them per document.

Three sources, in order of trust:
1. the knowledge base, matched over token n-grams on folded keys (case,
   apostrophes, hyphens, diacritics), longest first;
2. spaCy's named entities, looked up in the knowledge base with
   transliteration and typo tolerance, or kept as new actors;
3. runs of proper nouns spaCy did not tag, kept only when they match the
   knowledge base (typos such as "Quds Forceis").
Acronyms defined in the text ("Kata'ib Hizballah (KH)") and AKA lists add
document-local aliases. Short person names join the full name seen in the
same document ("Shahlai" -> "Abdul Reza Shahlai").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.tokens import Doc

from ..resolve.knowledge_base import KBEntry, KnowledgeBase
from ..resolve.normalize import norm, skeleton, skeleton_is_specific
from .lexicon import load_lexicon

MAX_NGRAM = 14
NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC", "NORP": "NORP"}
_ARTICLE_PREFIX = re.compile(r"^(al|el|ad|ar|as|at|az|an|ash|ul)$", re.I)


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    raw = load_lexicon("titles.yaml")
    titles = sorted({tuple(norm(t).split()) for t in raw["titles"] + raw["label_prefixes"]}, key=len, reverse=True)
    return tuple(titles), frozenset(norm(t) for t in raw["not_entities"] + raw["not_actors"])


@lru_cache(maxsize=1)
def _label_prefixes() -> tuple[tuple[str, ...], ...]:
    raw = load_lexicon("titles.yaml")
    return tuple(sorted({tuple(norm(t).split()) for t in raw["label_prefixes"]}, key=len, reverse=True))


@dataclass
class Span:
    """A mention at token level while a document is being read."""

    start: int
    end: int  # exclusive token index
    label: str  # PERSON, ORG, GPE, LOC
    kb: KBEntry | None = None
    how: str = "kb"
    adjective: bool = False  # "Iranian" standing for Iran
    coref: bool = False
    cluster: str = ""

    def text(self, doc: Doc) -> str:
        return doc[self.start:self.end].text


@dataclass
class Cluster:
    key: str
    label: str
    kb: KBEntry | None
    spans: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def _capitalised(tok) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or t[0].isdigit())


def _starts_name(doc: Doc, i: int) -> bool:
    tok = doc[i]
    if _capitalised(tok):
        return True
    # "al-Muhandis", "al Qaeda", "an-Nujaba"; never the English "an", "as", "at"
    if not _ARTICLE_PREFIX.match(tok.text) or i + 1 >= len(doc):
        return False
    return doc[i + 1].text == "-" or tok.lower_ in ("al", "el") and _capitalised(doc[i + 1])


def strip_title(doc: Doc, start: int, end: int, titles_too: bool = True) -> int:
    """The first token after determiners, and honorifics when asked, at the front of a span."""
    titles, _ = _titles()
    if not titles_too:
        titles = _label_prefixes()
    i = start
    while i < end - 1:
        tok = doc[i]
        if tok.lower_ in ("the", "a", "an") or tok.is_punct or tok.tag_ == "POS":
            i += 1
            continue
        words = [norm(t.text) for t in doc[i:end]]
        for t in titles:
            if len(t) < end - i and tuple(words[: len(t)]) == t:
                i += len(t)
                break
        else:
            break
    return i


def _trim_end(doc: Doc, start: int, end: int) -> int:
    labels = _record_labels()[1]
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"
                           or norm(doc[end - 1].text) in labels
                           or doc[end - 1].pos_ in ("ADP", "DET", "CCONJ") and doc[end - 1].is_lower):
        end -= 1  # "Withdrawal of", "Ali Gholam Shakuri DOB"
    return end


def find_spans(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    n = len(doc)
    ents = list(doc.ents)  # spaCy rebuilds doc.ents on every access
    taken = [False] * n
    spans: list[Span] = []

    def take(sp: Span) -> None:
        for k in range(sp.start, sp.end):
            taken[k] = True
        spans.append(sp)

    # 1. knowledge-base names, longest first (found before parsing, see kb_matches)
    cached = doc.user_data.get(KB_MATCHES)
    inside_org = _inside_org_names(ents)
    for a, b, entry_id in cached if cached is not None else kb_matches(doc, kb):
        entry = kb.get(entry_id)
        if entry.type in ("GPE", "LOC") and any(s <= a and b <= e and (e - s) > (b - a) for s, e in inside_org):
            continue  # "Fly Baghdad", "Bank of Baghdad": the place is part of an organisation's name
        if _is_dateline(doc, a, b):
            for k in range(a, b):
                taken[k] = True  # "WASHINGTON – ..." says where the release was issued, not who acts
            continue
        entry = kb.get(entry_id)
        take(Span(a, b, entry.type, entry, "exact"))

    # 2. demonyms standing for their state ("Iranian-backed", "Saudi"), unless they
    # open a longer name ("Syrian General Intelligence Directorate")
    def name_start(e):
        return e.start + 1 if doc[e.start].lower_ == "the" else e.start

    opens_name = {name_start(e) for e in ents if e.label_ in ("ORG", "FAC") and len(e) > 1
                  and not any(taken[e.start:e.end])}
    # "Syrian General Intelligence Directorate": spaCy's name may start after the demonym
    opens_name |= {e.start - 1 for e in ents if e.label_ in ("ORG", "FAC") and len(e) > 1 and e.start > 0
                   and not any(taken[e.start:e.end]) and all(t.text[:1].isupper() for t in e if t.is_alpha and len(t) > 3)
                   and doc[e.start - 1].text[:1].isupper() and kb.demonym(doc[e.start - 1].text) is not None}
    for i, tok in enumerate(doc):
        if taken[i] or not _capitalised(tok) or i in opens_name:
            continue
        for j in (i + 2, i + 1):
            if j <= n and not any(taken[i:j]):
                e = kb.demonym(doc[i:j].text)
                if e and e.type == "GPE":
                    take(Span(i, j, "GPE", e, "demonym", adjective=True))
                    break

    titles, not_entities = _titles()
    titles_set = {" ".join(t) for t in titles}
    lower_words = {t.text for t in doc if t.text.islower()}

    # 3. spaCy's entities on what is left
    for ent in ents:
        label = NER_TYPES.get(ent.label_)
        if not label:
            continue
        if _extend_known(doc, kb, spans, taken, ent.start, ent.end):
            continue  # "Quds Forceis": the typo'd whole names the actor its first word matched
        start = ent.start - 1 if ent.start - 1 in opens_name and not taken[ent.start - 1] else ent.start
        for a, b in _free_pieces(taken, start, ent.end):
            if any(norm(doc[a:min(len(doc), b + k)].text) in titles_set for k in range(0, 3)):
                continue  # "Supreme (Leader)" left over from "Supreme Leader Ali Khamenei"
            a = strip_title(doc, a, b, titles_too=label in ("PERSON", "NORP"))  # "General Intelligence Directorate" keeps "General"
            b = _trim_end(doc, a, b)
            if b <= a or not any(_capitalised(t) for t in doc[a:b]):
                continue
            text = doc[a:b].text
            key = norm(text)
            if len(key) < 2 or key in not_entities or key.isdigit():
                continue
            if b - a == 1 and not text.isupper() and text.lower() in lower_words:
                continue  # a common word capitalised in a headline ("Actions Target ...")
            hint = None if label == "NORP" else label
            m = kb.lookup(text, hint)
            if m:
                take(Span(a, b, m.entry.type, m.entry, m.how))
            elif label != "NORP" and any(t.pos_ == "PROPN" for t in doc[a:b]):
                take(Span(a, b, label, None, "ner"))

    # 4. proper-noun runs spaCy missed, only when they name a known actor
    i = 0
    while i < n:
        if taken[i] or doc[i].pos_ != "PROPN":
            i += 1
            continue
        j = i
        while j < n and not taken[j] and (doc[j].pos_ == "PROPN" or (doc[j].text in "-'’" and j + 1 < n and doc[j + 1].pos_ == "PROPN")):
            j += 1
        found = False
        for a in range(i, j):
            for b in range(j, a, -1):
                text = doc[a:b].text
                if len(norm(text)) < 6:
                    continue
                m = kb.lookup(text)
                if m and m.how != "exact":
                    take(Span(a, b, m.entry.type, m.entry, m.how))
                    found = True
                    break
            if found:
                break
        i = j if j > i else i + 1

    spans.sort(key=lambda s: s.start)
    return spans


KB_MATCHES = "proxygraph_kb_matches"
POSSESSIVE_MARKS = {"'s", "\u2019s", "'", "\u2019"}


def kb_matches(doc: Doc, kb: KnowledgeBase) -> list[tuple[int, int, str]]:
    """Knowledge-base names over token n-grams, longest first, left to right.

    Needs only the tokens, so it runs before the parser (see the
    ``proxygraph_gazetteer`` component) and keeps sentence breaks out of names.
    """
    n = len(doc)
    keys = kb.exact_keys()
    first_words = kb.first_words()
    out = []
    i = 0
    while i < n:
        tok = doc[i]
        if tok.is_space or tok.is_punct or tok.lower_ in ("the", "a", "an") or not _starts_name(doc, i):
            i += 1
            continue
        first = norm(tok.text).split()
        longest = first_words.get(first[0]) if first else None
        if longest is None:
            i += 1  # no known name starts with this word
            continue
        hit = None
        # hyphens and apostrophes are tokens of their own: allow two tokens a word, and a few more
        for j in range(min(n, i + MAX_NGRAM, i + 2 * longest + 2), i, -1):
            last = doc[j - 1]
            if last.is_punct or last.is_space or last.lower_ in POSSESSIVE_MARKS:
                continue
            text = doc[i:j].text
            if "\n" in text:
                continue
            if norm(text) in keys and kb.case_ok(text):
                hit = j
                break
        if hit:
            entry = kb.lookup(doc[i:hit].text, fuzzy=False).entry
            # "Supreme Leader Ali Khamenei": keep the title out of the name, so the role can be read
            t = strip_title(doc, i, hit)
            if t > i and kb.lookup(doc[t:hit].text, fuzzy=False) and kb.lookup(doc[t:hit].text, fuzzy=False).entry is entry:
                i = t
            out.append((i, hit, entry.id))
            i = hit
        else:
            i += 1
    return out


_DATELINE_DASHES = {"-", "\u2013", "\u2014", "--"}


def _inside_org_names(ents) -> list[tuple[int, int]]:
    """spaCy ORG names longer than a place they contain, made of proper nouns."""
    out = []
    for e in ents:
        if e.label_ in ("ORG", "FAC") and len(e) > 1:
            words = [t for t in e if not t.is_punct and t.lower_ not in ("the", "of", "and", "for")]
            if words and all(t.text[:1].isupper() for t in words):
                out.append((e.start, e.end))
    return out


def _is_dateline(doc: Doc, a: int, b: int) -> bool:
    """A place opening a paragraph and followed by a dash ("WASHINGTON – Today, ...")."""
    at_start = a == 0 or "\n" in doc[a - 1].text or doc[a - 1].is_space
    if not (at_start and doc[a].text[:1].isupper() and b < len(doc) and doc[b].text[:1] in _DATELINE_DASHES):
        return False
    # a dateline dash stands apart ("BEIRUT - ", "Washington–Today"); "Iran-backed" is a compound
    return doc[b].text != "-" or bool(doc[b - 1].whitespace_ or doc[b].whitespace_)


def _extend_known(doc: Doc, kb: KnowledgeBase, spans: list[Span], taken: list[bool], start: int, end: int) -> bool:
    """Grow a knowledge-base match over the rest of a spaCy name when the whole
    name still names the same actor (a typo glued to its last word)."""
    start = strip_title(doc, start, end)
    inside = [sp for sp in spans if sp.kb is not None and start <= sp.start and sp.end <= end]
    if len(inside) != 1 or inside[0].end - inside[0].start == end - start:
        return False
    b = _trim_end(doc, start, end)
    m = kb.lookup(doc[start:b].text)
    if m is None or m.entry.id != inside[0].kb.id:
        return False
    for k in range(start, b):
        taken[k] = True
    inside[0].start, inside[0].end, inside[0].how = start, b, m.how
    return True


def _free_pieces(taken: list[bool], start: int, end: int):
    a = None
    for k in range(start, end):
        if not taken[k] and a is None:
            a = k
        elif taken[k] and a is not None:
            yield a, k
            a = None
    if a is not None:
        yield a, end


_AKA_LABEL = re.compile(r"\b(?:AKAs?|A\.K\.A\.?|a\.k\.a\.?|Alias|F\.K\.A\.?|f\.k\.a\.?|also known as)(?:\s*:\s*|\s+)")
AKA_OWNER_WINDOW = 12  # tokens between a name and its first AKA label


@lru_cache(maxsize=1)
def _record_labels() -> tuple[re.Pattern, frozenset[str]]:
    raw = load_lexicon("titles.yaml")["record_labels"]
    labels = sorted(raw, key=len, reverse=True)
    end = re.compile(r"\s{2,}|;|\)|\n|,(?!\s*[A-Z][a-z]+\s*(?:;|\)|$))|\s(?=(?:" + "|".join(re.escape(l) for l in labels) + r")\s*:)")
    return end, frozenset(norm(l) for l in labels)


def record_label_infix() -> str:
    """A record label glued after a lower-case letter: the 'AKA' of 'LebanonAKA:'."""
    raw = load_lexicon("titles.yaml")["record_labels"]
    words = sorted({label.split()[0].rstrip(".:") for label in raw if label[:1].isupper()}, key=len, reverse=True)
    return r"(?<=[a-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?=[\s.:]|$)"


def aka_values(doc: Doc, spans: list[Span], kb: KnowledgeBase | None = None) -> tuple[dict[int, list[str]], set[int]]:
    """Names given after AKA labels, by the index of the span they belong to.

    'Individual: Abdul Reza Shahlai AKA: Abdol Reza Shala'i AKA: Hajj Yusef'
    and '(a.k.a. ...; a.k.a. ...)' name the actor before them; the spans
    inside those names are aliases, not actors of their own (second value).
    """
    text = doc.text
    owners: dict[int, list[str]] = {}
    inside: set[int] = set()
    last_owner, last_end = None, -1
    for m in _AKA_LABEL.finditer(text):
        end_m = _record_labels()[0].search(text, m.end())
        end = end_m.start() if end_m else len(text)
        value = text[m.end():end].strip(" \"'\u201c\u201d\u2018\u2019,")
        inside.update(k for k, sp in enumerate(spans) if sp.start >= 0 and m.end() <= doc[sp.start].idx < end)
        if not value or len(value) > 80:
            continue  # names run together without separators: not one alias
        # the owner: the nearest name before the label that is not itself an AKA value
        tok_at = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if tok_at is None:
            continue
        owner = None
        if last_owner is not None and not text[last_end:m.start()].strip(" ;,)"):
            owner = last_owner  # "AKA: x AKA: y": the same actor as the AKA before
        else:
            for k in range(len(spans) - 1, -1, -1):
                sp = spans[k]
                if sp.end <= tok_at.start and k not in inside and not sp.adjective and sp.label in ("PERSON", "ORG"):
                    # "AKA:" fields sit a few columns after the name; an inline "also known as" right after it
                    window = AKA_OWNER_WINDOW if ":" in m.group(0) else 3
                    if tok_at.start - sp.end <= window:
                        owner = k
                    break
        if owner is None:
            continue
        other = kb.lookup(value, fuzzy=False) if kb is not None else None
        if other is not None and (spans[owner].kb is None or other.entry.id != spans[owner].kb.id):
            continue  # "Hezbollah ... also known as Ansar Allah": a different known actor, not an alias
        if re.search(r"[a-z][A-Z]|[A-Za-z]:", value):
            continue  # names run together ("DaqduqAKA:"): not one alias
        if "," in value:  # "ABDOLLAHI, Hamed" -> "Hamed Abdollahi"
            last, _, first = value.partition(",")
            value = f"{first.strip()} {last.strip().title()}" if last.isupper() and first.strip() else value
        owners.setdefault(owner, []).append(value)
        last_owner, last_end = owner, end
    return owners, inside


def local_aliases(doc: Doc, spans: list[Span]) -> dict[int, list[str]]:
    """Acronyms and AKA names the text defines, by the index of the span they follow."""
    ends = {sp.end: idx for idx, sp in enumerate(spans)}
    found: dict[int, list[str]] = {}
    for idx_tok, tok in enumerate(doc):
        if tok.text != "(" or idx_tok not in ends:
            continue
        sp = spans[ends[idx_tok]]
        if sp.adjective or sp.coref:
            continue
        close = next((k for k in range(idx_tok + 1, min(len(doc), idx_tok + 40)) if doc[k].text == ")"), None)
        if close is None:
            continue
        inner = doc[idx_tok + 1:close].text.strip()
        if re.fullmatch(r"[A-Z][A-Za-z0-9\-]{1,9}", inner) and sum(c.isupper() for c in inner) >= 2 \
                and fits_initials(inner, sp.text(doc)):
            found.setdefault(ends[idx_tok], []).append(inner)
    return found


def fits_initials(acronym: str, name: str) -> bool:
    """'KH' fits "Kata'ib Hizballah", 'AEOI' fits 'Atomic Energy Organization of Iran';
    'AIO' does not fit 'Ahmad Vahid Dastjerdi'. The acronym's letters must appear, in
    order, among the initials of the name's words (or its own capitals)."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    words = [w for w in re.split(r"[\s\-\u2019']+", name) if w]
    initials = "".join(w[0].upper() for w in words if w[0].isalpha())
    capitals = "".join(c for c in name if c.isupper())
    for pool in (initials, capitals):
        k = 0
        for ch in pool:
            if k < len(letters) and ch == letters[k]:
                k += 1
        if k == len(letters):
            return True
    return False


def add_alias_mentions(doc: Doc, spans: list[Span], aliases: dict[str, str]) -> list[Span]:
    """Later uses of a document-defined acronym become mentions of its entity."""
    if not aliases:
        return spans
    taken = set()
    for sp in spans:
        taken.update(range(sp.start, sp.end))
    by_text = dict(aliases)
    for sp in spans:
        if sp.kb is None and doc[sp.start:sp.end].text in by_text:
            sp.cluster = by_text[doc[sp.start:sp.end].text]  # spaCy found the acronym itself
    extra = []
    for i, tok in enumerate(doc):
        if i in taken:
            continue
        c = by_text.get(tok.text)
        if c is not None:
            prev = doc[i - 1].text if i else ""
            nxt = doc[i + 1].text if i + 1 < len(doc) else ""
            if prev == "(" and nxt == ")":
                continue  # the definition itself
            extra.append(Span(i, i + 1, "", None, "acronym", cluster=c))
    return sorted(spans + extra, key=lambda s: s.start)


def cluster_spans(doc: Doc, spans: list[Span]) -> dict[str, Cluster]:
    """Group one document's mentions into entities."""
    clusters: dict[str, Cluster] = {}

    def put(sp: Span, key: str, label: str, kb: KBEntry | None) -> None:
        c = clusters.get(key)
        if c is None:
            c = clusters[key] = Cluster(key, label, kb)
        sp.cluster = key
        if not sp.label:
            sp.label = c.label
        c.spans.append(sp)

    pending_short: list[Span] = []
    for sp in spans:
        if sp.cluster:  # acronym uses, already assigned
            c = clusters.get(sp.cluster)
            if c:
                sp.label = c.label
                c.spans.append(sp)
            continue
        if sp.kb is not None:
            put(sp, "kb:" + sp.kb.id, sp.kb.type, sp.kb)
            continue
        key = norm(sp.text(doc))
        if len([w for w in key.split() if not _ARTICLE_PREFIX.match(w)]) == 1:
            pending_short.append(sp)  # maybe a surname; decided once all full names are known
            continue
        put(sp, f"new:{key}", sp.label, None)

    # spelling variants of one new name ("Manssor Arbabsiar" / "Mansour Arbabsiar")
    for c in list(clusters.values()):
        if c.kb is not None or c.key not in clusters:
            continue
        sk = skeleton(c.key[4:])
        if not skeleton_is_specific(sk):
            continue
        for other in list(clusters.values()):
            if other is c or other.kb is not None or other.label != c.label or other.key not in clusters:
                continue
            if skeleton(other.key[4:]) == sk and fuzz.ratio(c.key[4:], other.key[4:]) >= 80:
                for sp in other.spans:
                    sp.cluster = c.key
                c.spans += other.spans
                del clusters[other.key]

    # a lone surname joins the full name it shortens, nearest one first
    for sp in pending_short:
        key = norm(sp.text(doc))
        best = None
        for c in clusters.values():
            # spaCy may type the full name ORG and the surname PERSON ("Mish'an Al-Jaburi" / "Al-Jaburi")
            if c.label != "PERSON" and not (sp.label == "PERSON" and c.label == "ORG" and c.kb is None):
                continue
            for other in c.spans:
                words = [w for w in norm(other.text(doc)).split() if not _ARTICLE_PREFIX.match(w)]
                short = [w for w in key.split() if not _ARTICLE_PREFIX.match(w)]
                if len(words) > 1 and short and words[-1] == short[-1]:
                    dist = abs(sp.start - other.start)
                    if best is None or dist < best[0]:
                        best = (dist, c.key)
        put(sp, best[1] if best else f"new:{key}", sp.label, None)

    # surnames spaCy did not tag at all ("Abdollahi oversees ...")
    surnames = {}
    for c in clusters.values():
        if c.label == "PERSON":
            for sp in c.spans:
                words = doc[sp.start:sp.end]
                if len(words) > 1 and words[-1].text[:1].isupper():
                    surnames.setdefault(words[-1].text, c.key)
    covered = {k for c in clusters.values() for sp in c.spans for k in range(sp.start, sp.end)}
    lower_words = {t.lower_ for t in doc if t.text.islower()}
    for tok in doc:
        key = surnames.get(tok.text)
        if key and tok.i not in covered and tok.lower_ not in lower_words and tok.pos_ not in ("VERB", "AUX", "ADP"):
            sp = Span(tok.i, tok.i + 1, "PERSON", clusters[key].kb, "surname", cluster=key)
            clusters[key].spans.append(sp)
            spans.append(sp)

    # majority type for new actors (spaCy may tag one name PERSON here and ORG there)
    for c in clusters.values():
        if c.kb is None:
            labels = [s.label for s in c.spans if s.label]
            if labels:  # ties go to the first label seen, so the result never depends on hash order
                c.label = max(labels, key=lambda lab: (labels.count(lab), -labels.index(lab)))
    return clusters


def representative_name(doc: Doc, c: Cluster) -> str:
    if c.kb is not None:
        return c.kb.name
    forms = [s.text(doc) for s in c.spans if not s.coref]
    if not forms:
        return c.key.split(":", 1)[1]
    # the fullest name, the most frequent among equals
    return max(forms, key=lambda f: (len(f.split()) if not f.isupper() else 0, forms.count(f), len(f)))

"""Claim attributes: hedged, negated, attributed_to, time and quantity.

Each is read from the words that govern the trigger in the parse, so
"Treasury said X funds Y" attributes the claim, "allegedly funds" hedges it,
"did not fund" negates it, and a date attached to the trigger dates it.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .relations import Context, RawClaim
from .timex import parse_time

SOURCE_NOUNS = {"article", "report", "statement", "complaint", "order", "study", "indictment", "assessment",
                "filing", "testimony", "affidavit", "lawsuit", "judgment", "ruling", "investigation", "analysis",
                "panel", "commission", "committee", "team", "experts", "investigators", "monitors", "sources",
                "spokesman", "spokesperson", "official", "officials", "military", "ministry", "office", "agency"}
_QUOTES = re.compile(r"[\u201c\"](.+?)[\u201d\"]", re.DOTALL)
_MONEY_TAIL = re.compile(r"^\s*(a|per|each|every)\s+(month|year|week|day)\b|^\s*(monthly|annually|yearly)\b", re.I)


def _ancestors_in_clause(tok: Token):
    """The trigger's governors up to the sentence root."""
    return list(tok.ancestors)


def _scope(c: RawClaim) -> list[Token]:
    toks = [t for t in ([c.trigger] if c.trigger is not None else []) + c.extra_tokens]
    return toks


def hedging(ctx: Context, c: RawClaim) -> str | None:
    """'plot' for plots and attempts, 'hedge' for alleged/reportedly/may, else None."""
    lex = ctx.lex
    found = None
    for t in _scope(c):
        chain = [t, *_ancestors_in_clause(t)]
        for a in chain:
            words = [a, *[ch for ch in a.children if ch.dep_ in ("aux", "advmod", "amod", "npadvmod", "neg")]]
            if a is not t:  # "coordinated the plot to assassinate X"
                words += [ch for ch in a.children if ch.dep_ in ("dobj", "nsubjpass") and ch.lemma_ in lex.plot_words]
            for w in words:
                if w.lower_ in lex.plot_words or w.lemma_ in lex.plot_words:
                    return "plot"
                if (w.lower_ in lex.hedge_words or w.lemma_ in lex.hedge_words) and w.lemma_ not in ("say", "claim"):
                    found = "hedge"
        # "the attempted assassination of X", "a plot to kill Y"
        root = ctx.doc[c.object.start:c.object.end].root if c.object.start >= 0 else None
        for a in ([root, *root.ancestors][:4] if root is not None else []):
            if a.lower_ in lex.plot_words:
                return "plot"
    return found


def is_hedged(ctx: Context, c: RawClaim) -> bool:
    return hedging(ctx, c) is not None


def is_negated(ctx: Context, c: RawClaim) -> bool:
    """'did not fund', 'denied arming', 'did not fund or arm'; a denial does not
    reach a clause merely coordinated with it ('denied X and claimed Y')."""
    for t in _scope(c):
        if any(ch.dep_ == "neg" for ch in t.children):
            return True
        if t.dep_ == "conj" and any(ch.dep_ == "neg" for ch in t.head.children):
            return True
        node = t
        while node.dep_ not in ("ROOT", "conj") and node.head is not node:
            parent = node.head
            if parent.lemma_ in ctx.lex.negations:
                return True
            if (node.dep_ == "xcomp" and parent.pos_ in ("VERB", "AUX") and parent.lemma_ not in ctx.lex.speech_verbs
                    and any(ch.dep_ == "neg" for ch in parent.children)):
                return True  # "did not agree to fund"
            node = parent
    return False


def attribution(ctx: Context, c: RawClaim, quote_speakers) -> object | None:
    if c.attributed_to is not None:
        return c.attributed_to
    doc = ctx.doc
    sent = c.sent
    # "according to X" anywhere in the sentence
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            for g in doc[tok.i + 1].children:
                if g.dep_ == "pobj":
                    src = _source(ctx, g)
                    if src is not None:
                        return src
    # a speech verb governing the trigger: "X said ...", "said X"; a role or
    # unit pattern describes its subject, so it is not what the speaker says
    for t in [] if c.rule.startswith("role") else _scope(c):
        for a in t.ancestors:
            if a.lemma_ in ctx.lex.speech_verbs and a.pos_ == "VERB":
                # "X said", "said X", "was alleged by X"; in "X was accused of", X is not the source
                for ch in a.children:
                    src = None
                    if ch.dep_ == "nsubj" and ch.i not in [x.i for x in t.subtree]:
                        src = _source(ctx, ch)
                    elif ch.dep_ == "agent":
                        src = next((_source(ctx, g) for g in ch.children if g.dep_ == "pobj"), None)
                    if src is not None:
                        return src
                # "issued an order stating that ...": the subject of the verb that owns the noun
                if a.dep_ == "acl" and a.head.lower_ in SOURCE_NOUNS:
                    owner = a.head.head
                    for ch in owner.children:
                        if ch.dep_ == "nsubj":
                            src = _source(ctx, ch)
                            if src is not None:
                                return src
    # inside a quotation whose speaker the paragraph names
    for (a, b), speaker in quote_speakers:
        if a <= c.subject.start and c.object.end <= b:
            return speaker
    return None


def _source(ctx: Context, tok: Token):
    """Who a speaker phrase names: 'Akram al-Kaabi', 'Nujaba's leader, Akram al-Kaabi',
    'U.S. officials' (the United States), 'an article in Track Persia'."""
    sp = ctx.at.get(tok.i)
    if sp is not None:
        return sp
    if tok.lower_ in SOURCE_NOUNS or tok.lemma_ in SOURCE_NOUNS:
        for ch in tok.subtree:
            if ch.i in ctx.at and ch.i != tok.i:
                return ctx.at[ch.i]
    found = [e for e in ctx.entities_of(tok) if not e.coref]
    people = [e for e in found if ctx.label(e) == "PERSON"]
    return (people or found or [None])[0]


def quote_speakers(ctx: Context):
    """Token ranges of quotations and who the paragraph says spoke them."""
    doc: Doc = ctx.doc
    out = []
    text = doc.text
    for m in _QUOTES.finditer(text):
        a_char, b_char = m.span(1)
        if b_char - a_char < 40:
            continue
        span = doc.char_span(a_char, b_char, alignment_mode="expand")
        if span is None:
            continue
        speaker = None
        # the sentence that opens the quotation, or the words right after it
        para_start = text.rfind("\n\n", 0, a_char) + 1
        para_end = text.find("\n\n", b_char)
        para_end = len(text) if para_end < 0 else para_end
        window = doc.char_span(para_start, para_end, alignment_mode="expand")
        if window is None:
            continue
        for tok in window:
            if span.start <= tok.i < span.end:
                continue
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                for g in doc[tok.i + 1].children:
                    if g.dep_ == "pobj":
                        speaker = _source(ctx, g)
            elif tok.lemma_ in ("say", "state", "add", "tell", "warn", "explain") and tok.pos_ == "VERB":
                for ch in tok.children:
                    if ch.dep_ == "nsubj" and not (span.start <= ch.i < span.end):
                        speaker = _source(ctx, ch) or speaker
            if speaker is not None:
                break
        if speaker is not None:
            out.append(((span.start, span.end), speaker))
    return out


def claim_time(ctx: Context, c: RawClaim, doc_date: str | None) -> tuple[str | None, str | None]:
    doc = ctx.doc
    dates = [e for e in ctx.ents if e.label_ == "DATE" and c.sent.start <= e.start < c.sent.end]
    if not dates:
        return None, None
    anchors = _scope(c)
    if not anchors:
        return None, None

    def governed_by(ent, t: Token) -> bool:
        r = ent.root
        return r == t or t in r.ancestors

    dates = [e for e in dates if parse_time(e.text, doc_date)[0]]  # "E.O. 13224" is tagged DATE too
    best = None
    for t in anchors:
        # dates inside the trigger's own phrase, then those on the verbs that govern it
        for depth, a in enumerate([t, *list(t.ancestors)[:3]]):
            for e in dates:
                if not governed_by(e, a):
                    continue
                if depth and any(x.pos_ == "VERB" and x != a and x != t and x in e.root.ancestors and a in x.ancestors for x in e.root.ancestors):
                    continue
                dist = abs(e.root.i - t.i)
                if best is None or (depth, dist) < best[0]:
                    best = ((depth, dist), e)
            if best is not None:
                break
        if best is not None:
            break
    if best is None:
        return None, None
    e = best[1]
    text = e.text
    k = e.start - 1
    # keep the preposition that says how the date relates: since, after, between, as of
    if k >= 0 and doc[k].lower_ in ("since", "after", "from", "between", "of"):
        text = f"{doc[k].lower_} {text}"
    return parse_time(text, doc_date)


def quantity(ctx: Context, c: RawClaim) -> str | None:
    if c.predicate not in ("funds", "supports", "arms"):
        return None
    doc = ctx.doc
    for e in ctx.ents:
        if e.label_ == "MONEY" and c.sent.start <= e.start < c.sent.end:
            for t in _scope(c):
                if t in e.root.ancestors or e.root == t or e.root.head == t or any(x in e.root.ancestors for x in t.children):
                    tail = doc.text[e.end_char:e.end_char + 20]
                    m = _MONEY_TAIL.match(tail)
                    return e.text + (tail[: m.end()] if m else "")
    return None

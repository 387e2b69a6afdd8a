"""Pronoun and nominal references inside a document.

No English coreference model installs offline, so this is a small
rule-based resolver for the common cases: "its leader", "he said", "the
group", "the militia", "the former" / "the latter". The antecedent is the
nearest earlier mention of the right type, preferring sentence subjects,
looking back at most two sentences.
"""
from __future__ import annotations


from spacy.tokens import Doc

from .lexicon import load_lexicon
from .mentions import Span

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
LOOKBACK_SENTENCES = 2


def _lexicon():
    return load_lexicon("coref.yaml")


def _span_root(doc: Doc, sp: Span):
    return doc[sp.start:sp.end].root


def _is_expletive_it(tok) -> bool:
    """'It is important to...', 'it was reported that...'."""
    head = tok.head
    if tok.lower_ != "it":
        return False
    if head.lemma_ in ("be", "seem", "appear", "remain") and any(c.dep_ in ("acomp", "ccomp", "xcomp") for c in head.children):
        return True
    return any(c.dep_ in ("ccomp",) and c.i > tok.i for c in head.children) and head.lemma_ in ("report", "say", "believe", "think")


def resolve_references(doc: Doc, spans: list[Span], clusters) -> list[Span]:
    """Coreference spans (coref=True) pointing pronouns and nominals at clusters."""
    lex = _lexicon()
    pronouns, nominals, ordinals = lex["pronouns"], lex["nominals"], lex["ordinals"]
    taken = set()
    for sp in spans:
        taken.update(range(sp.start, sp.end))
    sents = list(doc.sents)
    sent_index = {}
    for k, s in enumerate(sents):
        for t in range(s.start, s.end):
            sent_index[t] = k
    named = [sp for sp in spans if not sp.coref and sp.cluster]
    out: list[Span] = []

    def candidates(before: int, label: tuple[str, ...]):
        k = sent_index.get(before, 0)
        lo = sents[max(0, k - LOOKBACK_SENTENCES)].start
        found = []
        for sp in named + out:
            if lo <= sp.start < before and sp.end <= before:
                c = clusters.get(sp.cluster)
                if c is None or c.label not in label or sp.adjective:
                    continue
                found.append(sp)
        return found

    salience: dict[str, int] = {}

    def pick(tok, label):
        labels = (label,) if isinstance(label, str) else tuple(label)
        cands = candidates(tok.i, labels)
        if not cands:
            return None
        k = sent_index[tok.i]

        def score(c: Span) -> float:
            dist = k - sent_index[c.start]
            s = 3.0 if dist == 0 else 0.0
            s -= dist
            if _span_root(doc, c).dep_ in SUBJECT_DEPS:
                s += 2.0
            # a state is the antecedent of "it" mostly within its own sentence
            if clusters[c.cluster].label == "GPE" and dist > 0:
                s -= 2.0
            s += 0.5 * min(salience.get(c.cluster, 0), 4)
            return s + c.start / 1e6  # nearer wins ties

        return max(cands, key=score)

    named_starts = {sp.start: sp for sp in named}
    for tok in doc:
        if tok.i in named_starts:
            c = named_starts[tok.i].cluster
            salience[c] = salience.get(c, 0) + 1
        if tok.i in taken:
            continue
        low = tok.lower_
        target = None
        if low in pronouns and tok.pos_ == "PRON" or low in ("its", "his") and tok.dep_ == "poss":
            if _is_expletive_it(tok):
                continue
            target = pick(tok, pronouns[low])
            span = (tok.i, tok.i + 1)
        elif low in nominals and tok.pos_ == "NOUN" and tok.i > 0 and doc[tok.i - 1].lower_ in ("the", "this", "that"):
            # "the group" alone, not "the militia group Kata'ib Hizballah"
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and (nxt.i in taken or nxt.pos_ == "PROPN"):
                continue
            if any(c.i in taken for c in tok.children) or tok.head.i in taken:
                continue
            if tok.tag_ == "NNS":
                continue
            target = pick(tok, nominals[low])
            span = (tok.i - 1, tok.i + 1)
        elif low in ordinals and tok.i > 0 and doc[tok.i - 1].lower_ == "the":
            target = _former_latter(doc, tok, named, sent_index, ordinals[low])
            span = (tok.i - 1, tok.i + 1)
        if target is not None:
            out.append(Span(span[0], span[1], target.label, target.kb, "coref", coref=True, cluster=target.cluster))
    return out


def _former_latter(doc: Doc, tok, named: list[Span], sent_index, which: int):
    """'X and Y ... the former' -> X; the latter -> Y."""
    k = sent_index[tok.i]
    owner = {}
    for sp in named:
        for t in range(sp.start, sp.end):
            owner[t] = sp
    for kk in (k, k - 1):
        pairs = []
        for sp in named:
            if sent_index.get(sp.start) != kk or sp.start >= tok.i:
                continue
            for t in range(sp.start, sp.end):
                for c in doc[t].children:
                    other = owner.get(c.i)
                    if c.dep_ == "conj" and other is not None and other.cluster != sp.cluster:
                        pairs.append((sp, other))
        if pairs:
            pair = pairs[-1]
            return pair[0] if which == 0 else pair[1]
    return None

"""Phrase-level relations: compounds, roles, copulas and locations.

"Iran-backed X", "Iraq-based X", "IRGC-QF commander Qasem Soleimani", "the Quds
Force, the elite branch of the IRGC", "X is a member of Y", "Al-Manar in Beirut".
"""
from __future__ import annotations

from spacy.tokens import Token

from .lexicon import Lexicon
from .mentions import Span
from .arguments import Context, QUANTIFIERS, RawClaim, pobj_entities


def compounds(ctx: Context, sent) -> list[RawClaim]:
    """'Iran-backed militia Kata'ib Hizballah', 'Iraq-based Kata'ib Hizballah'."""
    lex = ctx.lex
    out = []
    for tok in sent:
        spec = lex.compounds.get(tok.lower_)
        if not spec or tok.i < 1:
            continue
        k = tok.i - 1
        if ctx.doc[k].text in ("-", "\u2013"):
            k -= 1
        agent = ctx.at.get(k)
        if agent is None or ctx.doc[k].i >= tok.i:
            continue
        head = _np_head(tok)
        targets = [sp for sp in _named_in_np(ctx, head, after=tok.i) if sp.cluster != agent.cluster]
        if not targets and head.dep_ == "appos" and head.head.i in ctx.at:
            # "al-Muhandis, an OFAC-sanctioned advisor", "KSS, another Iraq-based group"
            targets = [e for e in ctx.entities_of(head.head) if e.cluster != agent.cluster]
        if not targets and head.dep_ == "conj" and head.head.i in ctx.at and any(
                c.lower_ in ("other", "another") for c in head.children):
            # "Kata'ib Hizballah and all other Iran-backed groups"
            targets = [ctx.at[head.head.i]]
        if not targets:
            continue
        target = targets[0]
        if spec.get("reverse"):
            out.append(RawClaim(target, spec["predicate"], agent, tok, f"compound:{tok.lower_}", sent))
        else:
            out.append(RawClaim(agent, spec["predicate"], target, tok, f"compound:{tok.lower_}", sent))
    return out


def _np_head(tok: Token) -> Token:
    while tok.dep_ in ("amod", "compound", "npadvmod", "nmod", "punct") and tok.head is not tok:
        tok = tok.head
    return tok


def _named_in_np(ctx: Context, head: Token, after: int) -> list[Span]:
    """Named actors inside a noun phrase after a position, the head first."""
    found = []
    if head.i in ctx.at and head.i > after:
        found.append(ctx.at[head.i])
    for c in head.children:
        if c.dep_ in ("compound", "appos", "nmod") and c.i > after:
            sp = ctx.at.get(c.i)
            if sp is not None and not sp.adjective:
                found.append(sp)
            elif c.dep_ == "appos":
                found += _named_in_np(ctx, c, after)
    # the parse sometimes leaves "militia Kataib Hezbollah" as two heads: look right
    if not found:
        k = head.i + 1
        doc = ctx.doc
        while k < len(doc) and k - head.i <= 4 and doc[k].pos_ in ("PROPN", "PUNCT") and doc[k].text not in (",", ".", ";"):
            if k in ctx.at:
                found.append(ctx.at[k])
                break
            k += 1
    return [sp for sp in found if not sp.adjective]


def role_patterns(ctx: Context, sent) -> list[RawClaim]:
    """Surface patterns over the sentence with mentions as slots."""
    lex = ctx.lex
    items, spans_by_id = [], {}
    k = sent.start
    while k < sent.end:
        sp = ctx.at.get(k)
        if sp is not None:
            label = ctx.label(sp)
            if sp.adjective:
                label = "GPE"
            sid = len(spans_by_id)
            spans_by_id[sid] = sp
            items.append(f"[{sid}:{label}]")
            k = max(sp.end, k + 1)
            continue
        tok = ctx.doc[k]
        if not tok.is_space:
            t = tok.lower_
            prev = ctx.doc[k - 1] if k > sent.start else None
            if items and prev is not None and not prev.whitespace_ and (t == "-" or items[-1].endswith("-")) \
                    and not items[-1].startswith("["):
                items[-1] += t  # "secretary - general" is the word "secretary-general"
            else:
                items.append("'s" if t in ("'s", "\u2019s", "'") and tok.tag_ == "POS" else t)
        k += 1
    text = " ".join(items)
    out = []
    for pat in lex.role_patterns:
        pos = 0
        while True:
            m = pat.regex.search(text, pos)
            if not m:
                break
            pos = m.start() + 1
            gd = m.groupdict()
            obj = _slot(spans_by_id, gd, "o") if gd.get("o") else _slot(spans_by_id, gd, "q")
            if pat.predicate not in ("role", "part_of"):
                subj = _slot(spans_by_id, gd, "p") if gd.get("p") else _slot(spans_by_id, gd, "s")
                pred = pat.predicate
            elif pat.predicate == "part_of":
                subj = _slot(spans_by_id, gd, "s")
                if pat.organ_only and not _is_organ(ctx, subj):
                    continue
                pred = "part_of"
            else:
                subj = _slot(spans_by_id, gd, "p")
                role_key = next(kk for kk, v in gd.items() if kk.startswith("role") and v)
                role = gd[role_key]
                pred = lex.role_of[role]
                before = text[m.start():m.start(role_key)].split()
                before = before[-4:] if before else []
                if pred == "leads" and demoted(lex, role, before):
                    pred = "member_of"
                if pred == "leads" and ctx.label(obj) == "GPE" and role not in ("president", "prime minister", "king", "supreme leader", "leader", "ruler", "emir", "amir", "head", "chief"):
                    continue  # "Iran's defense minister" leads a ministry, not Iran
                if pred == "member_of" and ctx.label(obj) == "GPE":
                    continue
                if pred == "founded":
                    subj, obj = subj, obj
            if subj.cluster == obj.cluster:
                continue
            if "copula" in pat.name and ctx.doc[subj.start:subj.end].root.dep_ not in ("nsubj", "nsubjpass"):
                continue  # "who is going to replace him is a member": him is not the subject
            if pat.organ_only and ctx.label(obj) != "ORG":
                continue
            trigger = ctx.doc[subj.start]
            out.append(RawClaim(subj, pred, obj, trigger, f"role:{pat.name}", sent))
    return out


ROLE_PHRASE_STOPS = {",", "of", "is", "was", "are", "were", "became", "becomes", "been", "serves", "served", "as",
                     "remains", "remained", "appointed", "named", "now", "who"}


def demoted(lex: Lexicon, role: str, before: list[str]) -> bool:
    """'a commander of X', 'deputy commander', 'KH military commander' do not lead X."""
    if role.split()[0] in lex.demote:
        return True
    words = []
    for w in reversed(before):
        if w.startswith("[") or w in ROLE_PHRASE_STOPS:
            break  # the organisation or person slot, or the verb before the role phrase
        words.append(w)
    return any(w in lex.demote for w in words) or any(w not in lex.leader_modifiers for w in words)


COPULAS = {"be", "become", "remain", "serve", "succeed", "replace"}  # "X replaced Y as commander of Z"
APPOINTING = {"appoint", "name", "elect", "promote", "install", "choose", "select"}  # "X was appointed (as) head of Z"


def copula_roles(ctx: Context, sent) -> list[RawClaim]:
    """'X, designated in 2007, is a branch of Y': the copula's subject and its noun,
    however much stands between them."""
    lex = ctx.lex
    out = []
    for verb in sent:
        if verb.lemma_ not in COPULAS and verb.lemma_ not in APPOINTING:
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj" and c.i in ctx.at]
        if verb.lemma_ in APPOINTING:
            # "X was appointed head of Z"; "Khamenei appointed X as IRGC commander"
            subj = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj") and c.i in ctx.at]
        attrs = [c for c in verb.children if c.dep_ in ("attr", "oprd")]
        attrs += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
        if not subj or not attrs:
            continue
        s_span = ctx.at[subj[0].i]
        for noun in attrs:
            if noun.lower_ in QUANTIFIERS:  # "one of KH's main media spokesmen"
                noun = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                             for g in c.children if g.dep_ == "pobj"), noun)
            word = noun.lemma_.lower() if noun.lemma_.lower() in lex.role_of else noun.lower_
            owners = [e for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "within", "in")
                      for e in pobj_entities(ctx, c)]
            owners += [ctx.at[c.i] for c in noun.children if c.dep_ in ("poss", "compound") and c.i in ctx.at]
            if word in lex.units and ctx.label(s_span) == "ORG":
                pred = "part_of"
            elif word in lex.role_of and ctx.label(s_span) == "PERSON":
                pred = lex.role_of[word]
                mods = [c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "det", "nummod")
                        and c.i not in ctx.at and c.i < noun.i]
                if noun.tag_ == "NNS":
                    mods.append("one")
                if pred == "leads" and demoted(lex, word, mods):
                    pred = "member_of"
            else:
                continue
            for o in owners:
                if o.cluster != s_span.cluster and not o.adjective:
                    out.append(RawClaim(s_span, pred, o, noun, f"copula:{word}", sent))
    return out


def _slot(spans_by_id: dict, groups: dict, name: str) -> Span:
    """The mention a pattern slot matched: '[3:ORG]' is mention 3."""
    return spans_by_id[int(groups[name][1:].split(":")[0])]


def _is_organ(ctx: Context, sp: Span) -> bool:
    words = ctx.doc[sp.start:sp.end].text.lower().split()
    organ = ("office", "department", "bureau", "directorate", "division", "unit", "command", "council",
             "ministry", "force", "forces", "corps", "wing", "branch", "agency", "service", "navy", "army")
    if any(w in organ for w in words):
        return True
    c = ctx.clusters.get(sp.cluster)
    return bool(c and c.kb and any(w in organ for w in c.kb.name.lower().split()))


LOCATED_GROUPS = {"members", "fighters", "militants", "cells", "cell", "units", "operatives", "militiamen", "forces"}


def _predicate_nominal(noun: Token) -> Token | None:
    """The copula whose predicate this noun is ('X is a militia', 'X is one of the militias')."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in QUANTIFIERS:
        noun = noun.head.head
    if noun.dep_ == "attr" and noun.head.lemma_ in ("be", "remain", "become"):
        return noun.head
    return None


HOSTILE_VERBS = {"fight", "attack", "strike", "bomb", "shell", "raid", "ambush", "assault", "conduct", "launch", "operate", "deploy", "station"}


def locations(ctx: Context, sent) -> list[RawClaim]:
    """'Al-Manar in Beirut', 'JAM Special Groups in Sadr City', 'fighting X in Basrah'."""
    lex = ctx.lex
    out = []
    for tok in sent:
        if tok.dep_ != "prep" or tok.lower_ not in lex.location_preps:
            continue
        places = [e for e in pobj_entities(ctx, tok) if ctx.label(e) in ("GPE", "LOC")]
        if not places:
            continue
        head = tok.head
        actors: list[Span] = []
        if head.pos_ in ("NOUN", "PROPN"):
            if head.i in ctx.at:
                actors = [ctx.at[head.i]]
            elif head.lower_ in LOCATED_GROUPS:  # "Kata'ib Hizballah members in Iran"
                actors = [ctx.at[c.i] for c in head.children if c.dep_ == "compound" and c.i in ctx.at]
            actors = [a for a in actors if not a.adjective]
        elif head.pos_ == "VERB" and head.lemma_ in HOSTILE_VERBS:
            actors = ctx.subjects(head)
        if not actors and head.pos_ == "NOUN" and _predicate_nominal(head):
            actors = [e for e in ctx.subjects(_predicate_nominal(head)) if not e.adjective]  # "KH is a militia in Iraq"
        for a in actors:
            if ctx.label(a) not in ("ORG", "PERSON"):
                continue
            for p in places:
                if p.cluster != a.cluster:
                    out.append(RawClaim(a, "operates_in", p, tok, f"location:{head.lemma_}", sent))
    return out

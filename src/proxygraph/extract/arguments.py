"""What a trigger's arguments stand for: subjects, objects and the actors behind them.

The Context holds one document's parse and mentions and answers the questions
every rule asks: which actors does this syntactic argument name ("Kata'ib
Hizballah members", "U.S. troops", "one of its militias, the ... Hezbollah"),
who is the subject of this verb (passives, relative clauses, coordinated and
controlled verbs), what are its objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .mentions import Span


RELATIVE = {"which", "who", "that", "whom"}
KILLING_NOUNS = {"assassination", "killing", "murder", "assassinations", "killings", "murders"}
QUANTIFIERS = {"one", "some", "many", "several", "each", "all", "both", "any", "most", "two", "three", "four", "five"}
DESIGNATING = {"designate", "sanction", "target", "name", "list", "blacklist", "add", "identify", "declare"}


@dataclass
class RawClaim:
    subject: Span
    predicate: str
    object: Span
    trigger: Token | None
    rule: str
    sent: object  # the spaCy sentence span
    extra_tokens: list = field(default_factory=list)  # other tokens that carry attributes
    attributed_to: Span | None = None
    hedged: bool | None = None  # set by the rule when it knows better


class Context:
    """One document's parse, mentions and lexicon, with the look-ups rules need."""

    def __init__(self, doc: Doc, spans: list[Span], clusters, lex: Lexicon, authorities: set[str], publisher: Span | None):
        self.doc = doc
        self.lex = lex
        self.clusters = clusters
        self.authorities = authorities  # cluster keys of sanctioning bodies
        self.publisher = publisher
        # "X is being designated ..." with no agent: the body last seen designating, else the publisher
        self.designator: Span | None = publisher
        self.doc_date: str | None = None
        # spaCy rebuilds these on every access: read them once
        self.ents = list(doc.ents)
        self.sents = list(doc.sents)
        self.at: dict[int, Span] = {}
        for sp in spans:
            for k in range(sp.start, sp.end):
                # a real name wins over a pronoun pointing at it
                if k not in self.at or self.at[k].coref and not sp.coref:
                    self.at[k] = sp

    def label(self, sp: Span) -> str:
        c = self.clusters.get(sp.cluster)
        return c.label if c else sp.label

    # -- arguments ---------------------------------------------------------
    def entities_of(self, tok: Token, depth: int = 0, groups: bool = True) -> list[Span]:
        """The actors a syntactic argument stands for, conjuncts included.

        With ``groups``, "Kata'ib Hizballah members" stands for Kata'ib Hizballah.
        """
        if depth > 6:
            return []
        lex = self.lex
        out: list[Span] = []
        sp = self.at.get(tok.i)
        if sp is not None:
            out.append(sp)
        elif tok.dep_ == "appos" and tok.head.i in self.at:
            out.append(self.at[tok.head.i])  # "Abdollahi, a senior official who ..."
        elif tok.dep_ == "attr" and tok.head.lemma_ in ("be", "become", "remain"):
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            out += self.entities_of(subj[0], depth + 1) if subj else []  # "Shahlai is an official who ..."
        else:
            low = tok.lower_
            for c in tok.children:
                if c.dep_ == "appos":
                    out += self.entities_of(c, depth + 1)
                elif c.dep_ == "prep" and c.lower_ in ("including", "like") or c.dep_ == "prep" and c.lower_ == "as" and any(
                    g.lower_ == "such" for g in c.children
                ):
                    out += [e for g in c.children if g.dep_ == "pobj" for e in self.entities_of(g, depth + 1)]
            if not out and low in lex.attack_nouns:
                # "a U.S. drone strike killed X", "Houthi attacks": the attacker modifies the attack
                out += [self.at[c.i] for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i in self.at]
            if not out and groups and (low in lex.group_nouns or low in lex.owned_nouns):
                # "Yemen's Anasrullah fighters": the group named in the compound, not its country
                mods = [self.at[c.i] for c in tok.children if c.dep_ in ("compound", "nmod") and c.i in self.at]
                mods = mods or [self.at[c.i] for c in tok.children if c.dep_ in ("poss", "amod") and c.i in self.at]
                out += mods
                if not out and low in lex.owned_nouns:
                    for c in tok.children:
                        if c.dep_ == "acl" and c.lemma_ in lex.owner_participles:
                            out += [e for a in c.children if a.dep_ == "agent" for e in pobj_entities(self, a)]
                if not out and low in lex.group_nouns:
                    for c in tok.children:
                        if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                            out += [e for g in c.children if g.dep_ == "pobj" for e in self.entities_of(g, depth + 1)]
            if not out and low in QUANTIFIERS:
                for c in tok.children:
                    if c.dep_ == "appos":
                        out += self.entities_of(c, depth + 1)
                    elif c.dep_ == "prep" and c.lower_ == "of":
                        out += [e for g in c.children if g.dep_ == "pobj" for e in self.entities_of(g, depth + 1)]
                if not out:
                    out += self.detached_apposition(tok)
        # conjuncts hang off any word of a multi-word name ("Asa'ib Ahl al-Haq and Kata'ib al-Imam Ali")
        heads = [self.doc[k] for k in range(sp.start, sp.end)] if sp is not None and sp.start >= 0 else [tok]
        for h in heads:
            for c in h.children:
                if c.dep_ == "conj" and not (sp is not None and sp.start <= c.i < sp.end):
                    out += self.entities_of(c, depth + 1, groups)
                elif c.dep_ == "appos" and sp is not None and c.i in self.at and not sp.start <= c.i < sp.end:
                    out += self.entities_of(c, depth + 1, groups)  # lists parsed as apposition
        seen, uniq = set(), []
        for sp in out:
            if id(sp) not in seen:
                seen.add(id(sp))
                uniq.append(sp)
        return uniq

    def subjects(self, verb: Token, depth: int = 0) -> list[Span]:
        if depth > 4:
            return []
        passive = is_passive(verb)
        if passive:
            # "trained, funded, and supported by X": the agent may sit on a coordinated verb
            for v in [verb, *_coordinated(verb)]:
                for c in v.children:
                    if c.dep_ == "agent":
                        return [e for g in c.children if g.dep_ == "pobj" for e in self.entities_of(g)]
            # "killed in a U.S. strike": the attack names the attacker
            return [e for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
                    for g in c.children if g.dep_ == "pobj" and g.lower_ in self.lex.attack_nouns
                    for e in self.entities_of(g)]
        # the parser sometimes hangs the subject on the auxiliary ("Iran has long armed ...")
        kids = list(verb.children)
        kids += [g for c in kids if c.dep_ == "aux" for g in c.children]
        for c in kids:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in RELATIVE and verb.dep_ == "relcl":
                    return self.entities_of(verb.head)
                return self.entities_of(c)
        if verb.dep_ == "relcl":
            return self.entities_of(verb.head)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            if is_passive(verb.head):
                # "X was funded by Y and received training from Z": X did the receiving
                return [e for c in verb.head.children if c.dep_ == "nsubjpass" for e in self.entities_of(c)]
            return self.subjects(verb.head, depth + 1)
        if verb.dep_ == "xcomp":
            objs = [c for c in verb.head.children if c.dep_ == "dobj"]
            if objs:
                return self.entities_of(objs[0])
            if is_passive(verb.head):
                # "Hezbollah is believed to have been behind ...": the raised subject
                return [e for c in verb.head.children if c.dep_ == "nsubjpass" for e in self.entities_of(c)]
            return self.subjects(verb.head, depth + 1)
        if verb.dep_ in ("pcomp", "advcl", "acl"):
            return self.controller(verb, depth)
        return []

    def controller(self, verb: Token, depth: int) -> list[Span]:
        """Who does a subjectless gerund or participle? 'designated X for providing...' -> X."""
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            found = self.entities_of(head)
            if found or head.dep_ not in ("pobj", "dobj", "nsubjpass"):
                return found
            # "X was accused of plans to bomb Y", "X coordinated the plot to kill Y": the plan's owner
            head = head.head.head if head.dep_ == "pobj" else head.head
            if head.pos_ in ("VERB", "AUX"):
                if is_passive(head):
                    return [e for c in head.children if c.dep_ == "nsubjpass" for e in self.entities_of(c)]
                return self.subjects(head, depth + 1)
            return []
        if head.pos_ == "ADJ":
            # "X, ..., responsible for providing": the adjective's subject or noun
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                return self.entities_of(subj[0])
            near = self.postposed_head(head)
            if near is not None:
                return self.entities_of(near)
        while head.pos_ in ("ADJ",) and head.dep_ in ("amod", "acomp", "acl") and head.head is not head:
            head = head.head
        if head.pos_ in ("NOUN", "PROPN"):
            return self.entities_of(head)
        if head.pos_ in ("VERB", "AUX"):
            if head.lemma_ in DESIGNATING or head.lemma_ in self.lex.object_control_verbs:
                return self.objects_of_designation(head)  # "accused Hezbollah of firing": Hezbollah fired
            return self.subjects(head, depth + 1)
        return []

    def detached_apposition(self, tok: Token) -> list[Span]:
        """'cultivate one of its first allied militias, the Lebanese Shia movement Hezbollah':
        the parser hung the apposition elsewhere; take the name right after the comma."""
        end = max(t.i for t in tok.subtree) + 1
        if end >= len(self.doc) or self.doc[end].text != ",":
            return []
        for k in range(end + 1, min(len(self.doc), end + 8)):
            t = self.doc[k]
            if t.is_punct or t.dep_ in ("cc",) or t.pos_ == "VERB":
                break
            sp = self.at.get(k)
            if sp is not None and not sp.adjective and not sp.coref:
                root = self.doc[sp.start:sp.end].root
                if root.dep_ in ("appos", "npadvmod", "dep", "compound", "conj"):
                    return [sp]
        return []

    def postposed_head(self, adj: Token) -> Token | None:
        """The noun phrase just before a trailing adjective ('the arm of the IRGC responsible
        for ...' is the arm), when the parse hung the adjective on a noun further left."""
        if adj.dep_ != "amod" or adj.head.i >= adj.i - 1:
            return None
        k = adj.i - 1
        while k > adj.head.i and (self.doc[k].is_punct or self.doc[k].pos_ not in ("NOUN", "PROPN")):
            k -= 1
        if k <= adj.head.i:
            return None
        tok = self.doc[k]
        for _ in range(6):
            if tok.dep_ == "appos" and tok.head.i < tok.i and tok.i - tok.head.i <= 2:
                tok = tok.head  # "Corps (IRGC)"
            elif tok.dep_ in ("compound", "amod") and tok.head.i > tok.i:
                tok = tok.head
            elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
                tok = tok.head.head  # "the arm of the IRGC" is the arm
            else:
                break
        return tok

    def objects_of_designation(self, verb: Token) -> list[Span]:
        if is_passive(verb):
            return [e for c in verb.children if c.dep_ == "nsubjpass" for e in self.entities_of(c)]
        found = [e for c in verb.children if c.dep_ == "dobj" for e in self.entities_of(c)]
        # "declared the IRGC a terrorist organization", parsed as a small clause
        found += [e for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("NOUN", "PROPN")
                  for g in c.children if g.dep_ == "nsubj" for e in self.entities_of(g)]
        return found

    def objects(self, verb: Token, preps: tuple[str, ...] | None, groups: bool = True) -> list[Span]:
        out = []
        if is_passive(verb):
            out += [e for c in verb.children if c.dep_ == "nsubjpass" for e in self.entities_of(c, groups=groups)]
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "attr", "oprd") and not is_passive(verb):
                out += self.entities_of(c, groups=groups)
            elif c.dep_ in ("punct", "dep") and c.pos_ == "PROPN" and c.i in self.at and c.i > verb.i \
                    and c.i - verb.i <= 2:
                out += self.entities_of(c, groups=groups)  # a name the parser left dangling right after the verb
            elif c.dep_ in ("prep", "dative") and preps and c.lower_ in preps:
                out += [e for g in c.children if g.dep_ == "pobj" for e in self.entities_of(g, groups=groups)]
        if preps and "in" in preps:
            for c in verb.children:
                if c.dep_ == "dobj" and c.i not in self.at:
                    out += [e for p in c.children if p.dep_ == "prep" and p.lower_ == "in" for e in pobj_entities(self, p)]
        if not out and is_passive(verb):
            # "Hezbollah, which is funded and armed by Iran": the noun the clause hangs on
            top = verb
            while top.dep_ == "conj" and top.head.pos_ in ("VERB", "AUX"):
                top = top.head
            if top.dep_ == "relcl":
                out += self.entities_of(top.head)
        if not out and verb.dep_ == "acl" and verb.tag_ == "VBN":
            # "militias backed by Iran": the noun is the object
            out += self.entities_of(verb.head)
        if not out and verb.tag_ == "VBN":
            # "Trained, funded and supported by the IRGC-QF, KH ...": the main clause's subject
            top = verb
            while top.dep_ == "conj" and top.head.tag_ == "VBN":
                top = top.head
            if top.dep_ == "advcl" and any(c.dep_ == "agent" for v in [top, *_coordinated(top)] for c in v.children):
                out += self.subjects(top.head)
        return out

    def is_authority(self, sp: Span) -> bool:
        return sp.cluster in self.authorities


def pobj_entities(ctx: "Context", prep: Token) -> list[Span]:
    return [e for g in prep.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]


def is_passive(verb: Token, depth: int = 0) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.tag_ != "VBN" or any(c.dep_ == "nsubj" for c in verb.children):
        return False
    if verb.dep_ in ("acl", "relcl", "advcl"):
        return True  # "militias backed by Iran", "Trained by the IRGC, KH ..."
    # "funded and armed by Iran": a participle coordinated with a passive is passive
    return depth < 4 and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and is_passive(verb.head, depth + 1)


def _pairs(subjects, objects):
    for s in subjects:
        for o in objects:
            if s.cluster != o.cluster:
                yield s, o


def _path_up(tok: Token, top: Token) -> list[Token]:
    """The tokens strictly between tok and its ancestor top."""
    out = []
    for a in tok.ancestors:
        if a == top:
            return out
        out.append(a)
    return out


def _coordinated(verb: Token) -> list[Token]:
    """Verbs coordinated with this one, nearest first."""
    group = [verb]
    top = verb
    while top.dep_ == "conj" and top.head.pos_ in ("VERB", "AUX"):
        top = top.head
    stack = [top]
    while stack:
        v = stack.pop()
        if v not in group:
            group.append(v)
        stack += [c for c in v.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return sorted((v for v in group if v is not verb), key=lambda v: abs(v.i - verb.i))


def _with_conjuncts(toks: list[Token]) -> list[Token]:
    out, stack = [], list(toks)
    while stack:
        t = stack.pop(0)
        if t not in out:
            out.append(t)
            stack += [c for c in t.children if c.dep_ == "conj"]
    return out

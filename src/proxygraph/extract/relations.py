"""Relation extraction: typed claims from the dependency parse and the lexicons.

Four mechanisms, each tied to a trigger word, so two actors in one sentence
are never related just for being there:

- verb frames: a trigger verb with its subject and object
  ("Treasury designated X", "X was funded by Y", "X provides lethal support
  to Y", "Y received training from X", "X, which arms Y");
- noun frames: a possessive or "by" agent on a trigger noun
  ("Iran's support for X", "the designation of X");
- compounds: "Iran-backed X", "Iraq-based X";
- role and unit patterns over the sentence ("IRGC-QF commander Qasem
  Soleimani", "the Quds Force, the elite branch of the IRGC").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .mentions import Span

SUBJ = {"nsubj", "nsubjpass", "csubj"}
RELATIVE = {"which", "who", "that", "whom"}
KILLING_NOUNS = {"assassination", "killing", "murder", "assassinations", "killings", "murders"}
QUANTIFIERS = {"one", "some", "many", "several", "each", "all", "both", "any", "most", "two", "three", "four", "five"}
DESIGNATING = {"designate", "sanction", "target", "name", "list", "blacklist", "add", "identify", "declare"}

# subject and object types each predicate allows (schema.md)
SIGNATURES = {
    "leads": ({"PERSON"}, {"ORG", "GPE"}),
    "member_of": ({"PERSON"}, {"ORG"}),
    "part_of": ({"ORG"}, {"ORG", "GPE"}),
    "commands": ({"ORG", "PERSON", "GPE"}, {"ORG"}),
    "supports": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE"}),
    "funds": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON"}),
    "arms": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON"}),
    "trains": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON"}),
    "founded": ({"ORG", "PERSON", "GPE"}, {"ORG", "GPE"}),
    "allied_with": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE"}),
    "opposes": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE"}),
    "attacked": ({"ORG", "PERSON", "GPE"}, {"ORG", "PERSON", "GPE", "LOC"}),
    "killed": ({"ORG", "PERSON", "GPE"}, {"PERSON"}),
    "designated": ({"ORG", "GPE"}, {"ORG", "PERSON"}),
    "operates_in": ({"ORG", "PERSON"}, {"GPE", "LOC"}),
    "succeeded": ({"PERSON"}, {"PERSON"}),
}


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


def verb_frames(ctx: Context, sent) -> list[RawClaim]:
    lex = ctx.lex
    out: list[RawClaim] = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
            continue
        lemma = tok.lemma_.lower()
        rule = lex.verbs.get(lemma)
        if rule is not None and lemma not in lex.light_verbs:
            # "give birth to" is founding; "target" by an authority is a sanction
            subs = ctx.subjects(tok)
            preps = rule.preps if rule.preps is not None else ("to", "against", "on")
            # "oversaw Qods Force officials" commands the officials, not the Qods Force
            groups = rule.resolve("ORG", False) not in ("commands", "leads")
            objs = ctx.objects(tok, preps, groups)
            if not objs and not any(c.dep_ in ("dobj", "attr") for c in tok.children):
                # "train, equip and fund X": the object sits on one of the coordinated verbs
                for sib in _coordinated(tok):
                    objs = ctx.objects(sib, preps, groups)
                    if objs:
                        break
            if (lemma in DESIGNATING and not subs and ctx.designator is not None and is_passive(tok)
                    and ctx.is_authority(ctx.designator) and not _dated_in_the_past(ctx, sent)):
                subs = [ctx.designator]
            if lemma in DESIGNATING and subs and ctx.is_authority(subs[0]) and ctx.designator is ctx.publisher:
                ctx.designator = subs[0]  # the body a release opens with designates what follows
            for prep_word, prep_pred in rule.prep_predicates:
                others = [e for c in tok.children if c.dep_ == "prep" and c.lower_ == prep_word for e in pobj_entities(ctx, c)]
                out += [RawClaim(s, prep_pred, o, tok, f"verb:{lemma}-{prep_word}", sent) for s, o in _pairs(subs, others)]
            helpers = _helpers(ctx, tok)
            for s, o in _pairs(subs + helpers, objs):
                pred = rule.resolve(ctx.label(s), ctx.is_authority(s))
                if lemma == "designate" and not ctx.is_authority(s) and ctx.label(s) != "GPE":
                    continue
                if rule.reverse:
                    s, o = o, s
                out.append(RawClaim(s, pred, o, tok, f"verb:{lemma}" + ("+help" if s in helpers else ""), sent))
        if lemma in lex.light_verbs or lemma in lex.reverse_verbs:
            out += _light_verb(ctx, tok, sent, reverse=lemma in lex.reverse_verbs)
        if lemma == "give" and any(c.lower_ == "birth" for c in tok.children):
            subs = ctx.subjects(tok)
            objs = [e for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children for e in ctx.entities_of(g)]
            out += [RawClaim(s, "founded", o, tok, "verb:give-birth", sent) for s, o in _pairs(subs, objs)]
        if lemma in lex.agency_verbs:
            # "acted for or on behalf of the IRGC-QF"
            for c in tok.subtree:
                if c.lower_ == "behalf" and c.head.lower_ == "on":
                    objs = [e for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children for e in ctx.entities_of(g)]
                    out += [RawClaim(s, "supports", o, tok, "verb:on-behalf-of", sent) for s, o in _pairs(ctx.subjects(tok), objs)]
        if lemma in lex.name_verbs and lemma not in lex.verbs:
            out += _naming(ctx, tok, sent)
        if lemma in lex.attack_light_verbs:
            out += _attack_noun(ctx, tok, sent)
        if lemma in lex.relation_verbs:
            out += _relation_noun(ctx, tok, sent)
    return out


def _dated_in_the_past(ctx: Context, sent) -> bool:
    """'The IRGC was designated on April 15, 2019': an earlier act, maybe by another body."""
    from .timex import parse_time

    for e in ctx.ents:
        if e.label_ == "DATE" and sent.start <= e.start < sent.end:
            start, _ = parse_time(e.text, ctx.doc_date)
            if start and not (ctx.doc_date or "").startswith(start):
                return True
    return False


def under_command(ctx: Context, sent) -> list[RawClaim]:
    """'fought in Syria under IRGC command', 'militias operating under Quds Force leadership'."""
    out = []
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ != "under" or prep.head.pos_ not in ("VERB", "AUX"):
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.lower_ not in ctx.lex.command_nouns:
                continue
            commanders = [ctx.at[c.i] for c in noun.children if c.dep_ in ("compound", "poss", "amod") and c.i in ctx.at]
            commanders += [e for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for e in pobj_entities(ctx, p)]
            out += [RawClaim(c, "commands", s, noun, f"under:{noun.lower_}", sent)
                    for c, s in _pairs(commanders, ctx.subjects(prep.head))]
    return out


def _helpers(ctx: Context, verb: Token) -> list[Span]:
    """'founded in 1982 with the help of Iran's Revolutionary Guards': the helpers share the act."""
    out = []
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            for noun in c.children:
                if noun.dep_ == "pobj" and noun.lower_ in ctx.lex.helper_nouns:
                    out += [e for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for e in pobj_entities(ctx, p)]
    return out


def adjective_predicates(ctx: Context, sent) -> list[RawClaim]:
    """'Hadi al-Amiri is close to Iran', 'a group loyal to Tehran'."""
    out = []
    for adj in sent:
        spec = ctx.lex.adjectives.get(adj.lower_)
        if spec is None or adj.pos_ not in ("ADJ", "VERB"):
            continue
        if adj.dep_ == "acomp":
            subs = ctx.subjects(adj.head)
        elif adj.dep_ in ("amod", "acl") and adj.i > adj.head.i:
            subs = ctx.entities_of(adj.head)  # "a militia loyal to Tehran"
        else:
            continue
        if spec.get("object_nouns_only"):
            # "KH was responsible for the drone attack that killed three U.S. soldiers"
            attacks = [g for c in adj.children if c.dep_ == "prep" and c.lower_ in spec["preps"]
                       for g in c.children if g.dep_ == "pobj" and g.lower_ in ctx.lex.attack_nouns]
            objs = [e for a in attacks for e in _attack_targets(ctx, a)]
        else:
            objs = [e for c in adj.children if c.dep_ == "prep" and c.lower_ in spec["preps"] for e in pobj_entities(ctx, c)]
        out += [RawClaim(s, spec["predicate"], o, adj, f"adjective:{adj.lower_}", sent) for s, o in _pairs(subs, objs)]
    return out


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


def designation_lists(ctx: Context, sent) -> list[RawClaim]:
    """'Designated today pursuant to E.O. 13224 ... were: A, a ...; B; and C.'"""
    colon = next((t for t in sent if t.text == ":"), None)
    if colon is None:
        return []
    trigger = next((t for t in sent if t.i < colon.i and t.lemma_ in ("designate", "sanction", "target", "identify")), None)
    if trigger is None:
        return []
    subs = [e for c in trigger.children if c.dep_ == "agent" for e in pobj_entities(ctx, c)]
    if not subs and ctx.designator is not None:
        subs = [ctx.designator]
    out, seen = [], set()
    segment_start = colon.i + 1
    for k in range(colon.i + 1, sent.end + 1):
        if k == sent.end or ctx.doc[k].text == ";":
            first = next((ctx.at[j] for j in range(segment_start, k) if j in ctx.at
                          and not ctx.at[j].adjective and ctx.label(ctx.at[j]) in ("PERSON", "ORG")), None)
            if first is not None and first.cluster not in seen:
                seen.add(first.cluster)
                out += [RawClaim(s, "designated", first, trigger, "list:designated", sent) for s in subs
                        if s.cluster != first.cluster and (ctx.is_authority(s) or ctx.label(s) == "GPE")]
            segment_start = k + 1
    return out


def _relation_noun(ctx: Context, verb: Token, sent) -> list[RawClaim]:
    """'X has a strong connection with Y', 'X maintains close ties to Y'."""
    out = []
    for n in verb.children:
        pred = ctx.lex.relation_nouns.get(n.lower_)
        if n.dep_ != "dobj" or pred is None:
            continue
        objs = [e for c in n.children if c.dep_ == "prep" and c.lower_ in ("with", "to", "between") for e in pobj_entities(ctx, c)]
        subs = ctx.subjects(verb)
        if not objs and len(subs) > 1:
            # "Iran and Syria signed a defense agreement": the parties with each other
            out += [RawClaim(a, pred, b, verb, f"relation:{n.lower_}", sent, extra_tokens=[n])
                    for i, a in enumerate(subs) for b in subs[i + 1:] if a.cluster != b.cluster]
            continue
        out += [RawClaim(s, pred, o, verb, f"relation:{n.lower_}", sent, extra_tokens=[n])
                for s, o in _pairs(subs, objs)]
    return out


def _with_conjuncts(toks: list[Token]) -> list[Token]:
    out, stack = [], list(toks)
    while stack:
        t = stack.pop(0)
        if t not in out:
            out.append(t)
            stack += [c for c in t.children if c.dep_ == "conj"]
    return out


def _noun_classes(lex: Lexicon, noun: Token) -> list[str]:
    """What giving this noun means: 'training' trains, 'financial support' funds,
    'lethal support' supports and arms."""
    head = lex.noun_class.get(noun.lower_)
    mod_toks = [c for c in noun.children if c.dep_ in ("amod", "compound")]
    mod_toks += [cc for m in mod_toks for cc in m.children if cc.dep_ == "conj"]
    # "material and financial support" is often parsed as a list of nouns: read the words before
    k = noun.i - 1
    while k >= 0 and noun.i - k <= 4 and noun.doc[k].pos_ in ("ADJ", "NOUN", "CCONJ") and noun.doc[k].dep_ != "dobj":
        mod_toks.append(noun.doc[k])
        k -= 1
    mods = [lex.noun_class.get(c.lower_) for c in mod_toks]
    mods = [m for m in mods if m]
    if head is None:
        return mods[:1]
    if head == "supports":
        for special in ("funds", "trains"):
            if special in mods:
                return [special]
        return ["supports", "arms"] if "arms" in mods else ["supports"]
    return [head]


def _light_verb(ctx: Context, verb: Token, sent, reverse: bool) -> list[RawClaim]:
    """provide/give/send X to Y; Y receives X from Z; provide Y with X."""
    lex = ctx.lex
    out = []
    nouns = _with_conjuncts([c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")])
    recipients: list[Span] = []
    givers: list[Span] = []
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("to", "for") and not reverse:
            recipients += [e for g in c.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
        if c.dep_ == "prep" and c.lower_ == "with" and not reverse:
            # "provided Hizballah with weapons": the object is the recipient
            recipients += [e for n in nouns for e in ctx.entities_of(n)]
            nouns = _with_conjuncts([g for g in c.children if g.dep_ == "pobj"])
        if c.dep_ == "dative":
            recipients += pobj_entities(ctx, c) if c.pos_ == "ADP" else ctx.entities_of(c)
        if c.dep_ == "prep" and c.lower_ == "from" and reverse:
            givers += [e for g in c.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
        if c.dep_ == "agent" and not reverse:
            givers += [e for g in c.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
    for n in nouns:
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "for") and not reverse:
                recipients += [e for g in c.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
            if c.dep_ == "prep" and c.lower_ == "from" and reverse:
                givers += [e for g in c.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
    if reverse:
        recipients = ctx.subjects(verb)
    elif not givers:
        givers = ctx.subjects(verb)
    for n in nouns:
        for cls in _noun_classes(lex, n):
            for s, o in _pairs(givers, recipients):
                out.append(RawClaim(s, cls, o, verb, f"light:{verb.lemma_}:{n.lower_}", sent, extra_tokens=[n]))
    return out


def _naming(ctx: Context, verb: Token, sent) -> list[RawClaim]:
    """'X was named a Specially Designated Global Terrorist by Treasury'."""
    words = " ".join(t.lower_ for t in verb.subtree)
    if not any(term in words for term in ctx.lex.designation_terms):
        return []
    subs = ctx.subjects(verb)
    if not subs and ctx.designator is not None:
        subs = [ctx.designator]
    objs = ctx.objects_of_designation(verb)
    return [RawClaim(s, "designated", o, verb, f"name:{verb.lemma_}", sent)
            for s, o in _pairs(subs, objs) if ctx.is_authority(s) or ctx.label(s) == "GPE"]


def _attack_noun(ctx: Context, verb: Token, sent) -> list[RawClaim]:
    """'X conducted attacks against Y', 'X claimed credit for the bombing of Y'."""
    lex = ctx.lex
    out = []
    subs = ctx.subjects(verb)
    admitted = verb.lemma_ == "claim" or any(c.lower_ in ("credit", "responsibility") for c in verb.children)
    # attacks the verb itself governs, not those of another verb below it ("continue fighting X and
    # threatened to conduct attacks": the attacks are the threat's)
    nouns = [c for c in verb.subtree if c.lower_ in lex.attack_nouns and c.pos_ == "NOUN"
             and not any(a.pos_ in ("VERB", "AUX") for a in _path_up(c, verb))]
    for n in nouns:
        if is_passive(verb) and not subs:
            continue
        targets = []
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "of", "at", "targeting"):
                targets += [e for g in c.children if g.dep_ == "pobj" for e in _targets(ctx, g)]
            if c.dep_ in ("compound", "amod") and c.i in ctx.at and ctx.at[c.i] not in subs:
                targets.append(ctx.at[c.i])
        for s, o in _pairs(subs, targets):
            rc = RawClaim(s, "attacked", o, verb, f"attack:{verb.lemma_}:{n.lower_}", sent, extra_tokens=[n])
            if admitted:
                rc.attributed_to = s
                rc.hedged = False
            out.append(rc)
    return out


def _attack_targets(ctx: Context, attack: Token) -> list[Span]:
    """Who an attack noun hit: 'the attack on X', 'the attack that killed three U.S. soldiers'."""
    found = [e for p in attack.children if p.dep_ == "prep" and p.lower_ in ("on", "against", "of", "at")
             for g in p.children if g.dep_ == "pobj" for e in _targets(ctx, g)]
    for v in attack.children:
        if v.dep_ in ("relcl", "acl") and v.pos_ == "VERB":
            found += [e for c in v.children if c.dep_ == "dobj" for e in _targets(ctx, c)]
    return found


def _targets(ctx: Context, tok: Token) -> list[Span]:
    """What an attack hit: a named actor, or the state where an unnamed target lies
    ('attacks on civilian airports in Saudi Arabia')."""
    found = ctx.entities_of(tok)
    if found:
        return found
    owners = [ctx.at[m.i] for c in _with_conjuncts([tok]) for m in c.children
              if m.dep_ in ("amod", "compound", "poss") and m.i in ctx.at]
    owners += [ctx.at[cc.i] for c in _with_conjuncts([tok]) for m in c.children if m.dep_ in ("amod", "compound")
               for cc in m.children if cc.dep_ == "conj" and cc.i in ctx.at]
    if owners:
        return owners  # "attacks on Iraqi and U.S. military locations in Syria" hit Iraq and the US
    if tok.lower_ in ctx.lex.owned_nouns:
        return []  # "other countries' interests inside the United States" are not the United States'
    for c in _with_conjuncts([tok]):
        for p in c.children:
            if p.dep_ == "prep" and p.lower_ in ("in", "inside"):
                found += [e for e in pobj_entities(ctx, p) if ctx.label(e) == "GPE"]
            elif p.dep_ == "prep" and p.lower_ == "including":
                found += [e for g in p.children if g.dep_ == "pobj" for e in _targets(ctx, g)]
            elif p.dep_ == "prep" and p.lower_ in ("on", "against") and c.lower_ in ctx.lex.attack_nouns:
                # "attacks on infrastructure, including attacks on airports in Saudi Arabia"
                found += [e for g in p.children if g.dep_ == "pobj" for e in _targets(ctx, g)]
    return found


def noun_frames(ctx: Context, sent) -> list[RawClaim]:
    """Iran's support for X; attacks on Y by X; the designation of X."""
    lex = ctx.lex
    out = []
    for tok in sent:
        if tok.pos_ != "NOUN":
            continue
        low = tok.lower_
        cls = lex.noun_class.get(low)
        is_attack = low in lex.attack_nouns
        is_designation = low in lex.designation_nouns
        if not (cls or is_attack or is_designation):
            continue
        if tok.head.lemma_ in lex.light_verbs | lex.reverse_verbs | lex.attack_light_verbs and tok.dep_ in ("dobj", "nsubjpass"):
            continue  # the verb frame has it
        agents, targets = [], []
        for c in tok.children:
            if c.dep_ == "poss" and c.i in ctx.at:
                agents.append(ctx.at[c.i])
            elif c.dep_ in ("compound", "amod") and c.i in ctx.at and (ctx.at[c.i].adjective or is_attack or is_designation):
                agents.append(ctx.at[c.i])
            elif c.dep_ == "prep" and c.lower_ == "by" or c.dep_ == "agent":
                agents += [e for g in c.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
            elif c.dep_ == "acl" and c.tag_ == "VBN":
                for a in c.children:
                    if a.dep_ == "agent":
                        agents += [e for g in a.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
            elif c.dep_ == "prep" and c.lower_ in ("for", "to", "of", "on", "against"):
                if (cls and c.lower_ in ("for", "to")) or (is_designation and c.lower_ in ("of", "against", "on")):
                    targets += [e for g in c.children if g.dep_ == "pobj" for e in ctx.entities_of(g)]
                elif is_attack and c.lower_ in ("on", "against", "of"):
                    targets += [e for g in c.children if g.dep_ == "pobj" for e in _targets(ctx, g)]
        if not agents and tok.dep_ in ("dobj", "nsubjpass") and (
            is_designation and tok.head.lemma_ in lex.sanction_light_verbs
        ):
            agents = ctx.subjects(tok.head)
        if not agents and is_attack and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "of") \
                and tok.head.head.lower_ in lex.involvement_nouns:
            # "denied involvement in the attack", "its role in the bombing"
            inv = tok.head.head
            agents = [ctx.at[c.i] for c in inv.children if c.dep_ == "poss" and c.i in ctx.at]
            if not agents and inv.dep_ in ("dobj", "pobj") and inv.head.pos_ in ("VERB", "AUX"):
                agents = ctx.subjects(inv.head)
        if not agents and (is_attack or is_designation):
            # "the group may have been behind the 2005 assassination of X", "behind a spate of attacks"
            n = tok
            if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.dep_ == "pobj":
                n = n.head.head
            if n.dep_ == "pobj" and n.head.lower_ == "behind":
                agents = ctx.subjects(n.head.head)
        if is_designation and agents and ctx.is_authority(agents[0]) and ctx.designator is ctx.publisher:
            ctx.designator = agents[0]
        if is_designation and not agents and ctx.designator is not None and targets:
            agents = [ctx.designator]
        pred = "designated" if is_designation else "killed" if low in KILLING_NOUNS else "attacked" if is_attack else cls
        for s, o in _pairs(agents, targets):
            if pred == "designated" and not (ctx.is_authority(s) or ctx.label(s) == "GPE"):
                continue
            out.append(RawClaim(s, pred, o, tok, f"noun:{low}", sent))
    return out


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


def extract_raw(ctx: Context) -> list[RawClaim]:
    claims: list[RawClaim] = []
    for sent in ctx.sents:
        claims += verb_frames(ctx, sent)
        claims += noun_frames(ctx, sent)
        claims += compounds(ctx, sent)
        claims += role_patterns(ctx, sent)
        claims += locations(ctx, sent)
        claims += designation_lists(ctx, sent)
        claims += copula_roles(ctx, sent)
        claims += adjective_predicates(ctx, sent)
        claims += under_command(ctx, sent)
    return [c for c in claims if _fits(ctx, c)]


def _fits(ctx: Context, c: RawClaim) -> bool:
    st, ot = ctx.label(c.subject), ctx.label(c.object)
    if c.predicate in ("attacked", "killed") and c.trigger is not None and (
        any(a.lemma_ in ctx.lex.threat_verbs for a in [c.trigger, *c.trigger.ancestors])
        or any(ch.dep_ == "aux" and ch.lower_ in ctx.lex.future_modals
               for a in [c.trigger, *list(c.trigger.ancestors)[:2]] for ch in a.children)
    ):
        c.predicate = "opposes"  # "threatened to conduct attacks against X", "would keep attacking X"
    if c.predicate == "killed" and ot != "PERSON":
        c.predicate = "attacked"
    if c.predicate == "leads" and st != "PERSON":
        c.predicate = "commands"
    if c.predicate == "commands" and ot == "GPE" and st == "PERSON":
        c.predicate = "leads"
    if c.predicate in ("funds", "arms", "trains") and ot == "GPE":
        return False
    if c.predicate in ("founded", "commands") and ot == "PERSON" and c.rule.startswith("verb"):
        # one founds or owns an organisation, not a person: spaCy typed a new name wrongly
        cluster = ctx.clusters.get(c.object.cluster)
        if cluster is not None and cluster.kb is None:
            cluster.label = ot = "ORG"
    subj_ok, obj_ok = SIGNATURES[c.predicate]
    return st in subj_ok and ot in obj_ok

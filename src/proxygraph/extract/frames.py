"""Clause-level relations: verbs and nouns that trigger a claim with their arguments.

"Treasury designated X", "X was funded by Y", "X provides lethal support to Y",
"Y received training from Z", "Iran's support for X", "X claimed the attack on Y".
"""
from __future__ import annotations

from spacy.tokens import Token

from .lexicon import Lexicon
from .arguments import Context, DESIGNATING, KILLING_NOUNS, RawClaim, _coordinated, _pairs, _path_up, _with_conjuncts, is_passive, pobj_entities
from .mentions import Span


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

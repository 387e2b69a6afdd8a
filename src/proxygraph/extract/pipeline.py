"""The extractor: a Document in, a DocResult (entities and claims) out.

This is a pure function of the text, its metadata, the model and the
knowledge base, so it can run in worker processes or on a Dask cluster;
resolution across documents happens later, in the single writer.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language

from ..errors import ExtractError
from ..model import Claim, DocResult, Document, LocalEntity, Mention
from ..resolve.knowledge_base import KnowledgeBase, default_knowledge_base
from ..resolve.normalize import norm
from . import attributes as attrs
from .coref import resolve_references
from .lexicon import lexicon
from .mentions import (
    KB_MATCHES, Span, add_alias_mentions, aka_values, cluster_spans, find_spans, kb_matches, local_aliases,
    representative_name,
)
from .nlp import load_model
from .relations import Context, extract_raw

PIPE_NAME = "proxygraph_line_breaks"
GAZETTEER = "proxygraph_gazetteer"
BATCH_SIZE = 16


@Language.component(PIPE_NAME)
def line_breaks(doc):
    """A line that stands alone (a list item, a heading) starts a sentence."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        # a heading run into its paragraph: "Hamed Abdollahi Abdollahi is ..."
        nxt = doc[tok.i + 1]
        if tok.text == nxt.text and tok.text[:1].isupper() and tok.is_alpha:
            nxt.is_sent_start = True
    return doc


class Gazetteer:
    """Finds knowledge-base names before parsing and keeps sentence breaks out of them."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.kb = kb

    def __call__(self, doc):
        kb = self.kb if self.kb is not None else default_knowledge_base()
        matches = kb_matches(doc, kb)
        doc.user_data[KB_MATCHES] = matches
        for a, b, _ in matches:
            for k in range(a + 1, b):
                doc[k].is_sent_start = False
        return doc


@Language.factory(GAZETTEER)
def make_gazetteer(nlp, name):
    return Gazetteer()


ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"


def _split_abbreviation_compounds(nlp: Language) -> None:
    """'U.S.-designated' is 'U.S.', '-', 'designated', as 'Iran-backed' already is; a field
    label glued to the value before it in a flattened record ('LebanonAKA:', 'IranAlt.')
    is a token of its own."""
    from spacy.util import compile_infix_regex

    from .mentions import record_label_infix

    extra = [ABBREVIATION_HYPHEN, record_label_infix()]
    infixes = list(nlp.Defaults.infixes)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes + extra).finditer


_SOFT_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\n])")


def prepare(text: str) -> str:
    """Join lines wrapped inside a paragraph, keeping every offset.

    A single newline becomes a space unless the next line is a list item or
    the line ends a sentence or a label; the text keeps its length, so
    offsets into it are offsets into the stored text.
    """
    chars = list(text)
    for m in _SOFT_BREAK.finditer(text):
        i = m.start()
        nxt = text[i + 1:i + 3]
        prev = text[max(0, i - 1)]
        if nxt[:1] in "-*•\u2022" or prev in ".:;!?" and nxt[:1].isupper():
            continue
        chars[i] = " "
    return "".join(chars)


class Extractor:
    def __init__(self, nlp: Language | None = None, kb: KnowledgeBase | None = None, model: str | None = None):
        self.nlp = nlp if nlp is not None else load_model(model)
        self.kb = kb if kb is not None else default_knowledge_base()
        _split_abbreviation_compounds(self.nlp)
        if "parser" in self.nlp.pipe_names:
            if PIPE_NAME not in self.nlp.pipe_names:
                self.nlp.add_pipe(PIPE_NAME, before="parser")
            if GAZETTEER not in self.nlp.pipe_names:
                self.nlp.add_pipe(GAZETTEER, before="parser")
            self.nlp.get_pipe(GAZETTEER).kb = self.kb
        self.lex = lexicon()

    def extract(self, document: Document) -> DocResult:
        return next(iter(self.extract_many([document])))

    def extract_many(self, documents: Iterable[Document], batch_size: int = BATCH_SIZE) -> Iterator[DocResult]:
        docs = list(documents) if not isinstance(documents, list) else documents
        if GAZETTEER in self.nlp.pipe_names:
            self.nlp.get_pipe(GAZETTEER).kb = self.kb  # the model may be shared by extractors
        texts = (prepare(d.text) for d in docs)
        for document, parsed in zip(docs, self.nlp.pipe(texts, batch_size=batch_size)):
            try:
                yield self.read(document, parsed)
            except Exception as exc:  # one bad document must not end the batch
                raise ExtractError(f"{document.source or document.id}: extraction failed: {exc!r}") from exc

    def read(self, document: Document, doc) -> DocResult:
        """Entities and claims from a parsed document."""
        spans, clusters = self._actors(doc)
        publisher = self._publisher(document, clusters)
        authorities = {k for k, c in clusters.items() if c.kb is not None and c.kb.authority}
        ctx = Context(doc, spans, clusters, self.lex, authorities, publisher)
        ctx.doc_date = document.date
        claims = self._claims(ctx, document, extract_raw(ctx))
        return DocResult(document, self._entities(doc, document, clusters, claims), claims)

    def _actors(self, doc) -> tuple[list[Span], dict]:
        """Mentions (names, acronyms, AKA aliases, pronouns) grouped into the document's actors."""
        spans = find_spans(doc, self.kb)
        akas, inside = aka_values(doc, spans, self.kb)
        owners = {id(spans[k]): names for k, names in akas.items()}
        spans = [sp for k, sp in enumerate(spans) if k not in inside]
        # keep span objects, not indices: add_alias_mentions returns a new, re-sorted list
        defined = [(spans[idx], names) for idx, names in local_aliases(doc, spans).items()]
        alias_to_key = {}
        for sp, names in defined:
            key = "kb:" + sp.kb.id if sp.kb else "new:" + norm(sp.text(doc))
            for n in names:
                if " " not in n:
                    alias_to_key.setdefault(n, key)
        spans = add_alias_mentions(doc, spans, alias_to_key)
        clusters = cluster_spans(doc, spans)
        for sp, names in defined + [(sp, owners[id(sp)]) for sp in spans if id(sp) in owners]:
            c = clusters.get(sp.cluster)
            if c is not None:
                c.aliases.extend(n for n in names if n not in c.aliases)
        refs = resolve_references(doc, spans, clusters)
        for r in refs:
            clusters[r.cluster].spans.append(r)
        return spans + refs, clusters

    def _claims(self, ctx: Context, document: Document, raw) -> list[Claim]:
        """Attributes for each raw relation; one claim per (triple, sentence, polarity)."""
        publisher = ctx.publisher
        speakers = attrs.quote_speakers(ctx)
        claims, seen = [], set()
        for rc in raw:
            start = rc.sent.start_char
            evidence = document.text[start:rc.sent.end_char].rstrip()
            att = attrs.attribution(ctx, rc, speakers)
            if att is None and (publisher is None or not ctx.is_authority(publisher)):
                # a third party reporting a designation: its reasons are the designator's words
                att = _designator(ctx, rc)
            att_key = att.cluster if att is not None else None
            if publisher is not None and att_key == publisher.cluster:
                att_key = None
            if att_key == rc.subject.cluster and rc.predicate == "designated":
                att_key = None  # a body announcing its own designation is not a source apart
            # a role or a compound names a standing fact inside a noun phrase: the clause
            # around it ("may have killed Lebanon's Prime Minister Hariri in 2005") is not about it
            phrase_level = rc.rule.startswith(("role", "compound", "location"))
            t0, t1 = attrs.claim_time(ctx, rc, document.date) if not phrase_level else (None, None)
            negated = attrs.is_negated(ctx, rc) if not phrase_level else False
            hedge = attrs.hedging(ctx, rc) if not phrase_level else None
            hedged = rc.hedged if rc.hedged is not None else hedge is not None
            if rc.predicate == "killed" and hedge == "plot":
                rc.predicate = "attacked"  # a plot to kill is an attack that did not kill
            key = (rc.subject.cluster, rc.predicate, rc.object.cluster, start, negated)
            if key in seen:
                continue
            seen.add(key)
            confidence = 0.8 if rc.rule.startswith("role") else 0.7
            if rc.subject.coref or rc.object.coref:
                confidence -= 0.1
            if hedged:
                confidence -= 0.2
            claims.append(Claim(
                subject=rc.subject.cluster, predicate=rc.predicate, object=rc.object.cluster,
                evidence=evidence, start=start, end=start + len(evidence), hedged=hedged, negated=negated,
                attributed_to=att_key, time_start=t0, time_end=t1, quantity=attrs.quantity(ctx, rc),
                rule=rc.rule, confidence=round(confidence, 2),
            ))
        return claims

    @staticmethod
    def _entities(doc, document: Document, clusters, claims: list[Claim]) -> list[LocalEntity]:
        """The document's actors that are named, or that a claim needs (the publisher)."""
        used = {c.subject for c in claims} | {c.object for c in claims} | {c.attributed_to for c in claims if c.attributed_to}
        entities = []
        for key, c in clusters.items():
            named = [s for s in c.spans if not s.coref and not s.adjective]
            if not named and key not in used:
                continue
            mentions = []
            for s in sorted(c.spans, key=lambda s: s.start):
                if s.start < 0:
                    continue
                a, b = doc[s.start].idx, doc[s.end - 1].idx + len(doc[s.end - 1].text)
                mentions.append(Mention(a, b, document.text[a:b], s.coref))
            entities.append(LocalEntity(
                key=key, name=representative_name(doc, c), type=c.label,
                kb_id=c.kb.id if c.kb else None, qid=c.kb.qid if c.kb else None,
                mentions=mentions, aliases=list(c.aliases),
            ))
        return entities

    def _publisher(self, document: Document, clusters) -> Span | None:
        """The body that published the document, when the knowledge base knows it."""
        if not document.publisher:
            return None
        name = re.sub(r"\(.*?\)", "", document.publisher).strip()
        m = self.kb.lookup(name, fuzzy=False)
        if m is None:
            return None
        key = "kb:" + m.entry.id
        if key not in clusters:
            from .mentions import Cluster

            clusters[key] = Cluster(key, m.entry.type, m.entry)
        return Span(-1, -1, m.entry.type, m.entry, "publisher", cluster=key)


def _designator(ctx: Context, rc) -> Span | None:
    """The reason given for a designation is said by the designator."""
    from .relations import DESIGNATING

    if rc.predicate == "designated" or rc.trigger is None or not rc.rule.startswith(("verb", "light", "noun")):
        return None
    through_reason = False
    for a in rc.trigger.ancestors:
        if a.lower_ in ("for", "because") and a.dep_ in ("prep", "mark"):
            through_reason = True  # "designated X for providing support to Y"
        if a.lemma_ in DESIGNATING and a.pos_ == "VERB":
            subs = ctx.subjects(a) if through_reason else []
            return subs[0] if subs else None
    return None

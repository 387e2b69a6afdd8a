"""proxygraph: evidence-linked, time-aware graphs of state-sponsored proxy networks.

    >>> import proxygraph
    >>> g = proxygraph.open("proxygraph.db")
    >>> g.ingest("articles/")
    >>> g.entity("Soleimani")["claims"]["leads"]
"""
from .api import Graph, open
from .errors import (
    ConfigError, ExportError, ExtractError, IngestError, ProxygraphError, QueryError, ResolveError, StoreError,
)
from .model import Claim, DocResult, Document, LocalEntity, Mention, PREDICATES, FAMILIES
from .runner import IngestReport

__version__ = "0.1.0"

__all__ = [
    "Graph", "open", "IngestReport",
    "Document", "DocResult", "LocalEntity", "Mention", "Claim", "PREDICATES", "FAMILIES",
    "ProxygraphError", "ConfigError", "IngestError", "ExtractError", "ResolveError", "StoreError", "QueryError",
    "ExportError",
]

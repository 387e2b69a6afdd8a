from .views import (
    aliases, claims, document, edges, ego, entities, entity_detail, find_entity, summary, timeline, to_networkx,
)

__all__ = ["aliases", "claims", "document", "edges", "ego", "entities", "entity_detail", "find_entity", "summary",
           "timeline", "to_networkx"]

from .knowledge_base import KnowledgeBase, KBEntry, load_knowledge_base, default_knowledge_base
from .normalize import norm, skeleton
from .resolver import Resolver

__all__ = ["KnowledgeBase", "KBEntry", "load_knowledge_base", "default_knowledge_base", "norm", "skeleton", "Resolver"]

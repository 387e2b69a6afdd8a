from .store import Store, DEFAULT_DB, claim_id
from .migrations import LATEST as SCHEMA_VERSION

__all__ = ["Store", "DEFAULT_DB", "claim_id", "SCHEMA_VERSION"]

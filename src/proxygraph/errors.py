"""One exception tree for proxygraph.

Every message says what went wrong and what to do next. Catch
``ProxygraphError`` to handle anything the library raises on purpose.
"""


class ProxygraphError(Exception):
    """Root of every error proxygraph raises on purpose."""


class ConfigError(ProxygraphError):
    """A setting, data file or optional dependency is missing or wrong."""


class IngestError(ProxygraphError):
    """A source file could not be read or parsed."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ExtractError(ProxygraphError):
    """The NLP pipeline failed on a document."""


class ResolveError(ProxygraphError):
    """An entity could not be resolved or the knowledge base is invalid."""


class StoreError(ProxygraphError):
    """The SQLite store is missing, locked, corrupt or of an unknown version."""


class QueryError(ProxygraphError):
    """A query named something that is not in the store."""


class ExportError(ProxygraphError):
    """An export or import failed."""


def missing_extra(package: str, extra: str) -> ConfigError:
    return ConfigError(
        f"this feature needs the '{package}' package: pip install 'proxygraph[{extra}]'"
    )

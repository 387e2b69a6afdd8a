from .readers import document_id, make_document, read_documents, read_path, iter_files, parse_date
from .boilerplate import strip_boilerplate

__all__ = ["document_id", "make_document", "read_documents", "read_path", "iter_files", "parse_date", "strip_boilerplate"]

"""The ASGI app: a read-only JSON API under /api and the graph page at /.

Every request borrows its own read-only SQLite connection from a small
pool, so requests served on different threads never share one. Only GET
routes exist, the store is opened ``mode=ro`` with ``query_only``, and
every response carries a strict Content-Security-Policy: the page runs
only its own scripts and never evaluates text from the store as HTML.
"""
import importlib.util
import queue
import re
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import QueryError, StoreError, missing_extra
from ..model import ENTITY_TYPES, FAMILIES, PREDICATES
from ..query import views
from ..store import Store
from . import models, queries

STATIC = Path(__file__).resolve().parent / "static"
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"]

CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class RevalidatedStaticFiles(StaticFiles):
    """The page's own files: cached, but revalidated (ETag) so an upgrade shows at once."""

    def file_response(self, *args, **kwargs):
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        return response


def vis_network_file() -> Path:
    """vis-network's browser build, as shipped inside the ``pyvis`` wheel (not vendored here)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise missing_extra("pyvis", "serve")
    found = []
    for root in spec.submodule_search_locations:
        for f in Path(root).glob("lib/vis-*/vis-network.min.js"):
            version = tuple(int(x) for x in re.findall(r"\d+", f.parent.name.removeprefix("vis-")))
            found.append((version, f))
    if not found:
        raise missing_extra("pyvis", "serve")
    return max(found)[1]


class StorePool:
    """Read-only connections, one per request at a time, reused across requests."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._free: queue.SimpleQueue[Store] = queue.SimpleQueue()
        self._free.put(self._open())  # fail now, with the store's own message, if the file is wrong

    def _open(self) -> Store:
        store = Store(self.path, readonly=True)
        store.conn.execute("PRAGMA query_only = ON")
        return store

    @contextmanager
    def store(self):
        try:
            store = self._free.get_nowait()
        except queue.Empty:
            store = self._open()
        try:
            yield store
        finally:
            self._free.put(store)

    def close(self) -> None:
        while True:
            try:
                self._free.get_nowait().close()
            except queue.Empty:
                return


class SecurityHeaders:
    """Adds the CSP and friends to every response, the API's and the page's alike."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _page(rows: list, offset: int, limit: int) -> dict:
    return {"items": rows, "offset": offset, "limit": limit, "next_offset": offset + limit if len(rows) == limit else None}


def _filters(predicate: str | None, family: str | None) -> None:
    try:
        queries.check_filters(predicate, family)
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from exc


def get_store(request: Request):
    """A read-only Store for this request alone."""
    with request.app.state.pool.store() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=1000, description="page size")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Predicate = Annotated[str | None, Query(description=f"comma-separated predicates: {', '.join(PREDICATES)}")]
Family = Annotated[str | None, Query(description=f"comma-separated predicate families: {', '.join(FAMILIES)}")]
MinSources = Annotated[int, Query(ge=1, description="at least this many independent documents assert the link")]


def create_app(db: str | Path, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over the store at `db`, opened read-only.

    `allowed_hosts` limits the Host header (pass LOOPBACK_HOSTS when bound
    to localhost, against DNS rebinding); None accepts any.
    """
    pool = StorePool(db)
    layout = queries.LayoutCache()
    vis_js = vis_network_file()

    @asynccontextmanager
    async def lifespan(app):
        yield
        pool.close()

    app = FastAPI(
        title="proxygraph",
        version=__version__,
        description="Read-only access to an evidence-linked claim graph: entities, claims with their evidence "
                    "sentences and sources, neighbourhoods, timelines and documents.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the Swagger and ReDoc pages load scripts from a CDN, which the CSP forbids
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.layout = layout

    @app.exception_handler(QueryError)
    async def not_found(request: Request, exc: QueryError):
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return JSONResponse({"detail": str(exc)}, status_code=503)

    # -- API ----------------------------------------------------------------------
    @app.get("/api/summary", response_model=models.Summary, tags=["store"])
    def summary(store: StoreDep):
        """Counts of documents, entities and claims, and the predicate vocabulary."""
        return {**views.summary(store), "families": {k: list(v) for k, v in FAMILIES.items()},
                "predicates": list(PREDICATES), "version": __version__}

    @app.get("/api/entities", response_model=models.EntityPage, tags=["entities"])
    def entity_search(store: StoreDep,
                      q: Annotated[str | None, Query(max_length=200, description="name or alias contains this; spelling variants allowed")] = None,
                      type: Annotated[str | None, Query(description=f"one of {', '.join(ENTITY_TYPES)}")] = None,
                      limit: Limit = 20, offset: Offset = 0):
        """Search entities by name or alias, most connected first."""
        if type and type.upper() not in ENTITY_TYPES:
            raise HTTPException(400, f"unknown entity type {type!r}; use one of: {', '.join(ENTITY_TYPES)}")
        return _page(queries.search(store, q, type=type, limit=limit, offset=offset), offset, limit)

    @app.get("/api/entities/{entity}", response_model=models.EntityDetail, tags=["entities"])
    def entity_detail(entity: str, store: StoreDep):
        """One entity (by id, QID, name or alias): aliases with provenance, QID, and its claims by predicate,
        each with its evidence sentence and source document."""
        return views.entity_detail(store, entity)

    @app.get("/api/entities/{entity}/ego", response_model=models.EgoPage, tags=["entities"])
    def entity_ego(entity: str, store: StoreDep,
                   depth: Annotated[int, Query(ge=1, le=2, description="hops from the entity")] = 1,
                   limit: Annotated[int, Query(ge=1, le=5000, description="links per page")] = 200,
                   offset: Offset = 0, predicate: Predicate = None, family: Family = None,
                   min_sources: MinSources = 1):
        """The links around an entity, strongest first, paged; capped at 5,000 links."""
        _filters(predicate, family)
        return queries.ego_page(store, entity, depth=depth, limit=limit, offset=offset, predicate=predicate,
                                family=family, min_sources=min_sources)

    @app.get("/api/entities/{entity}/timeline", response_model=list[models.Claim], tags=["entities"])
    def entity_timeline(entity: str, store: StoreDep):
        """The entity's dated claims, oldest first."""
        return views.timeline(store, entity)

    @app.get("/api/claims", response_model=models.ClaimPage, tags=["claims"])
    def claim_search(store: StoreDep,
                     subject: Annotated[str | None, Query(description="subject entity: id, QID, name or alias")] = None,
                     object: Annotated[str | None, Query(description="object entity")] = None,
                     entity: Annotated[str | None, Query(description="subject or object")] = None,
                     predicate: Predicate = None, family: Family = None,
                     year_from: Annotated[int | None, Query(ge=0, le=9999, description="dated claims that hold in or after this year")] = None,
                     year_to: Annotated[int | None, Query(ge=0, le=9999, description="dated claims that start in or before this year")] = None,
                     hedged: Annotated[bool | None, Query(description="only hedged (true) or only plain (false) claims")] = None,
                     negated: Annotated[bool | None, Query(description="only denials (true) or only assertions (false)")] = None,
                     min_sources: Annotated[int | None, Query(ge=1, description="the link is asserted by at least this many documents")] = None,
                     doc_id: Annotated[str | None, Query(description="claims of one document")] = None,
                     limit: Limit = 100, offset: Offset = 0):
        """Claims matching every filter given, each with its evidence sentence and document."""
        _filters(predicate, family)
        rows = views.claims(store, subject=subject, object=object, entity=entity, predicate=predicate, family=family,
                            year_from=year_from, year_to=year_to, hedged=hedged, negated=negated,
                            min_sources=min_sources, doc_id=doc_id, limit=limit, offset=offset)
        return _page(rows, offset, limit)

    @app.get("/api/graph", response_model=models.Graph, tags=["graph"])
    def graph(store: StoreDep, predicate: Predicate = None, family: Family = None,
              year_from: Annotated[int | None, Query(ge=0, le=9999)] = None,
              year_to: Annotated[int | None, Query(ge=0, le=9999)] = None,
              undated: Annotated[bool, Query(description="with a year filter, keep links that carry no date")] = True,
              hedged: Annotated[bool | None, Query(description="only links whose every claim is hedged (true) or not (false)")] = None,
              min_sources: MinSources = 1,
              limit: Annotated[int, Query(ge=1, le=queries.OVERVIEW_MAX, description="most links returned")] = 20_000):
        """The link graph with a stable position for every node, for drawing: the strongest `limit` links."""
        _filters(predicate, family)
        return queries.overview(store, layout, predicate=predicate, family=family, year_from=year_from,
                                year_to=year_to, undated=undated, hedged=hedged, min_sources=min_sources, limit=limit)

    @app.get("/api/documents/{doc_id}", response_model=models.Document, tags=["documents"])
    def document(doc_id: str, store: StoreDep):
        """A document's text with its entity mentions and claims; `claim_spans` marks the evidence sentences."""
        doc = views.document(store, doc_id)
        return {**doc, "claim_spans": queries.claim_spans(doc["claims"])}

    # -- the page -------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/vendor/vis-network.min.js", include_in_schema=False)
    def vis_network():
        return FileResponse(vis_js, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", RevalidatedStaticFiles(directory=STATIC), name="static")

    app.add_middleware(GZipMiddleware, minimum_size=2048)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app

"""The FastAPI app: server-rendered pages and a JSON API, both thin shells over ``analyze`` and
the corpus API (``newsclaims.corpus``).

* Article text is untrusted: Jinja autoescape is on for every template and no template marks
  article text safe; the annotated article is built by ``newsclaims.render.html`` from escaped
  pieces.
* Request bodies over ``max_input_bytes`` (plus a small envelope) are refused with 413 before
  they are read (``security.BodyLimitMiddleware``).
* An analysis runs in a worker process, at most ``web_max_concurrent`` at once, and a request
  waits at most ``web_request_timeout_s`` for it (then E112, HTTP 504, and the worker is killed:
  ``workers``).
* URLs are fetched through the SSRF guard (``ingest.url.fetch(..., allow_private=False)``).
* Errors: ``{"error": {"code", "message"}}`` with a 4xx status under ``/api/``, a friendly page
  elsewhere.
* ``/docs`` is a server-rendered page listing the endpoints from the OpenAPI schema
  (``/openapi.json``): FastAPI's default Swagger UI loads its script from a CDN, which an
  offline tool must not do.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any, Callable, Literal

import anyio
import anyio.to_thread
from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__, settings
from ..errors import (
    E102, E103, E104, E111, E112, E201, E203, E301, E401, E402, NewsclaimsError,
)
from ..lang import supported
from ..render import html as render_html
from ..report import Report
from . import security, views, workers

# HTTP status for each error code (anything not listed is 400).
STATUS = {
    E103: 413, E104: 415, E111: 415, E112: 504,
    "E106": 422, "E107": 422, "E108": 422, "E109": 422, E201: 422, E203: 422,
    "E202": 500, E401: 503, E402: 404,
}
INTERNAL = "E500"  # an unexpected failure; the message says no more than that
SEARCH_FIELDS = ("entity", "source", "category", "since", "until")  # the figure search form
DOC_ID = PathParam(ge=1, le=2**63 - 1, description="A stored document's number.")  # the database's integer range


class AnalyzeRequest(BaseModel):
    """JSON body of ``POST /api/analyze`` and ``POST /api/corpus/documents``: give text or url."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, description="The report's text.")
    url: str | None = Field(default=None, description="An http(s) URL to fetch (public addresses only unless the server allows private ones).")
    lang: Literal[tuple(supported())] | None = Field(default=None, description="Language; detected when omitted.")
    published: dt.date | None = Field(default=None, description="Publication date, for resolving relative times.")


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


ERRORS = {s: {"model": ErrorResponse} for s in (400, 413, 415, 422, 504)}

_ANALYZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": AnalyzeRequest.model_json_schema()},
            "multipart/form-data": {"schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "A text, HTML or PDF file."},
                    "text": {"type": "string"}, "url": {"type": "string"},
                    "lang": {"type": "string", "enum": supported()},
                    "published": {"type": "string", "format": "date"},
                },
            }},
            "text/plain": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "text/html": {"schema": {"type": "string"}},
        },
    },
    "parameters": [
        {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": supported()},
         "description": "Language, for raw bodies (text/plain, text/html, application/pdf)."},
        {"name": "published", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
         "description": "Publication date, for raw bodies."},
    ],
}


@dataclass
class Input:
    text: str | None = None
    data: bytes | None = None
    filename: str | None = None
    url: str | None = None
    lang: str | None = None
    published: dt.date | None = None


@dataclass
class Config:
    allow_private_urls: bool = False
    corpus: str | None = None  # store URL or path; None: the corpus default
    request_timeout_s: float | None = None
    max_concurrent: int | None = None


def _parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    from ..run import parse_date

    return parse_date(str(value))


def _parse_lang(value) -> str | None:
    if value in (None, ""):
        return None
    if value not in supported():
        raise NewsclaimsError(E201, f"unsupported language {str(value)[:20]!r}; supported: {', '.join(supported())}")
    return value


async def read_input(request: Request) -> Input:
    """The analysis input from a JSON body, a form (text, file or url) or a raw body."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        raw = await request.body()
        try:
            body = AnalyzeRequest.model_validate_json(raw or b"{}")
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "body"
            raise NewsclaimsError(E301, f"bad JSON body: {where}: {first.get('msg')}") from None
        inp = Input(text=body.text, url=body.url, lang=body.lang, published=body.published)
    elif ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        limit = security.body_limit()
        async with request.form(max_files=1, max_fields=20, max_part_size=limit) as form:
            inp = Input(text=_field(form, "text"), url=_field(form, "url"),
                        lang=_parse_lang(_field(form, "lang")), published=_parse_date(_field(form, "published")))
            upload = form.get("file")
            if upload is not None and not isinstance(upload, str):
                data = await upload.read()
                if data:
                    inp.data, inp.filename = data, (upload.filename or "upload")[:200]
    elif ctype in ("", "text/plain", "text/html", "application/pdf", "application/octet-stream", "text/markdown"):
        inp = Input(data=await request.body(), lang=_parse_lang(request.query_params.get("lang")),
                    published=_parse_date(request.query_params.get("published")))
    else:
        raise NewsclaimsError(E111, f"unsupported content type {ctype[:60]!r}: send JSON, a form, or the text itself")
    inp.lang = _parse_lang(inp.lang)
    given = [k for k in ("text", "data", "url") if getattr(inp, k) not in (None, "", b"")]
    if inp.text is not None and not inp.text.strip() and "text" in given:
        given.remove("text")
    if len(given) > 1:
        raise NewsclaimsError(E301, "give one input: text, a file or a URL, not several")
    if not given:
        raise NewsclaimsError(E102, "input is empty: give the text of a report, a file or a URL")
    return inp


def _field(form, name: str) -> str | None:
    value = form.get(name)
    if value is None or not isinstance(value, str):
        return None
    value = value.strip() if name != "text" else value
    return value or None


def analyze_input(inp: Input, *, allow_private_urls: bool = False) -> Report:
    """Blocking: fetch (guarded), ingest and analyse through the run flow. User text is never
    taken for a path; an upload's file name may give the publication date, as on the CLI."""
    from ..run import Options, Source, analyze_source

    if inp.url:
        source = Source("url", inp.url.strip())
    elif inp.data is not None:
        source = Source("bytes", inp.data, inp.filename)
    else:
        source = Source("text", inp.text or "")
    report, _ = analyze_source(source, Options(lang=inp.lang, published=inp.published,
                                               allow_private_urls=allow_private_urls))
    return report


def warm_up() -> None:
    """Every pipeline with its taggers (``run.pool.build_pipelines``, as the process pool does) and one tiny
    analysis per language for the rules compiled on first use, here, so that every forked worker
    starts with them."""
    from ..run.pool import build_pipelines

    build_pipelines(None)
    for code in supported():
        with contextlib.suppress(NewsclaimsError):
            analyze_input(Input(text="1", lang=code))


def load_detector() -> None:
    """In each worker (not before the fork: the native detector is not safe to fork)."""
    from ..ingest.langid import _detector

    _detector()


class CorpusAccess:
    """The corpus store, opened on first use and shared by all requests."""

    def __init__(self, url: str | None):
        self.url = url
        self._store = None
        self._lock = threading.Lock()

    @property
    def api(self):
        try:
            import newsclaims.corpus as corpus
        except ImportError as exc:  # pragma: no cover - the corpus part missing
            raise NewsclaimsError(E401, f"the corpus is not available: {exc}") from None
        return corpus

    def store(self):
        with self._lock:
            if self._store is None:
                self._store = self.api.open_store(self.url)
            return self._store

    def close(self):
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def call(self, name: str, *args, **kwargs):
        fn = getattr(self.api, name, None)
        if fn is None:
            raise NewsclaimsError(E401, f"the corpus API has no {name}() yet")
        return fn(self.store(), *args, **kwargs)

    def documents(self, limit: int = 50, offset: int = 0) -> list[dict]:
        """Stored documents (without their Report JSON), newest first."""
        rows = list(self.call("documents"))
        rows.reverse()
        return rows[offset:offset + limit]

    def report(self, doc_id: int) -> Report:
        return self.call("report", doc_id)


def report_json(report: Report) -> Response:
    """A Report as valid JSON: pydantic writes a non-finite number (a 400-digit figure) as null,
    where ``json.dumps`` would refuse it (a 500) or write ``Infinity`` (not JSON)."""
    return Response(report.model_dump_json(), media_type="application/json")


def plain(obj: Any) -> Any:
    """Dataclasses, pydantic models, dates and containers to JSON-able values."""
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [plain(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, float) and obj in (float("inf"), float("-inf")):
        return None
    return obj


def timeline_chart(tl) -> Markup:
    """A corpus Timeline as inline SVG: the chart ``corpus timeline --chart`` draws, each bar
    linked to its document."""
    from ..corpus.chart import svg

    return Markup(svg(tl, href=lambda p: f"/corpus/documents/{p.document_id}"))


def create_app(*, allow_private_urls: bool = False, corpus: str | None = None,
               request_timeout_s: float | None = None, max_concurrent: int | None = None,
               analyzer: Callable[[Input], Report] | None = None) -> FastAPI:
    """The web app. ``corpus`` is a store URL or path (default: the corpus default store);
    ``analyzer`` replaces the analysis (tests)."""
    config = Config(allow_private_urls, corpus, request_timeout_s, max_concurrent)
    app = _new_app(config, analyzer)
    page = _page_renderer(render_html.environment())
    _add_error_handlers(app, page)

    async def analyse(inp: Input) -> Report:
        return await app.state.workers.run(inp, config.request_timeout_s or settings.get("web_request_timeout_s"))

    _add_api_routes(app, analyse)
    _add_pages(app, page, analyse)
    _add_corpus_pages(app, page)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.workers.close()
    app.state.corpus.close()


def _static_dir():
    return resources.files("newsclaims.web").joinpath("static")


def _new_app(config: Config, analyzer: Callable[[Input], Report] | None) -> FastAPI:
    """The FastAPI object with its state (config, corpus, worker pool), static files and body limit."""
    app = FastAPI(
        lifespan=_lifespan,
        title="newsclaims", version=__version__, docs_url=None, redoc_url=None,
        description="Reads news reports and lays out every checkable claim. Errors are "
                    '`{"error": {"code", "message"}}` with a 4xx status.',
    )
    app.state.config = config
    app.state.corpus = CorpusAccess(config.corpus)
    app.mount("/static", StaticFiles(directory=str(_static_dir())), name="static")
    app.add_middleware(security.BodyLimitMiddleware)
    app.state.workers = workers.WorkerPool(
        config.max_concurrent or settings.get("web_max_concurrent"),
        analyzer or functools.partial(analyze_input, allow_private_urls=config.allow_private_urls),
        prepare=None if analyzer else warm_up, warm=None if analyzer else load_detector)
    return app


def _page_renderer(env) -> Callable[..., HTMLResponse]:
    def page(template: str, status: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("version", __version__)
        return HTMLResponse(env.get_template(template).render(**ctx), status_code=status)

    return page


def _add_error_handlers(app: FastAPI, page) -> None:
    """Errors as ``{"error": {"code", "message"}}`` under ``/api/``, as the error page elsewhere."""
    def error_response(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
        return page("error.html", status=status, code=code, message=message)

    @app.exception_handler(NewsclaimsError)
    async def _newsclaims_error(request: Request, exc: NewsclaimsError):
        return error_response(request, STATUS.get(exc.code, 400), exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "request"
        return error_response(request, 422, E301, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        code = f"E{exc.status_code}"  # HTTP-level errors (no such page, wrong method) keep the HTTP status as code
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, code, message)

    def unexpected(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, INTERNAL, f"internal error ({type(exc).__name__}); the server is still running")

    app.add_middleware(security.CatchAllMiddleware, respond=unexpected)  # outermost: added last


def _add_api_routes(app: FastAPI, analyse) -> None:
    """The JSON API (listed in the OpenAPI schema), the favicon and the health check."""
    @app.post("/api/analyze", tags=["analysis"], summary="Analyse one report",
              description="Send JSON (`text` or `url`, optional `lang`, `published`), a multipart form "
                          "(`file`, `text` or `url`), or the text/HTML/PDF itself as the body. Returns the Report.",
              openapi_extra=_ANALYZE_BODY, responses={200: {"model": Report}, **ERRORS})
    async def api_analyze(request: Request):
        report = await analyse(await read_input(request))
        return report_json(report)

    @app.post("/api/corpus/documents", tags=["corpus"], summary="Analyse a report and add it to the corpus",
              description="Same inputs as `/api/analyze`. Idempotent: a text already stored is skipped.",
              openapi_extra=_ANALYZE_BODY, responses=ERRORS)
    async def api_corpus_add(request: Request):
        report = await analyse(await read_input(request))
        result = await anyio.to_thread.run_sync(lambda: app.state.corpus.call("add_reports", [report]))
        return JSONResponse({"report_id": report.document.id, "result": plain(result)})

    @app.get("/api/corpus/documents", tags=["corpus"], summary="List stored documents, newest first")
    def api_corpus_documents(limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0)):
        return {"documents": plain(app.state.corpus.documents(limit=limit, offset=offset))}

    @app.get("/api/corpus/documents/{doc_id}", tags=["corpus"], summary="One stored document's Report",
             responses={200: {"model": Report}, 404: {"model": ErrorResponse}})
    def api_corpus_document(doc_id: int = DOC_ID):
        return report_json(app.state.corpus.report(doc_id))

    @app.get("/api/corpus/tracks", tags=["corpus"], summary="Tracks: one measure followed over time")
    def api_corpus_tracks():
        return {"tracks": plain(app.state.corpus.call("tracks"))}

    @app.get("/api/corpus/timeline/{track:path}", tags=["corpus"], summary="One track's timeline with its conflicts")
    def api_corpus_timeline(track: str):
        return plain(app.state.corpus.call("timeline", track))

    @app.get("/api/corpus/search", tags=["corpus"], summary="Search stored figures")
    def api_corpus_search(entity: str | None = None, source: str | None = None, category: str | None = None,
                          since: dt.date | None = None, until: dt.date | None = None):
        rows = app.state.corpus.call("search", entity=entity or None, source=source or None,
                                     category=category or None, since=since, until=until)
        return {"figures": plain(rows)}

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():  # browsers ask for it whatever the page links
        return FileResponse(str(_static_dir().joinpath("favicon.svg")), media_type="image/svg+xml")

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"ok": True, "version": __version__}


def _add_pages(app: FastAPI, page, analyse) -> None:
    """The analysis form, its result page and the API docs page."""
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index():
        return page("index.html", languages=supported(), max_bytes=settings.get("max_input_bytes"))

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_page(request: Request):
        report = await analyse(await read_input(request))
        return page("report.html", **render_html.context(report))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page():
        return page("docs.html", endpoints=endpoints(app.openapi()), schema_href="/openapi.json")


def _add_corpus_pages(app: FastAPI, page) -> None:
    """The corpus pages: tracks with their charts, one track, one stored document, figure search."""
    @app.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
    def corpus_page(max_tracks: int = Query(20, ge=1, le=200)):
        ca = app.state.corpus
        summaries = list(ca.call("tracks"))
        timelines = ca.call("timelines")
        charts = [{"name": views.field(t, "name"), "summary": t, "svg": timeline_chart(timelines[views.field(t, "name")])}
                  for t in summaries[:max_tracks]]
        return page("corpus.html", tracks=charts, more=max(0, len(summaries) - max_tracks),
                    documents=ca.documents(limit=50), get=views.field, track_words=views.track_words,
                    q=dict.fromkeys(SEARCH_FIELDS, ""), categories=views.category_options())

    @app.get("/corpus/tracks/{track:path}", response_class=HTMLResponse, include_in_schema=False)
    def track_page(track: str):
        tl = app.state.corpus.call("timeline", track)
        return page("track.html", name=track, words=views.track_words(track),
                    rows=[views.figure_row(p) for p in tl.points], undated=[views.figure_row(p) for p in tl.undated],
                    conflicts=views.conflict_rows(tl.conflicts), revisions=views.revision_rows(tl.revisions),
                    svg=timeline_chart(tl))

    @app.get("/corpus/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(doc_id: int = DOC_ID):
        report = app.state.corpus.report(doc_id)
        return page("report.html", json_href=f"/api/corpus/documents/{doc_id}", **render_html.context(report))

    @app.get("/corpus/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(entity: str | None = None, source: str | None = None, category: str | None = None,
                    since: str | None = None, until: str | None = None):
        q = dict(zip(SEARCH_FIELDS, (v or "" for v in (entity, source, category, since, until))))
        try:
            rows = app.state.corpus.call("search", entity=entity or None, source=source or None,
                                         category=category or None, since=_parse_date(since), until=_parse_date(until))
            note = _entity_note(entity)
        except NewsclaimsError as exc:  # the form again, with what was wrong
            return page("search.html", status=STATUS.get(exc.code, 400), rows=[], q=q, error=exc.message,
                        entity_note="", categories=views.category_options())
        return page("search.html", rows=[views.figure_row(r) for r in rows], q=q, error=None, entity_note=note,
                    categories=views.category_options())


def _entity_note(entity: str | None) -> str:
    """What a searched country term was read as ('about Ukraine (UA)')."""
    if not entity:
        return ""
    from ..corpus.entity_query import resolve

    code, name = resolve(entity)
    return f"about {name} ({code})"


def endpoints(schema: dict) -> list[dict]:
    """The OpenAPI schema as a list of endpoints for the docs page."""
    out = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            body = (op.get("requestBody") or {}).get("content", {})
            out.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tags": op.get("tags", []),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "description": p.get("description", ""),
                                "type": (p.get("schema") or {}).get("type", "")} for p in op.get("parameters", [])],
                "body": list(body),
                "responses": sorted(op.get("responses", {})),
            })
    return out

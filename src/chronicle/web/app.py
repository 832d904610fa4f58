"""Chronicle's web app: the record as pages, each with a JSON twin.

Every page is also served at the same URL plus ``.json`` (the dict the
page was rendered from) and every list at ``.csv``; the URL is the query
(filters and paging are query parameters), FastAPI publishes the OpenAPI
description at ``/openapi.json``.

The app is read-only to anyone not logged in. Reviewers log in (argon2
password hashes, a signed session cookie) and every form that changes
something carries a CSRF token tied to the session. ``read_only=True``
turns review off altogether, for a public mirror.

Security model for untrusted document text: Jinja2 autoescaping is on for
every template, highlighting is built from escaped runs (never ``|safe``),
and a Content-Security-Policy forbids inline script, so text that slipped
through as markup still could not run.
"""
from __future__ import annotations

import hmac
import io
import re
import secrets
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from chronicle.export import csv as csv_export
from chronicle.export import timeline as timeline_export
from chronicle.service import review as review_service
from chronicle.service.browse import KIND_PATH, Browser, Paging, humanise_duration, write_export
from chronicle.store import Store
from chronicle.store.queries import EventFilters
from chronicle.web import views

HERE = Path(__file__).parent
SESSION_COOKIE = "chronicle_session"
SESSION_MAX_AGE = 8 * 3600
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """Adds the security headers to every response (plain ASGI: no per-request task overhead)."""

    HEADERS = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in self.HEADERS if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def make_templates() -> Jinja2Templates:
    """Templates with autoescaping on for every file, whatever its extension."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)
    env.filters["duration"] = lambda v: humanise_duration(v) or v
    env.filters["http_url"] = views.http_url
    env.filters["when"] = views.when
    env.globals.update(quote_runs=views.quote_runs, query_url=views.query_url)
    return Jinja2Templates(env=env)


def create_app(db_url: str | None = None, *, secret_key: str | None = None, read_only: bool = False,
               store: Store | None = None, https_only: bool = False) -> FastAPI:
    """The web app over one store (a SQLite path or a PostgreSQL URL).

    Without ``secret_key`` a random one is made, so sessions end when the
    process does; pass one (``CHRONICLE_SECRET_KEY``) to keep them.
    """
    store = store or Store.open(db_url)
    browser = Browser(store)
    templates = make_templates()
    app = FastAPI(
        title="Chronicle",
        description="A sourced record of political prosecutions and protests. Every page has a JSON twin "
                    "(same URL + .json) and every list a CSV twin (+ .csv).",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.read_only = read_only
    app.add_middleware(SessionMiddleware, secret_key=secret_key or secrets.token_urlsafe(32),
                       session_cookie=SESSION_COOKIE, max_age=SESSION_MAX_AGE, same_site="lax", https_only=https_only)

    app.add_middleware(SecurityHeaders)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # ------------------------------------------------------------ rendering

    def fmt_of(request: Request) -> str:
        path = request.url.path
        return "json" if path.endswith(".json") else "csv" if path.endswith(".csv") else "html"

    def html_path(request: Request) -> str:
        path = request.url.path
        for suffix in (".json", ".csv"):
            if path.endswith(suffix):
                path = path[: -len(suffix)]
        return "/" if path == "/index" else path

    def common(request: Request) -> dict:
        params = dict(request.query_params)
        path = html_path(request)
        return {
            "user": request.session.get("user"),
            "csrf_token": csrf_token(request),
            "read_only": read_only,
            "flash": request.session.pop("flash", []),
            "path": path,
            "here": path + ("?" + request.url.query if request.url.query else ""),
            "params": params,
            "json_url": views.with_suffix(path, ".json", params),
            "csv_url": views.with_suffix(path, ".csv", params),
            "page_url": partial(views.page_url, path, params),
        }

    def render(request: Request, template: str, data: dict, *, csv_rows: Callable[[], Iterable[dict]] | None = None,
               csv_columns: Iterable[str] = (), filename: str = "chronicle", status: int = 200) -> Response:
        fmt = fmt_of(request)
        if fmt == "json":
            return JSONResponse(data, status_code=status)
        if fmt == "csv":
            if csv_rows is None:
                raise HTTPException(404, "this page has no CSV twin")
            return StreamingResponse(
                csv_export.iter_csv(csv_rows(), csv_columns), media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
            )
        return templates.TemplateResponse(request, template, {"data": data, **common(request)}, status_code=status)

    def page(path: str, *, csv: bool = False, summary: str = ""):
        """Register a page at ``path``, its JSON twin and (for lists) its CSV twin."""
        def register(fn):
            json_path = "/index.json" if path == "/" else path + ".json"
            app.add_api_route(json_path, fn, methods=["GET"], summary=summary + " (JSON)", name=fn.__name__ + "_json")
            if csv:
                app.add_api_route(path + ".csv", fn, methods=["GET"], summary=summary + " (CSV)", name=fn.__name__ + "_csv",
                                  response_class=StreamingResponse)
            app.add_api_route(path, fn, methods=["GET"], include_in_schema=False, response_class=HTMLResponse,
                              name=fn.__name__)
            return fn
        return register

    def not_found(request: Request, what: str) -> Response:
        if fmt_of(request) == "json":
            return JSONResponse({"detail": f"{what} not found"}, status_code=404)
        return templates.TemplateResponse(request, "error.html", {"data": {"status": 404, "message": f"{what} not found"},
                                                                  **common(request)}, status_code=404)

    def whole_list(request: Request) -> bool:
        """A CSV download without ?page= is the whole list, not one page."""
        return fmt_of(request) == "csv" and "page" not in request.query_params

    def pages_of(fetch: Callable[[Paging], dict], key: str, row: Callable[[dict], dict]) -> Callable[[], Iterable[dict]]:
        def rows():
            n = 1
            while True:
                data = fetch(Paging(n, 500))
                yield from (row(item) for item in data[key])
                if not data["pagination"]["has_next"]:
                    return
                n += 1
        return rows

    # ---------------------------------------------------------------- pages

    @page("/", summary="Overview: counts, latest documents, recent reviews")
    def overview(request: Request):
        return render(request, "overview.html", browser.overview())

    @page("/documents", csv=True, summary="Documents")
    def documents(request: Request, page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500)):
        data = browser.documents(Paging.of(page, size))
        rows = (pages_of(browser.documents, "documents", csv_export.document_row) if whole_list(request)
                else lambda: map(csv_export.document_row, data["documents"]))
        return render(request, "documents.html", data, csv_rows=rows, csv_columns=csv_export.DOCUMENT_COLUMNS,
                      filename="documents")

    @page("/documents/{document_id:int}", summary="A document, with its entity mentions and event mentions")
    def document(request: Request, document_id: int):
        data = browser.document(document_id)
        if data is None:
            return not_found(request, f"document {document_id}")
        if fmt_of(request) == "html":
            data = dict(data, runs=views.document_runs(data["document"], data["mentions"], data["event_mentions"]))
        return render(request, "document.html", data)

    def entity_list(kind: str):
        def handler(request: Request, page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500),
                    name: str | None = Query(None, max_length=200, description="part of the name"),
                    order: str = Query("name", pattern="^(name|events)$")):
            fetch = partial(browser.entities, kind, name=name, by_events=order == "events")
            data = fetch(Paging.of(page, size))
            rows = (pages_of(fetch, "entities", csv_export.entity_row) if whole_list(request)
                    else lambda: map(csv_export.entity_row, data["entities"]))
            return render(request, "entities.html", data, csv_rows=rows, csv_columns=csv_export.ENTITY_COLUMNS,
                          filename=KIND_PATH[kind])
        handler.__name__ = KIND_PATH[kind]
        return handler

    def entity_page(kind: str):
        def handler(request: Request, entity_id: int):
            data = browser.entity(entity_id)
            if data is None or data["entity"]["kind"] != kind:
                return not_found(request, f"{kind} {entity_id}")
            if fmt_of(request) == "html":
                chart = views.timeline_chart(data["timeline"] + data["solidarity"] + data["events_here"])
                data = dict(data, chart=chart)
            return render(request, "entity.html", data)
        handler.__name__ = KIND_PATH[kind] + "_entity"
        return handler

    def entity_timeline(kind: str):
        def handler(entity_id: int, include_rejected: bool = False):
            data = browser.entity(entity_id)
            if data is None or data["entity"]["kind"] != kind:
                return JSONResponse({"detail": f"{kind} {entity_id} not found"}, status_code=404)
            return JSONResponse(timeline_export.timeline_json(data, include_rejected=include_rejected))
        handler.__name__ = KIND_PATH[kind] + "_timeline"
        return handler

    for kind, section in KIND_PATH.items():
        page(f"/{section}", csv=True, summary=f"{section.capitalize()}")(entity_list(kind))
        page(f"/{section}/{{entity_id:int}}", summary=f"Case file of one of the {section}: timeline, names, conflicts")(
            entity_page(kind))
        app.add_api_route(f"/{section}/{{entity_id:int}}/timeline.json", entity_timeline(kind), methods=["GET"],
                          summary=f"Case timeline as TimelineJS JSON ({section})")

    @page("/events", csv=True, summary="Events, with facets by type, status, year and country")
    def events(request: Request, type_: str | None = Query(None, alias="type", max_length=32),
               status: str | None = Query(None, max_length=16), country: str | None = Query(None, max_length=2),
               year: str | None = Query(None, max_length=4), entity: int | None = Query(None),
               page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500)):
        filters = EventFilters(type_ or None, status or None, country or None, year or None, entity)
        fetch = partial(browser.events, filters)
        data = fetch(Paging.of(page, size))
        rows = (pages_of(fetch, "events", csv_export.event_row) if whole_list(request)
                else lambda: map(csv_export.event_row, data["events"]))
        return render(request, "events.html", data, csv_rows=rows, csv_columns=csv_export.EVENT_COLUMNS, filename="events")

    @page("/events/{event_id:int}", summary="One event: sources, quotes, conflicts, review history")
    def event(request: Request, event_id: int):
        data = browser.event(event_id)
        if data is None:
            return not_found(request, f"event {event_id}")
        return render(request, "event.html", data)

    @page("/conflicts", csv=True, summary="Conflicts: where sources disagree, with each value's evidence")
    def conflicts(request: Request, state: str | None = Query(None, pattern="^(open|resolved)$"),
                  page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500)):
        fetch = partial(browser.conflicts, state=state)
        data = fetch(Paging.of(page, size))
        rows = (pages_of(fetch, "conflicts", csv_export.conflict_row) if whole_list(request)
                else lambda: map(csv_export.conflict_row, data["conflicts"]))
        return render(request, "conflicts.html", data, csv_rows=rows, csv_columns=csv_export.CONFLICT_COLUMNS,
                      filename="conflicts")

    @page("/stories", csv=True, summary="Stories: documents grouped by the story they report")
    def stories(request: Request, page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500)):
        data = browser.stories(Paging.of(page, size))
        rows = (pages_of(browser.stories, "stories", csv_export.story_row) if whole_list(request)
                else lambda: map(csv_export.story_row, data["stories"]))
        return render(request, "stories.html", data, csv_rows=rows, csv_columns=csv_export.STORY_COLUMNS,
                      filename="stories")

    @page("/search", csv=True, summary="Full-text search across documents and names")
    def search(request: Request, q: str = Query("", max_length=500), kind: str | None = Query(None, pattern="^(person|organisation|place)$"),
               page: int = Query(1, ge=1), size: int = Query(20, ge=1, le=500)):
        data = browser.search(q, Paging.of(page, size), kind=kind)
        return render(request, "search.html", data, csv_rows=lambda: csv_export.search_rows(data),
                      csv_columns=csv_export.SEARCH_COLUMNS, filename="search")

    @page("/audit", csv=True, summary="The audit log: every review, who, when, what and why (append-only)")
    def audit(request: Request, page: int = Query(1, ge=1), size: int = Query(50, ge=1, le=500)):
        data = browser.audit(Paging.of(page, size))
        rows = (pages_of(browser.audit, "entries", csv_export.audit_row) if whole_list(request)
                else lambda: map(csv_export.audit_row, data["entries"]))
        return render(request, "audit.html", data, csv_rows=rows, csv_columns=csv_export.AUDIT_COLUMNS, filename="audit")

    # -------------------------------------------------------------- exports

    def export_response(fmt: str, media_type: str, filename: str, **kwargs) -> Response:
        buffer = io.StringIO()
        write_export(store, fmt, buffer, **kwargs)
        return Response(buffer.getvalue(), media_type=media_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @app.get("/export/record.json", summary="The whole record (export contract)")
    def export_record():
        return export_response("json", "application/json", "chronicle-record.json")

    @app.get("/export/plover.jsonl", summary="Events as PLOVER-compatible JSON Lines")
    def export_plover(include_rejected: bool = False):
        return export_response("plover", "application/x-ndjson", "chronicle-plover.jsonl", include_rejected=include_rejected)

    @app.get("/export/ftm.jsonl", summary="People, organisations, places, documents and events as FollowTheMoney JSON Lines")
    def export_ftm(include_rejected: bool = False):
        return export_response("ftm", "application/x-ndjson", "chronicle-ftm.jsonl", include_rejected=include_rejected)

    @app.get("/export/{table}.csv", summary="One table of the record as CSV")
    def export_csv(table: str):
        if table not in ("events", "people", "organisations", "places", "documents"):
            raise HTTPException(404, "no such table")
        return export_response("csv", "text/csv; charset=utf-8", f"chronicle-{table}.csv", table=table)

    # ------------------------------------------------------------- sessions

    def csrf_token(request: Request) -> str:
        token = request.session.get("csrf")
        if not token:
            token = request.session["csrf"] = secrets.token_urlsafe(32)
        return token

    async def checked_form(request: Request, *, login: bool = True):
        """The posted form, after the CSRF check (and the login check, unless logging in)."""
        form = await request.form()
        sent, expected = str(form.get("csrf_token", "")), request.session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
        if login:
            if read_only:
                raise HTTPException(403, "this Chronicle is read-only")
            if not request.session.get("user"):
                raise HTTPException(403, "log in to review")
        return form

    def flash(request: Request, message: str, kind: str = "ok") -> None:
        request.session.setdefault("flash", [])
        request.session["flash"] = [*request.session["flash"], {"kind": kind, "message": message}]

    def back(form, default: str = "/") -> RedirectResponse:
        return RedirectResponse(views.safe_next(str(form.get("next") or ""), default), status_code=303)

    @app.get("/login", include_in_schema=False)
    def login_form(request: Request, next: str = "/"):
        data = {"next": views.safe_next(next), "error": None}
        return templates.TemplateResponse(request, "login.html", {"data": data, **common(request)})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request):
        if read_only:
            raise HTTPException(403, "this Chronicle is read-only")
        form = await checked_form(request, login=False)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        if not review_service.authenticate(store, name, password):
            data = {"next": views.safe_next(str(form.get("next") or "/")), "error": "Wrong name or password."}
            return templates.TemplateResponse(request, "login.html", {"data": data, **common(request)}, status_code=401)
        request.session.clear()  # a new session on login: no fixation
        request.session["user"] = name
        csrf_token(request)
        flash(request, f"Logged in as {name}.")
        return back(form)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request):
        form = await checked_form(request, login=False)
        request.session.clear()
        return back(form)

    # --------------------------------------------------------------- review

    async def review_action(request: Request, action: Callable[[object, str], review_service.ReviewResult], default: str):
        form = await checked_form(request)
        try:
            result = action(form, request.session["user"])
            flash(request, result.message)
        except review_service.ReviewError as error:
            flash(request, str(error), "error")
        return back(form, default)

    @app.post("/events/{event_id:int}/review", include_in_schema=False)
    async def review_event(request: Request, event_id: int):
        return await review_action(request, lambda form, user: review_service.review_event(
            store, event_id, str(form.get("decision", "")), author=user, reason=str(form.get("reason", "")),
            expected_key=str(form.get("key") or "") or None), f"/events/{event_id}")

    @app.post("/conflicts/{conflict_id:int}/resolve", include_in_schema=False)
    async def resolve_conflict(request: Request, conflict_id: int):
        return await review_action(request, lambda form, user: review_service.resolve_conflict(
            store, conflict_id, str(form.get("value", "")) or None, author=user, reason=str(form.get("reason", "")),
            expected_key=str(form.get("key") or "") or None), "/conflicts")

    @app.post("/identities/{entity_id:int}/merge", include_in_schema=False)
    async def merge(request: Request, entity_id: int):
        def act(form, user):
            other = re.fullmatch(r"[polPOL]?(\d+)", str(form.get("other", "")).strip())
            if other is None:
                raise review_service.ReviewError("give the id of the identity to merge with (for example p12)")
            return review_service.merge_identities(store, entity_id, int(other.group(1)), author=user,
                                                   reason=str(form.get("reason", "")))
        return await review_action(request, act, "/")

    @app.post("/identities/{entity_id:int}/split", include_in_schema=False)
    async def split(request: Request, entity_id: int):
        def act(form, user):
            members = [int(m) for m in form.getlist("member") if str(m).isdigit()]
            return review_service.split_identity(store, entity_id, members, author=user, reason=str(form.get("reason", "")))
        return await review_action(request, act, "/")

    # --------------------------------------------------------------- errors

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.endswith((".json", ".jsonl", ".csv")) or request.url.path.startswith(("/export", "/openapi")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(
            request, "error.html", {"data": {"status": exc.status_code, "message": str(exc.detail)}, **common(request)},
            status_code=exc.status_code)

    return app


def serve(db_url: str | None, *, host: str = "127.0.0.1", port: int = 8000, secret_key: str | None = None,
          read_only: bool = False) -> None:
    """Run the app with uvicorn (``chronicle serve``)."""
    import uvicorn

    uvicorn.run(create_app(db_url, secret_key=secret_key, read_only=read_only), host=host, port=port,
                proxy_headers=False, server_header=False)


__all__ = ["create_app", "serve"]

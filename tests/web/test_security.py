"""Untrusted document text, injection, sessions, CSRF and read-only mode."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronicle.export.csv import safe_cell
from chronicle.web.app import create_app
from tests.web.conftest import REVIEWER, csrf_of, login

# Anything that would run if the browser parsed it as markup.
EXECUTABLE = re.compile(r"<script>alert|<img src=x|<svg onload|<b onmouseover|href=\"javascript:|href='javascript:", re.I)


def nasty_document(client) -> int:
    return next(d["document_id"] for d in client.get("/documents.json").json()["documents"] if "script" in (d["title"] or ""))


def krol(client) -> int:
    return next(p["entity_id"] for p in client.get("/people.json").json()["entities"] if p["name"] == "Boris Krol")


@pytest.mark.parametrize("page", ["document", "person", "documents", "search", "events", "overview", "event"])
def test_markup_in_documents_is_shown_as_text(client, page):
    doc = nasty_document(client)
    person = krol(client)
    event = client.get(f"/events.json?entity={person}").json()["events"][0]["url"]
    path = {"document": f"/documents/{doc}", "person": f"/people/{person}", "documents": "/documents",
            "search": "/search?q=alert", "events": "/events", "overview": "/", "event": event}[page]
    html = client.get(path).text
    assert not EXECUTABLE.search(html), EXECUTABLE.search(html).group(0)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script src="/static/app.js" defer>']  # the only script is ours
    assert not re.search(r"<[a-z]+[^>]*\son(error|load|mouseover)=", html, re.I)  # no event-handler attributes
    assert not re.search(r"href=[\"']?\s*javascript:", html, re.I)


def test_the_escaped_text_is_still_there_to_read(client):
    html = client.get(f"/documents/{nasty_document(client)}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:alert(2)" in html  # as text, not as a link
    assert "javascript:alert(&#39;source&#39;)" in html  # the source string is shown, never linked


def test_json_twin_keeps_the_text_verbatim(client):
    data = client.get(f"/documents/{nasty_document(client)}.json").json()
    assert "<script>alert('xss')</script>" in data["document"]["text"]


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_timeline_export_escapes_quotes_for_timelinejs(client):
    data = client.get(f"/people/{krol(client)}/timeline.json").json()
    text = data["events"][0]["text"]["text"]
    assert "<script>" not in text and "&lt;script&gt;" in text and "<img" not in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_search_never_fails_whatever_is_typed(client, q):
    response = client.get("/search.json", params={"q": q})
    assert response.status_code == 200
    assert response.json()["q"] == q


@pytest.mark.parametrize("q", ['"', "NEAR(a b)", "title:Volk", "Volk OR 1=1", "'; DROP TABLE documents; --",
                               "^Volk", "Vol*", "-Volk", "(((", "a AND", "*"])
def test_search_syntax_and_sql_in_queries_are_just_words(client, q):
    assert client.get("/search.json", params={"q": q}).status_code == 200
    assert client.get("/people.json", params={"name": q}).status_code == 200
    assert client.get("/documents.json").json()["pagination"]["total"] == 3  # nothing was dropped


def test_name_filter_treats_wildcards_literally(client):
    assert client.get("/people.json", params={"name": "%"}).json()["entities"] == []
    assert [p["name"] for p in client.get("/people.json", params={"name": "olk"}).json()["entities"]] == ["Irina Volk"]


def test_without_login_the_app_is_read_only(client):
    token = csrf_of(client)
    for path in ("/events/1/review", "/conflicts/1/resolve", "/identities/1/merge", "/identities/1/split"):
        response = client.post(path, data={"csrf_token": token, "decision": "rejected", "value": "P10D"})
        assert response.status_code == 403, path
    assert client.get("/audit.json").json()["entries"] == []


def test_post_without_or_with_a_wrong_csrf_token_is_refused(reviewer, writable):
    event = reviewer.get("/events.json").json()["events"][0]
    path = event["url"] + "/review"
    assert reviewer.post(path, data={"decision": "rejected"}).status_code == 403
    assert reviewer.post(path, data={"decision": "rejected", "csrf_token": "forged"}).status_code == 403
    other = TestClient(create_app(store=writable, secret_key="test-secret"))
    foreign = csrf_of(other)  # a valid token, but for another session
    assert reviewer.post(path, data={"decision": "rejected", "csrf_token": foreign}).status_code == 403
    assert reviewer.get("/audit.json").json()["entries"][0]["action"] == "add_user"


def test_login_rejects_wrong_password_and_needs_csrf(writable):
    c = TestClient(create_app(store=writable, secret_key="s"))
    assert login(c, REVIEWER[0], "wrong password").status_code == 401
    assert c.post("/login", data={"name": REVIEWER[0], "password": REVIEWER[1]}).status_code == 403
    response = login(c, *REVIEWER)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_a_forged_session_cookie_is_ignored(writable):
    c = TestClient(create_app(store=writable, secret_key="s"))
    c.cookies.set("chronicle_session", "eyJ1c2VyIjogInJpdGEifQ==.forged.signature")
    assert "Log in to review" in c.get("/").text


def test_login_redirect_stays_on_this_site(writable):
    c = TestClient(create_app(store=writable, secret_key="s"))
    token = csrf_of(c)
    response = c.post("/login", data={"name": REVIEWER[0], "password": REVIEWER[1], "csrf_token": token,
                                      "next": "//evil.example/phish"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_read_only_mode_refuses_login_and_review(writable):
    c = TestClient(create_app(store=writable, secret_key="s", read_only=True))
    assert "read-only" in c.get("/login").text
    response = c.post("/login", data={"name": REVIEWER[0], "password": REVIEWER[1]})
    assert response.status_code == 403 and "read-only" in response.text
    assert "Log in to review" not in c.get("/").text


@given(st.text(max_size=20))
def test_csv_cells_never_start_a_formula(value):
    cell = safe_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.endswith(value) or value == ""


def test_csv_download_neutralises_formulas(client):
    rows = client.get("/documents.csv").text
    assert "\n=" not in rows and ",=" not in rows


def test_no_template_turns_autoescaping_off():
    from pathlib import Path

    import chronicle.web

    for template in (Path(chronicle.web.__file__).parent / "templates").glob("*.html"):
        source = template.read_text()
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source, template.name

"""In a real browser: headless Debian chromium driven by Playwright.

The reviewer's path through the real reports (the shared seeds): open a
case file, see a conflict with both quotes, log in, resolve it, find it in
the audit log. And untrusted markup in a document never runs.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import shared_path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REVIEWER = ("browser-reviewer", "correct horse battery")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install -y chromium)"),
]


@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.dialogs = []
    page.errors = []

    def on_dialog(dialog):  # record, then dismiss, so a stray alert cannot block the test
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def serve(store):
    from chronicle.web.app import create_app
    from chronicle.web.server import running_server

    return running_server(create_app(store=store, secret_key="browser-test"))


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory, nlp):
    seeds = shared_path("seeds")
    from chronicle.service import Chronicle, review
    from chronicle.store.search import rebuild_search_index

    service = Chronicle.open(str(tmp_path_factory.mktemp("seeds") / "seeds.db"), nlp_loader=lambda: nlp)
    service.ingest([seeds])
    rebuild_search_index(service.store)
    review.add_user(service.store, *REVIEWER)
    yield service.store
    service.close()


def test_reviewer_resolves_the_sentence_conflict_in_a_case_file(seeds_store, page):
    with serve(seeds_store) as base:
        page.goto(base + "/people")
        page.get_by_role("link", name="Ainur Kurmanov").click()
        page.wait_for_url(re.compile(r".*/people/\d+$"))
        case_url = page.url
        case = page.request.get(case_url + ".json").json()
        conflict = next(c for c in case["conflicts"] if c["event_label"].startswith("sentence") and c["field"] == "term")
        quotes = {v["value"]: v["sources"][0]["evidence"].strip() for v in conflict["values"]}
        assert {"P14D", "P15D"} <= set(quotes)

        block = page.locator(f"section.conflict#{conflict['id']}")
        block.scroll_into_view_if_needed()
        assert block.is_visible()
        sides = block.locator(".side")
        assert sides.filter(has_text="14 days").count() == 1 and sides.filter(has_text="15 days").count() == 1
        for value, quote in quotes.items():
            side = sides.filter(has_text=f"{value} (")
            assert " ".join(quote.split())[:60] in " ".join(side.inner_text().split())  # each value with its quote
        assert block.locator("form").count() == 0  # not logged in: nothing to edit

        page.get_by_role("link", name="Log in to review").click()
        page.fill("input[name=name]", REVIEWER[0])
        page.fill("input[name=password]", REVIEWER[1])
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(case_url)
        assert page.locator(".flash").first.inner_text().startswith("Logged in as")

        block = page.locator(f"section.conflict#{conflict['id']}")
        block.locator("input[type=radio][value=P15D]").check()
        block.locator("input[name=reason]").fill("the court record gives fifteen days")
        block.get_by_role("button", name="Save decision").click()
        page.wait_for_url(case_url)
        resolved = page.locator(f"section.conflict#{conflict['id']} .resolution")
        assert "15 days" in resolved.inner_text() and REVIEWER[0] in resolved.inner_text()
        # The original values and their quotes are still shown under the decision.
        assert page.locator(f"section.conflict#{conflict['id']} .side").count() == len(conflict["values"])

        page.get_by_role("link", name="Audit log").click()
        row = page.locator("table.audit tbody tr").first
        text = row.inner_text()
        assert REVIEWER[0] in text and "resolve conflict" in text and "the court record gives fifteen days" in text
        assert "15 days" in text
        assert page.dialogs == [] and page.errors == []


def test_markup_in_a_document_never_runs(tmp_path, page):
    from tests.web.record_builder import build

    store = build(str(tmp_path / "fiction.db"))
    try:
        with serve(store) as base:
            page.goto(base + "/documents.json")
            nasty = next(d for d in page.request.get(base + "/documents.json").json()["documents"] if "script" in d["title"])
            for path in (nasty["url"], "/search?q=alert", "/documents", "/events"):
                page.goto(base + path)
                page.wait_for_load_state("load")
                assert page.locator("main script, main img, main svg, main iframe").count() == 0
                assert page.locator("main [onerror], main [onload], main [onmouseover]").count() == 0
                assert page.locator("main a[href^='javascript' i]").count() == 0
            page.goto(base + nasty["url"])
            text = page.locator(".doctext").inner_text()
            assert "<script>alert('xss')</script>" in text and "<img src=x onerror=alert(1)>" in text
            page.locator(".doctext").get_by_text("click here", exact=False).first.hover()
            for link in page.locator(".doctext a").all():
                link.hover()
            assert page.dialogs == [], page.dialogs
            assert page.evaluate("() => document.title").startswith("<script>")  # the title is text too
            page.evaluate("() => alert('control')")  # the detector itself works
            assert page.dialogs == ["control"]
    finally:
        store.close()

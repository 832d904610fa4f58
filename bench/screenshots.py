"""Screenshots of the main pages, for docs/screenshots/.

Builds a store from our fictional sample corpus (samples/, never the shared
third-party reports), makes a reviewer, resolves the sample's planted
conflict, and photographs the pages in headless Chromium.

    .venv/bin/python bench/screenshots.py [--db demo.db] [--out docs/screenshots]

Needs Debian's chromium at /usr/bin/chromium (Playwright drives it; nothing
is downloaded).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build_store(db: Path) -> None:
    from chronicle.service import Chronicle
    from chronicle.store.search import rebuild_search_index

    service = Chronicle.open(str(db))
    try:
        service.ingest([REPO / "samples"])
        rebuild_search_index(service.store)
    finally:
        service.close()


def prepare_reviews(db: Path) -> dict:
    """A reviewer, and one resolved conflict so the audit log has an entry."""
    from chronicle.service import review
    from chronicle.service.browse import Browser, Paging
    from chronicle.store import Store
    from chronicle.store.queries import EventFilters
    from chronicle.store.review import user_names

    store = Store.open(str(db))
    try:
        if "demo-reviewer" not in user_names(store):
            review.add_user(store, "demo-reviewer", "demo-password-1")
        browser = Browser(store)
        conflicts = browser.conflicts(Paging(1, 50))["conflicts"]
        person = browser.entities("person", Paging(1, 1), by_events=True)["entities"][0]
        if conflicts and conflicts[0]["resolution"] is None:
            values = conflicts[0]["values"]
            review.resolve_conflict(store, conflicts[0]["conflict_id"], values[0]["value"], author="demo-reviewer",
                                    reason="the court's written decision gives this term")
        event = browser.events(EventFilters(), Paging(1, 1))["events"][0]
        document = browser.documents(Paging(1, 1))["documents"][0]
        return {"person": person["url"], "event": event["url"], "document": document["url"]}
    finally:
        store.close()


def shoot(db: Path, out: Path, targets: dict) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from chronicle.web.app import create_app
    from chronicle.web.server import running_server

    pages = [
        ("overview", "/"),
        ("people", "/people?order=events"),
        ("case-file", targets["person"]),
        ("events", "/events"),
        ("event", targets["event"]),
        ("document", targets["document"]),
        ("conflicts", "/conflicts"),
        ("search", "/search?q=hunger+strike"),
        ("audit", "/audit"),
    ]
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with running_server(create_app(str(db), secret_key="screenshots")) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in pages:
            page.goto(base + path)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=name not in ("document", "events", "case-file"))
            saved.append(target)
        # The case file's conflicts once more, logged in, to show the review form.
        page.goto(base + "/login?next=" + targets["person"])
        page.fill("input[name=name]", "demo-reviewer")
        page.fill("input[name=password]", "demo-password-1")
        page.click("form.login button")
        page.wait_for_url("**" + targets["person"])
        target = out / "conflict-review.png"
        page.locator("#conflicts").screenshot(path=str(target))
        saved.append(target)
        browser.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store to show (built from samples/ if the file does not exist)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "samples.db"
        if not db.exists():
            build_store(db)
        targets = prepare_reviews(db)
        for path in shoot(db, args.out, targets):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

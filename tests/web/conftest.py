"""Fixtures for the web tests: a hand-written record, the app, a reviewer."""
from __future__ import annotations

import re
import warnings

import pytest

from chronicle.service import review
from tests.web.record_builder import build

warnings.filterwarnings("ignore", message=".*httpx2.*")

from fastapi.testclient import TestClient  # noqa: E402

from chronicle.web.app import create_app  # noqa: E402

REVIEWER = ("rita", "a long enough password")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def fiction(db_url):
    """The fictional record in a fresh SQLite or PostgreSQL database."""
    store = build(db_url)
    yield store
    store.close()


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    """One SQLite record for read-only tests (nothing may write to it)."""
    store = build(str(tmp_path_factory.mktemp("web") / "fiction.db"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(shared_store):
    return TestClient(create_app(store=shared_store, secret_key="test-secret"))


@pytest.fixture
def writable(tmp_path):
    store = build(str(tmp_path / "fiction.db"))
    review.add_user(store, *REVIEWER)
    yield store
    store.close()


@pytest.fixture
def reviewer(writable):
    """A client logged in as a reviewer, on a store the test may change."""
    c = TestClient(create_app(store=writable, secret_key="test-secret"))
    login(c, *REVIEWER)
    return c


def csrf_of(client: TestClient, path: str = "/login") -> str:
    return CSRF.search(client.get(path).text).group(1)


def login(client: TestClient, name: str, password: str):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
                       follow_redirects=False)

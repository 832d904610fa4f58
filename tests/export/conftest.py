from __future__ import annotations

import pytest

from tests.web.record_builder import build


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = build(str(tmp_path_factory.mktemp("export") / "fiction.db"))
    yield s
    s.close()


@pytest.fixture
def fresh(tmp_path):
    s = build(str(tmp_path / "fiction.db"))
    yield s
    s.close()

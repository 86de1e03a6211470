"""Fixtures: one fake Zoom per test module (served by uvicorn on 127.0.0.1), reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .fake_zoom import FakeZoom, running_fake_zoom


@pytest.fixture(scope="module")
def fake_zoom_server() -> Iterator[FakeZoom]:
    with running_fake_zoom() as fake:
        yield fake


@pytest.fixture
def fake_zoom(fake_zoom_server: FakeZoom) -> FakeZoom:
    fake_zoom_server.reset()
    return fake_zoom_server

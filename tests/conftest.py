"""Project-wide test defaults.

Async tests run on asyncio (the backend zoom-mcp serves on). AnyIO's own default runs every installed
backend, and trio is installed as a dependency of selenium (the browser test): without this fixture,
tests written for asyncio would also run, and fail, on trio.
"""

import pytest


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"

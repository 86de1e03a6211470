"""File arguments: inline bytes on every transport; a path only over stdio and only inside --upload-dir.

The real server is driven by the SDK's real Client (in memory, over stdio as a subprocess, over HTTP) and
talks over real HTTP to a Zoom stand-in that keeps the exact bytes of each upload.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

from zoom_mcp.policy import CallerPolicy
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.uploads import UploadRefused, UploadSettings, path_refusal, resolve_uploads
from zoom_mcp.transports.http import running_http_server
from zoom_mcp.transports.settings import HttpSettings
from zoom_mcp.zoom_client import ZoomSettings

from .capture_zoom import CaptureZoom, capturing_zoom
from .harness import ERAS

pytestmark = pytest.mark.anyio

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
WEBINAR = "94512345001"
FILE_ARGUMENTS = {"file": {"in": "body", "format": "binary", "maxBytes": 2048}}
ZOOM_VARIABLES = ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_ACCESS_TOKEN", "ZOOM_API_BASE_URL")


def inline(content: bytes, filename: str = "wall.png", media_type: str = "image/png") -> dict[str, str]:
    return {"content_base64": base64.b64encode(content).decode(), "filename": filename, "media_type": media_type}


def text_of(result: Any) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


@pytest.fixture(scope="module")
def capture() -> Iterator[CaptureZoom]:
    with capturing_zoom() as running:
        yield running


@pytest.fixture
def zoom(capture: CaptureZoom) -> CaptureZoom:
    capture.clear()
    return capture


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """An upload directory with a file, a sub-directory, links in and out, and a secret outside it."""
    uploads = tmp_path / "uploads"
    (uploads / "sub").mkdir(parents=True)
    (uploads / "wall.png").write_bytes(PNG)
    (uploads / "sub" / "inner.png").write_bytes(PNG[:100])
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.key"
    secret.write_text("-----BEGIN PRIVATE KEY-----\n")
    (uploads / "link-out.png").symlink_to(secret)
    (uploads / "link-in.png").symlink_to(uploads / "sub" / "inner.png")
    (uploads / "dangling.png").symlink_to(tmp_path / "missing.png")
    (uploads / "dir-link").symlink_to(outside, target_is_directory=True)
    os.mkfifo(uploads / "pipe.png")
    return {"uploads": uploads, "secret": secret, "outside": outside}


# ----- resolution on a real file system --------------------------------------------------------------------


def test_paths_inside_the_upload_dir_are_read_with_links_resolved(layout: dict[str, Path]) -> None:
    settings = UploadSettings.for_stdio(layout["uploads"])
    read = resolve_uploads({"file": "wall.png"}, FILE_ARGUMENTS, settings, over_http=False)["file"]
    assert (read.filename, read.content, read.media_type) == ("wall.png", PNG, "image/png")
    absolute = resolve_uploads(
        {"file": str(layout["uploads"] / "sub/inner.png")}, FILE_ARGUMENTS, settings, over_http=False
    )
    assert absolute["file"].content == PNG[:100]
    linked = resolve_uploads({"file": "link-in.png"}, FILE_ARGUMENTS, settings, over_http=False)["file"]
    assert linked.content == PNG[:100] and linked.filename == "inner.png"


@pytest.mark.parametrize(
    "value",
    [
        "missing.png",  # does not exist
        "../outside/secret.key",  # exists, outside
        "../outside/nope.key",  # does not exist, outside
        "{outside}/secret.key",  # absolute, exists, outside
        "{outside}/nope.key",  # absolute, does not exist
        "link-out.png",  # a link inside pointing outside
        "dir-link/secret.key",  # through a linked directory
        "dangling.png",  # a link to nothing
        "sub",  # a directory
        ".",  # the directory itself
        "pipe.png",  # not a regular file (and must not hang)
        "/proc/self/environ",
        "",
    ],
)
def test_every_refused_path_gets_the_same_answer(layout: dict[str, Path], value: str) -> None:
    settings = UploadSettings.for_stdio(layout["uploads"])
    with pytest.raises(UploadRefused) as refused:
        resolve_uploads({"file": value.format(outside=layout["outside"])}, FILE_ARGUMENTS, settings, over_http=False)
    assert str(refused.value) == path_refusal("file")
    assert "secret" not in str(refused.value) and str(layout["outside"]) not in str(refused.value)


@pytest.mark.parametrize(
    "settings", [UploadSettings(), UploadSettings.for_stdio(None)], ids=["not-stdio", "stdio-without-upload-dir"]
)
def test_without_an_upload_dir_no_path_is_read(layout: dict[str, Path], settings: UploadSettings) -> None:
    for value in (str(layout["uploads"] / "wall.png"), str(layout["secret"]), "/nonexistent/file"):
        with pytest.raises(UploadRefused) as refused:
            resolve_uploads({"file": value}, FILE_ARGUMENTS, settings, over_http=False)
        assert str(refused.value) == path_refusal("file")


def test_over_http_no_path_is_read_even_with_an_upload_dir(layout: dict[str, Path]) -> None:
    settings = UploadSettings.for_stdio(layout["uploads"])
    with pytest.raises(UploadRefused) as refused:
        resolve_uploads({"file": "wall.png"}, FILE_ARGUMENTS, settings, over_http=True)
    assert str(refused.value) == path_refusal("file")


def test_inline_content_is_decoded_and_capped(layout: dict[str, Path]) -> None:
    ok = resolve_uploads({"file": inline(b"\1" * 2048)}, FILE_ARGUMENTS, UploadSettings(), over_http=True)
    assert ok["file"].content == b"\1" * 2048
    wrapped = dict(inline(PNG[:300]))
    wrapped["content_base64"] = "\n".join(wrapped["content_base64"][i : i + 76] for i in range(0, 400, 76))
    assert (
        resolve_uploads({"file": wrapped}, FILE_ARGUMENTS, UploadSettings(), over_http=True)["file"].content
        == PNG[:300]
    )
    problems = {
        "too large": (inline(b"\1" * 2049), "2049 bytes; Zoom accepts at most 2048 bytes"),
        "bad base64": ({**inline(b"x"), "content_base64": "not base64!"}, "not valid base64"),
        "directory in name": (inline(b"x", filename="../../etc/passwd"), "plain file name"),
        "bad media type": (inline(b"x", media_type="png"), "type/subtype"),
    }
    for label, (value, phrase) in problems.items():
        with pytest.raises(UploadRefused, match=phrase) as refused:
            resolve_uploads({"file": value}, FILE_ARGUMENTS, UploadSettings(), over_http=True)
        assert "nothing was sent to zoom" in str(refused.value).lower(), label


def test_the_upload_dir_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not an existing directory"):
        UploadSettings.for_stdio(tmp_path / "nope")


# ----- through the real server ----------------------------------------------------------------------------


@asynccontextmanager
async def served(zoom: CaptureZoom, era: str, uploads: UploadSettings) -> AsyncIterator[Client]:
    options = RuntimeOptions(
        zoom=ZoomSettings.from_env({**zoom.environment(), "ZOOM_RATE_PLAN": "off"}),
        policy=CallerPolicy(name="test"),
        default_account_id="capture",
        uploads=uploads,
    )
    async with (
        open_runtime(options) as runtime,
        Client(build_server(runtime), mode="legacy" if era == "legacy" else "auto") as client,
    ):
        yield client


@pytest.mark.parametrize("era", ERAS)
async def test_inline_upload_reaches_zoom_byte_for_byte(zoom: CaptureZoom, era: str) -> None:
    async with served(zoom, era, UploadSettings()) as client:
        result = await client.call_tool("webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": inline(PNG)})
        assert not result.is_error, text_of(result)
        assert result.structured_content is not None and result.structured_content["size"] == len(PNG)
        too_big = await client.call_tool(
            "webinar_virtual_background_upload",
            {"webinarId": WEBINAR, "file": inline(b"\0" * 15_000_001, filename="big.png")},
        )
    assert too_big.is_error and "file.content_base64: must be at most 20000000 characters" in text_of(too_big)
    assert len(text_of(too_big)) < 1000  # the oversized value is never echoed back
    assert [(u.path, u.field, u.filename, u.media_type, u.content) for u in zoom.uploads] == [
        (f"/v2/accounts/capture/webinars/{WEBINAR}/branding/wallpaper", "file", "wall.png", "image/png", PNG)
    ]


@pytest.mark.parametrize("era", ERAS)
async def test_a_path_is_refused_the_same_way_whether_or_not_the_file_exists(
    zoom: CaptureZoom, era: str, layout: dict[str, Path]
) -> None:
    async with served(zoom, era, UploadSettings()) as client:
        answers = [
            await client.call_tool("webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": value})
            for value in (str(layout["secret"]), str(layout["outside"] / "nope.key"), "/proc/self/environ")
        ]
    assert all(a.is_error for a in answers)
    assert {text_of(a) for a in answers} == {path_refusal("file")}
    assert zoom.uploads == [] and zoom.requests == []


def stdio_params(zoom: CaptureZoom, *args: str) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if k not in ZOOM_VARIABLES and k != "ZOOM_MCP_UPLOAD_DIR"}
    env.update({**zoom.environment(), "ZOOM_RATE_PLAN": "off"})
    return StdioServerParameters(
        command=sys.executable, args=["-m", "zoom_mcp", "serve", "--tools", "webinar_wallpaper_upload", *args], env=env
    )


@pytest.mark.parametrize("era", ERAS)
async def test_over_stdio_a_path_inside_the_upload_dir_is_sent(
    zoom: CaptureZoom, era: str, layout: dict[str, Path]
) -> None:
    params = stdio_params(zoom, "--upload-dir", str(layout["uploads"]))
    async with Client(params, mode="legacy" if era == "legacy" else "auto") as client:  # type: ignore[arg-type]
        sent = await client.call_tool("webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": "wall.png"})
        assert not sent.is_error, text_of(sent)
        refused = [
            await client.call_tool("webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": value})
            for value in ("link-out.png", "../outside/secret.key", "../outside/nope.key", "sub", str(layout["secret"]))
        ]
    assert {text_of(r) for r in refused} == {path_refusal("file")}
    assert [(u.filename, u.content) for u in zoom.uploads] == [("wall.png", PNG)]


async def test_over_stdio_without_an_upload_dir_paths_are_refused(zoom: CaptureZoom, layout: dict[str, Path]) -> None:
    async with Client(stdio_params(zoom), mode="legacy") as client:  # type: ignore[arg-type]
        answer = await client.call_tool(
            "webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": str(layout["uploads"] / "wall.png")}
        )
        inline_ok = await client.call_tool("webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": inline(PNG)})
    assert answer.is_error and text_of(answer) == path_refusal("file")
    assert not inline_ok.is_error
    assert [u.content for u in zoom.uploads] == [PNG]


@pytest.mark.parametrize("era", ERAS)
async def test_the_hosted_endpoint_never_reads_a_path(zoom: CaptureZoom, era: str, layout: dict[str, Path]) -> None:
    # even a runtime wrongly configured with an upload directory reads nothing for an HTTP request
    options = RuntimeOptions(
        zoom=ZoomSettings.from_env({**zoom.environment(), "ZOOM_RATE_PLAN": "off"}),
        policy=CallerPolicy(name="test"),
        default_account_id="capture",
        uploads=UploadSettings.for_stdio(layout["uploads"]),
    )
    async with open_runtime(options) as runtime:
        server = build_server(runtime)
        async with (
            running_http_server(
                server, HttpSettings(port=0), metrics=runtime.metrics, default_caller=runtime.default_caller
            ) as http,
            Client(http.mcp_url, mode="legacy" if era == "legacy" else "auto") as client,
        ):
            by_path = await client.call_tool("webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": "wall.png"})
            by_value = await client.call_tool(
                "webinar_wallpaper_upload", {"webinarId": WEBINAR, "file": inline(PNG[:64])}
            )
    assert by_path.is_error and text_of(by_path) == path_refusal("file")
    assert not by_value.is_error, text_of(by_value)
    assert [u.content for u in zoom.uploads] == [PNG[:64]]


def test_serve_over_http_refuses_an_upload_dir(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ZOOM_VARIABLES}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "zoom_mcp",
            "serve",
            "--transport",
            "http",
            "--port",
            "0",
            "--upload-dir",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--upload-dir applies to stdio only" in done.stderr and "never reads local files" in done.stderr

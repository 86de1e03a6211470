"""The downloader against real loopback HTTP servers: allow-list, redirects, https rule, size cap, progress."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.resources.loopback import serve
from zoom_mcp.resources.downloads import DEFAULT_ALLOWED_HOSTS, Downloader, HostRule, allowed_hosts_for
from zoom_mcp.resources.errors import DownloadError

pytestmark = pytest.mark.anyio
TOKEN = "secret-zoom-token"
BODY = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: hi\n"


def file_app(elsewhere: str = "") -> Starlette:
    async def file(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return PlainTextResponse("no", status_code=401)
        return Response(BODY, media_type="text/vtt")

    async def redirect_same(request: Request) -> Response:
        return RedirectResponse("/file?access_token=abc", status_code=302)

    async def redirect_away(request: Request) -> Response:
        return RedirectResponse(f"{elsewhere}/file", status_code=307)

    async def loop(request: Request) -> Response:
        return RedirectResponse("/loop", status_code=301)

    async def big(request: Request) -> Response:
        return Response(b"x" * 5000)

    async def chunked(request: Request) -> Response:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(10):
                yield b"y" * 1000

        return StreamingResponse(chunks())

    async def gone(request: Request) -> Response:
        return PlainTextResponse("gone", status_code=404)

    routes = [
        Route("/file", file),
        Route("/redirect-same", redirect_same),
        Route("/redirect-away", redirect_away),
        Route("/loop", loop),
        Route("/big", big),
        Route("/chunked", chunked),
        Route("/gone", gone),
    ]
    return Starlette(routes=routes)


async def test_download_with_bearer_to_allowed_loopback_host_and_progress() -> None:
    async with serve(file_app()) as site, httpx2.AsyncClient() as http:
        downloader = Downloader(http, [*DEFAULT_ALLOWED_HOSTS, site.host_port])
        seen: list[tuple[int, int | None]] = []

        async def progress(done: int, total: int | None) -> None:
            seen.append((done, total))

        result = await downloader.download(f"{site.root}/file", token=TOKEN, progress=progress)
    assert result.content == BODY and str(result.content_type).startswith("text/vtt")
    assert result.text().startswith("WEBVTT")
    assert seen[0] == (0, len(BODY)) and seen[-1] == (len(BODY), len(BODY))
    assert site.seen == [("/file", f"Bearer {TOKEN}")]


async def test_redirect_within_allowed_hosts_is_followed_and_url_shown_without_query() -> None:
    async with serve(file_app()) as site, httpx2.AsyncClient() as http:
        downloader = Downloader(http, [site.host_port])
        result = await downloader.download(f"{site.root}/redirect-same", token=TOKEN)
    assert result.content == BODY
    assert result.url == f"{site.root}/file"
    assert [path for path, _ in site.seen] == ["/redirect-same", "/file"]


async def test_redirect_to_a_host_off_the_list_is_refused_and_never_contacted() -> None:
    async with (
        serve(file_app()) as other,
        httpx2.AsyncClient() as http,
        serve(file_app(elsewhere=other.root)) as site,
    ):
        downloader = Downloader(http, [site.host_port])
        with pytest.raises(DownloadError) as caught:
            await downloader.download(f"{site.root}/redirect-away", token=TOKEN)
    assert "Redirect refused" in str(caught.value) and "not on the allowed download hosts" in str(caught.value)
    assert other.seen == []  # neither the token nor any request reached the other host
    assert site.seen == [("/redirect-away", f"Bearer {TOKEN}")]


async def test_first_url_off_the_list_is_refused_before_any_request() -> None:
    async with serve(file_app()) as site, httpx2.AsyncClient() as http:
        downloader = Downloader(http)  # default list: Zoom hosts only
        with pytest.raises(DownloadError, match=r"host 127\.0\.0\.1 is not on the allowed download hosts"):
            await downloader.download(f"{site.root}/file?access_token=leak", token=TOKEN)
    assert site.seen == []


async def test_https_is_required_except_for_allowed_loopback_hosts() -> None:
    async with httpx2.AsyncClient() as http:
        downloader = Downloader(http)
        with pytest.raises(DownloadError, match="plain http"):
            await downloader.download("http://files.zoom.us/rec/download/x", token=TOKEN)
        for url in ("ftp://zoom.us/x", "/relative/path", "https://zoom.us.evil.example/x", "https://evilzoom.us/x"):
            with pytest.raises(DownloadError):
                downloader.check_url(url)
        assert downloader.check_url("https://ssrweb.zoom.us/file").host == "ssrweb.zoom.us"
        assert downloader.check_url("https://zoom.us/file").host == "zoom.us"
        assert downloader.check_url("https://us06web.zoom.com/file").host == "us06web.zoom.com"


async def test_size_cap_from_content_length_and_while_streaming() -> None:
    async with serve(file_app()) as site, httpx2.AsyncClient() as http:
        downloader = Downloader(http, [site.host_port], max_bytes=4096)
        with pytest.raises(DownloadError, match=r"\(5000 bytes\) is larger than the download limit of 4096"):
            await downloader.download(f"{site.root}/big", token=TOKEN)
        with pytest.raises(DownloadError, match="larger than the download limit of 4096"):
            await downloader.download(f"{site.root}/chunked", token=TOKEN)
        assert len((await downloader.download(f"{site.root}/chunked", token=TOKEN, max_bytes=10_000)).content) == 10_000


async def test_http_errors_and_redirect_loops_say_what_to_do() -> None:
    async with serve(file_app()) as site, httpx2.AsyncClient() as http:
        downloader = Downloader(http, [site.host_port], max_redirects=3)
        with pytest.raises(DownloadError, match=r"HTTP 401\. Zoom refused the credentials"):
            await downloader.download(f"{site.root}/file", token="wrong")
        with pytest.raises(DownloadError, match=r"HTTP 404\. The file no longer exists"):
            await downloader.download(f"{site.root}/gone", token=TOKEN)
        with pytest.raises(DownloadError, match="more than 3 redirects"):
            await downloader.download(f"{site.root}/loop", token=TOKEN)
    assert TOKEN not in repr(site.seen[-1][0])


async def test_connection_failure_is_a_download_error() -> None:
    async with httpx2.AsyncClient() as http:
        downloader = Downloader(http, ["127.0.0.1:9"])
        with pytest.raises(DownloadError, match="failed \\(ConnectError\\)"):
            await downloader.download("http://127.0.0.1:9/file", token=TOKEN)


def test_host_rules_and_sandbox_extension() -> None:
    assert HostRule.parse("*.zoom.us").matches("a.b.zoom.us", 443)
    assert not HostRule.parse("*.zoom.us").matches("zoom.us", 443)
    assert HostRule.parse("127.0.0.1:8080").matches("127.0.0.1", 8080)
    assert not HostRule.parse("127.0.0.1:8080").matches("127.0.0.1", 8081)
    assert HostRule.parse("[::1]:81") == HostRule("::1", 81)
    assert allowed_hosts_for("http://127.0.0.1:5555/v2")[-1] == "127.0.0.1:5555"
    assert allowed_hosts_for("https://api.zoom.us/v2") == DEFAULT_ALLOWED_HOSTS
    assert allowed_hosts_for(None, ["files.example.com"])[-1] == "files.example.com"

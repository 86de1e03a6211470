"""A real `redis-server` process for tests and benchmarks: a free loopback port, a temporary directory.

`RedisServer(directory).start()` runs Debian's `redis-server` (installed by `.ci/run` when missing) on
127.0.0.1 with persistence off (or `appendonly=True`), and waits until it answers PING. `stop()` ends it
(SIGTERM), `kill()` (SIGKILL) as a crash would, `start()` again reuses the same port, so clients can
reconnect to the same URL. No pytest dependency: benchmarks use it too.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

INSTALL_HINT = (
    "redis-server is not installed: `apt-get install -y redis-server` (Debian package; .ci/run installs it "
    "when missing)"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def redis_server_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None and Path("/usr/bin/redis-server").exists():  # /usr/bin may be off PATH
        binary = "/usr/bin/redis-server"
    if binary is None:
        raise RuntimeError(INSTALL_HINT)
    return binary


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One redis-server process (see the module docstring)."""

    def __init__(self, directory: Path, *, appendonly: bool = False) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.appendonly = appendonly
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        assert self.port is not None, "start() the server first"
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 15.0) -> RedisServer:
        keep_port = self.port is not None
        for _attempt in range(5):
            port = self.port if keep_port and self.port is not None else free_port()
            command = [
                redis_server_binary(),
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--save", "",
                "--appendonly", "yes" if self.appendonly else "no",
                "--appendfsync", "always",
                "--daemonize", "no",
                "--loglevel", "warning",
                "--logfile", str(self.directory / "redis.log"),
            ]  # fmt: skip
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and process.poll() is None:
                if _answers_ping(port):
                    self.port, self.process = port, process
                    return self
                time.sleep(0.02)
            if process.poll() is None:
                process.kill()
            process.wait()
            if not keep_port:
                continue  # the port was probably taken meanwhile: try another
            time.sleep(0.2)  # same port wanted (restart): give the old socket a moment
        log = self.directory / "redis.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"redis-server did not start on 127.0.0.1:{self.port}:\n{detail}")

    def stop(self) -> None:
        """SIGTERM and wait (Redis writes its append-only file, if any, first)."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        self._end(signal.SIGKILL)

    def _end(self, sig: int) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

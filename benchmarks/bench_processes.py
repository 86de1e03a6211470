"""Processes the load benchmarks measure: CPU and peak memory of a process tree, and `zoom-mcp sandbox` as its own
process (used by load_http.py and load_replicas.py; Linux /proc)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc), so that worker processes are measured too."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    return tree


def peak_rss_mib(pid: int) -> float:
    """Sum of the peak resident memory (VmHWM) of `pid` and its descendants, in MiB."""
    total = 0.0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total or float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` and its descendants so far (Linux /proc), or NaN."""
    total, found = 0.0, False
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            found = True
        except (OSError, ValueError, IndexError):
            continue
    return total if found else float("nan")


def context_switches(pid: int) -> int:
    """Voluntary + involuntary context switches of every thread of `pid` and its descendants so far (Linux)."""
    total = 0
    for member in process_tree(pid):
        try:
            threads = os.listdir(f"/proc/{member}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{member}/task/{thread}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                            total += int(line.split()[1])
            except (OSError, ValueError):
                continue
    return total


SANDBOX_VARIABLE = re.compile(r"^\s*(ZOOM_[A-Z_]+)=(\S+)")


def read_sandbox_variables(stream: IO[str], timeout: float = 30.0) -> dict[str, str]:
    """The ZOOM_* settings `zoom-mcp sandbox` prints on stderr (up to its "Press Ctrl+C" line)."""
    variables: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    for line in stream:
        match = SANDBOX_VARIABLE.match(line)
        if match and not line.lstrip().startswith("or "):
            variables[match.group(1)] = match.group(2)
        if line.startswith("Press Ctrl+C") or time.monotonic() > deadline:
            break
    missing = {"ZOOM_API_BASE_URL", "ZOOM_OAUTH_URL", "ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"}
    missing -= set(variables)
    if missing:
        raise RuntimeError(f"`zoom-mcp sandbox` did not print {', '.join(sorted(missing))}; is zoom-mcp installed?")
    return variables


@dataclass
class SandboxProcess:
    """`zoom-mcp sandbox` running as its own process, and the environment that points a server at it."""

    process: subprocess.Popen[str]
    variables: dict[str, str]

    def server_environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("ZOOM_")}
        env.update(self.variables)
        env["ZOOM_RATE_PLAN"] = "off"  # the sandbox enforces its own limits; measure the server, not our pacing
        return env


@contextmanager
def sandbox_process() -> Iterator[SandboxProcess]:
    """Start `zoom-mcp sandbox --port 0 --account-type master` (the account the published figures were measured
    on) and stop it when the block ends."""
    argv = [sys.executable, "-m", "zoom_mcp", "sandbox", "--port", "0", "--account-type", "master"]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        variables = read_sandbox_variables(process.stderr)
        # keep reading its stderr so that a chatty sandbox never blocks on a full pipe
        threading.Thread(target=process.stderr.read, daemon=True).start()
        yield SandboxProcess(process, variables)
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

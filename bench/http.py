"""Over HTTP: the gateway (`zgw-gateway serve`) and the baseline app each in their own uvicorn
process pinned to one core, `wrk` pinned to the other core; server CPU and peak RSS from /proc."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
WRK_LUA = Path(__file__).resolve().parent / "wrk.lua"
SERVER_CPU = "0"
LOADGEN_CPU = "1"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def _env(extra: dict[str, str], root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZGW_GATEWAY_")}
    env.update(PYTHONPATH=str(root), PYTHONUNBUFFERED="1", **extra)
    return env


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _start(
    name: str, command: list[str], env: dict[str, str], port: int, health: str, root: Path = ROOT
) -> Server:
    log = Path(tempfile.gettempdir()) / f"zgw-bench-{name}-{port}.log"
    handle = log.open("wb")
    process = subprocess.Popen(
        ["taskset", "-c", SERVER_CPU, *command],
        cwd=root,
        env=_env(env, root),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(server.url + health, timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not come up: {log.read_text()[-2000:]}")


def start_gateway(
    database_url: str, port: int, gateway_env: dict[str, str], root: Path = ROOT
) -> Server:
    """The gateway as `make bench` serves it; `root`: the source tree it runs from."""
    env = {
        "ZGW_GATEWAY_DATABASE_URL": database_url,
        "ZGW_GATEWAY_GRAPHIQL": "false",
        "ZGW_GATEWAY_LOG_LEVEL": "WARNING",
        "ZGW_GATEWAY_PORT": str(port),
        **gateway_env,
    }
    command = [sys.executable, "-m", "gateway.cli", "serve", "--workers", "1"]
    return _start("gateway", command, env, port, "/healthz", root)


def start_baseline(database_url: str, port: int, bench_env: dict[str, str]) -> Server:
    env = {"BENCH_DATABASE_URL": database_url, **bench_env}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "bench.baseline_app:create_app",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--workers",
        "1",
    ]
    return _start("baseline", command, env, port, "/ping")


def wrk(
    url: str,
    bodies: list[bytes],
    token: str,
    *,
    seconds: float,
    connections: int,
    server: Server | None = None,
    template: tuple[bytes, str] | None = None,
) -> dict[str, Any]:
    """One wrk run; with `server`, also its CPU use (fraction of one core) and peak RSS.
    With `template` (a body with `@@SLEUTEL@@`, its Content-Type) instead of `bodies`: every
    request gets its own idempotency key (a fresh run prefix and a counter, in bench/wrk.lua)."""
    extra: list[str] = []
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
        if template is None:
            f.write(b"\n".join(bodies) + b"\n")
        else:
            f.write(template[0])
            extra = [template[1], uuid.uuid4().hex[:16]]
        path = f.name
    command = [
        "taskset",
        "-c",
        LOADGEN_CPU,
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_LUA),
        url,
        "--",
        path,
        token,
        *extra,
    ]
    cpu0 = server.cpu_seconds() if server is not None else 0.0
    wall0 = time.monotonic()
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    wall = time.monotonic() - wall0
    Path(path).unlink()
    line = [x for x in out.stdout.splitlines() if x.startswith("{")][-1]
    figures: dict[str, Any] = json.loads(line)
    if figures["requests"] == 0:  # e.g. a 1 s quick run on a machine busy with other work
        raise RuntimeError(f"{url}: no request completed in {seconds} s")
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    errors = sum(figures[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    figures["errors"] = (
        errors + figures["status_errors"] + figures["graphql_errors"] + figures["replays"]
    )
    if figures["errors"] > 0.01 * max(1, figures["requests"]):
        kinds = ("connect_errors", "read_errors", "write_errors", "timeouts", "status_errors")
        detail = ", ".join(f"{k} {figures[k]}" for k in (*kinds, "graphql_errors", "replays"))
        raise RuntimeError(
            f"{url}: {figures['errors']} of {figures['requests']} requests failed ({detail})"
        )
    if server is not None:
        figures["server_cpu"] = (server.cpu_seconds() - cpu0) / wall
        figures["server_peak_rss_mb"] = server.peak_rss_mb()
    return figures


def post(url: str, body: bytes, token: str) -> bytes:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    response = httpx.post(url, content=body, headers=headers, timeout=30)
    response.raise_for_status()
    return response.content

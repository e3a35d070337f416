"""Fan-out benchmark: WebSocket subscribers held by one gateway process, memory per subscriber,
and event-to-client latency (p50/p99) at 100, 1,000 and 10,000 subscribers -- and the server's
CPU time per event (user + system, warm-up included), which other load on the machine hardly
changes.

Self-contained: seeds the demo data into a temporary SQLite file, starts `zgw-gateway serve` as
a subprocess, and holds the subscribers in separate worker processes (this file, `--worker`),
so the server's figures are its own. Every subscriber runs the same dashboard subscription as a
behandelaar, so each event goes to all of them: the broadcast worst case. Scenario `zaak`
(default) resolves the zaak, personal data, so every delivery also writes an audit record;
scenario `notificatie` selects only the notification's own fields. Events are posted to the webhook
one at a time; the next goes out when every subscriber has the previous one. Latency = the
monotonic clock (shared by the processes of one machine) at receipt minus just before the POST.

    python -m bench.fanout                       # 100, 1000, 10000 subscribers; JSON on stdout
    python -m bench.fanout --counts 100,1000 --events 10 --scenario notificatie --json out.json

`run(counts, events)` returns the same figures as a dict (for the bench harness).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECRET = "fanout-bench-dev-secret-0123456789"  # noqa: S105 - a throwaway dev secret
AUTH = "Bearer fanout-bench-webhook"
BASE_URL = "http://gateway.bench"
#: the dashboard subscription of every subscriber: "zaak" resolves the zaak (personal data:
#: one audit record per subscriber per event), "notificatie" only the notification fields
QUERIES = {
    "zaak": 'subscription { notificaties(kanalen: ["zaken"]) '
    "{ id resourceUrl zaak { identificatie } } }",
    "notificatie": 'subscription { notificaties(kanalen: ["zaken"]) { id resourceUrl } }',
}
WORKERS = 2


def _raise_nofile() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used: unlike latency, hardly affected by
    other load on the machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# --- worker: holds subscribers -------------------------------------------------------------


async def _worker(url: str, token: str, query: str) -> None:
    import websockets

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    received: dict[str, list[int]] = {}  # event marker -> receive times (ns)
    waiting: dict[str, asyncio.Event] = {}
    connections: list[Any] = []
    tasks: list[asyncio.Task[None]] = []

    def say(message: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    async def subscriber() -> None:
        ws = await websockets.connect(url, subprotocols=["graphql-transport-ws"], compression=None)  # type: ignore[list-item]
        connections.append(ws)
        await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
        ack = json.loads(await ws.recv())
        assert ack["type"] == "connection_ack", ack
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        tasks.append(asyncio.create_task(read(ws)))

    async def read(ws: Any) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in ws:
                now = time.monotonic_ns()
                message = json.loads(raw)
                if message.get("type") != "next":
                    continue
                data = message["payload"].get("data") or {}
                marker = data["notificaties"]["resourceUrl"].rsplit("/", 1)[-1]
                times = received.setdefault(marker, [])
                times.append(now)
                if len(times) == len(connections) and marker in waiting:
                    waiting[marker].set()

    while True:
        line = await reader.readline()
        if not line:
            break
        command = json.loads(line)
        if command["cmd"] == "connect":
            semaphore = asyncio.Semaphore(64)
            await asyncio.gather(*(_limited(semaphore, subscriber) for _ in range(command["n"])))
            say({"connected": len(connections)})
        elif command["cmd"] == "expect":
            marker = command["marker"]
            event = waiting.setdefault(marker, asyncio.Event())
            if len(received.get(marker, ())) >= len(connections):
                event.set()
            try:
                await asyncio.wait_for(event.wait(), command.get("timeout", 120))
                say({"marker": marker, "times": received.pop(marker)})
            except TimeoutError:
                say({"marker": marker, "times": received.pop(marker, []), "timeout": True})
        elif command["cmd"] == "quit":
            break
    for ws in connections:
        with contextlib.suppress(Exception):
            await ws.close()


async def _limited(semaphore: asyncio.Semaphore, make: Any) -> None:
    async with semaphore:
        await make()


# --- coordinator -----------------------------------------------------------------------------


class _Worker:
    def __init__(self, url: str, token: str, query: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.fanout", "--worker", url, token, query],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=_raise_nofile,
        )
        self.connected = 0

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("a bench worker died")
        return dict(json.loads(line))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send(cmd="quit")
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run(
    counts: tuple[int, ...] = (100, 1000, 10_000), events: int = 20, scenario: str = "zaak"
) -> dict[str, Any]:
    import httpx

    _raise_nofile()
    with tempfile.TemporaryDirectory(prefix="zgw-fanout-") as tmp:
        port = _free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("ZGW_GATEWAY_")},
            "PYTHONPATH": str(ROOT),
            "ZGW_GATEWAY_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
            "ZGW_GATEWAY_BASE_URL": BASE_URL,
            "ZGW_GATEWAY_DEV_SECRET": SECRET,
            "ZGW_GATEWAY_NOTIFICATIES_AUTH": AUTH,
            "ZGW_GATEWAY_SUBSCRIBER_QUEUE_SIZE": "1000",
            "ZGW_GATEWAY_LOG_LEVEL": "WARNING",
            "ZGW_GATEWAY_PORT": str(port),
        }
        cli = [sys.executable, "-m", "gateway.cli"]
        subprocess.run([*cli, "seed", "--demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        token = subprocess.run(
            [*cli, "token", "--role", "behandelaar", "--max-vertrouwelijkheid", "zeer_geheim"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        server = subprocess.Popen(
            [*cli, "serve"],
            cwd=ROOT,
            env=env,
            preexec_fn=_raise_nofile,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        workers: list[_Worker] = []
        try:
            with httpx.Client(base_url=base, timeout=30) as http:
                for _ in range(300):
                    with contextlib.suppress(httpx.HTTPError):
                        if http.get("/healthz").status_code == 200:
                            break
                    time.sleep(0.05)
                zaak = http.post(
                    "/graphql",
                    json={"query": '{ zaak(identificatie: "ZAAK-2026-0000001") { url } }'},
                    headers={"Authorization": f"Bearer {token}"},
                ).json()["data"]["zaak"]["url"]
                ws_url = base.replace("http://", "ws://") + "/graphql"
                workers = [_Worker(ws_url, token, QUERIES[scenario]) for _ in range(WORKERS)]
                time.sleep(0.5)
                baseline_kb = _rss_kb(server.pid)
                results = []
                held = 0
                for count in counts:
                    started = time.perf_counter()
                    for index, worker in enumerate(workers):
                        target = count // WORKERS + (1 if index < count % WORKERS else 0)
                        worker.send(cmd="connect", n=target - worker.connected)
                    for worker in workers:
                        worker.connected = worker.receive()["connected"]
                    connect_s = time.perf_counter() - started
                    latencies: list[float] = []
                    timeouts = 0
                    cpu_before = _cpu_s(server.pid)
                    for n in range(events + 1):  # the first is a warm-up, and proves all hold
                        marker = f"{count}-{n}"
                        body = {
                            "kanaal": "zaken",
                            "hoofdObject": zaak,
                            "resource": "zaak",
                            "resourceUrl": f"{zaak}/bench/{marker}",
                            "actie": "update",
                            "aanmaakdatum": "2026-01-01T00:00:00Z",
                            "kenmerken": {},
                        }
                        for worker in workers:
                            worker.send(cmd="expect", marker=marker)
                        sent = time.monotonic_ns()
                        response = http.post(
                            "/notificaties", json=body, headers={"Authorization": AUTH}
                        )
                        assert response.status_code == 204, response.text
                        delivered = 0
                        for worker in workers:
                            answer = worker.receive()
                            timeouts += bool(answer.get("timeout"))
                            delivered += len(answer["times"])
                            if n:
                                latencies += [(t - sent) / 1e6 for t in answer["times"]]
                        if n == 0 and delivered == count:
                            held = count
                    cpu_s = _cpu_s(server.pid) - cpu_before
                    rss_kb = _rss_kb(server.pid)
                    results.append(
                        {
                            "subscribers": count,
                            "all_received": held == count and not timeouts,
                            "connect_seconds": round(connect_s, 2),
                            "server_rss_mb": round(rss_kb / 1024, 1),
                            "kb_per_subscriber": round((rss_kb - baseline_kb) / count, 1),
                            "latency_ms_p50": round(statistics.median(latencies), 2),
                            "latency_ms_p99": round(_percentile(latencies, 99), 2),
                            "latency_ms_max": round(max(latencies), 2),
                            "server_cpu_ms_per_event": round(cpu_s * 1000 / (events + 1), 1),
                            "events": events,
                            "deliveries": len(latencies),
                        }
                    )
                    print(json.dumps(results[-1]), file=sys.stderr)
        finally:
            for worker in workers:
                worker.close()
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    return {
        "benchmark": "fanout",
        "scenario": scenario,
        "subscription": QUERIES[scenario],
        "subscribers_held": held,
        "baseline_server_rss_mb": round(baseline_kb / 1024, 1),
        "workers": WORKERS,
        "cpus": os.cpu_count(),
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--counts", default="100,1000,10000")
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--scenario", choices=sorted(QUERIES), default="zaak")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        asyncio.run(_worker(*args.worker))
        return 0
    figures = run(tuple(int(c) for c in args.counts.split(",")), args.events, args.scenario)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

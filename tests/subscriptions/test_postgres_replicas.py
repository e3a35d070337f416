"""Acceptance 2: two gateway processes (real `zgw-gateway serve` subprocesses) on one
PostgreSQL. A change through process A reaches a subscriber on process B (LISTEN/NOTIFY on a
dedicated connection); after PostgreSQL restarts, B's subscriber still receives later events,
and none in between is lost (B catches up from the event log once it listens again).

Restarts the PostgreSQL cluster: marked `pg_restart`, so it runs after every other test, and
only when ZGW_TEST_PG_RESTART=1 (`.ci/run` sets it): on a developer's machine the cluster is
shared with everything else running there."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from gateway.authz.principal import Role
from gateway.authz.tokens import dev_issuer, dev_token
from registries.models import Vertrouwelijkheid
from tests.conftest import BASE_URL
from tests.support.databases import SeededTemplate, pg_url
from tests.support.live import WEBHOOK_AUTH, WsClient, bericht
from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET = "replica-test-dev-secret-0123456789"
QUERY = 'subscription { notificaties(kanalen: ["zaken"]) { id hoofdObject } }'

RESTART_ENV = "ZGW_TEST_PG_RESTART"

pytestmark = [
    pytest.mark.pg_restart,
    pytest.mark.skipif(
        os.environ.get(RESTART_ENV) != "1",
        reason=f"restarts the machine's PostgreSQL cluster: set {RESTART_ENV}=1 (.ci/run does)",
    ),
    pytest.mark.parametrize("backend", ["postgres"], indirect=True),
]


@contextlib.asynccontextmanager
async def gateway_process(database_url: str, name: str) -> AsyncIterator[str]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ZGW_GATEWAY_")},
        "PYTHONPATH": str(ROOT),
        "ZGW_GATEWAY_DATABASE_URL": database_url,
        "ZGW_GATEWAY_BASE_URL": BASE_URL,
        "ZGW_GATEWAY_DEV_SECRET": DEV_SECRET,
        "ZGW_GATEWAY_NOTIFICATIES_AUTH": WEBHOOK_AUTH,
        # the pump's own look at the log is far off: delivery must come from LISTEN/NOTIFY
        # and from the catch-up after a reconnect
        "ZGW_GATEWAY_EVENT_POLL_SECONDS": "300",
        "ZGW_GATEWAY_LOG_LEVEL": "WARNING",
    }
    log = Path(tempfile.gettempdir()) / f"zgw-replica-{name}-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=base) as http:
                for _ in range(200):
                    with contextlib.suppress(httpx.HTTPError):
                        if (await http.get("/healthz")).status_code == 200:
                            break
                    assert process.poll() is None, log.read_text()
                    await asyncio.sleep(0.05)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def post(base: str, zaak: str, n: int, *, retry_for: float = 0.0) -> None:
    """Post one notification to a process's webhook (retrying while it answers 5xx)."""
    body = bericht(zaak, actie=f"update-{n}").bericht()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + retry_for
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        while True:
            try:
                response = await http.post(
                    "/notificaties", json=body, headers={"Authorization": WEBHOOK_AUTH}
                )
                if response.status_code == 204:
                    return
            except httpx.HTTPError:
                response = None
            if loop.time() > deadline:
                raise AssertionError(f"post {n} failed: {response and response.text}")
            await asyncio.sleep(0.1)


async def zaak_url(base: str, tok: str) -> str:
    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.post(
            "/graphql",
            json={"query": '{ zaak(identificatie: "ZAAK-2026-0000001") { url } }'},
            headers={"Authorization": f"Bearer {tok}"},
        )
    return str(response.json()["data"]["zaak"]["url"])


def restart_postgres() -> None:
    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout.split()
    version, cluster = clusters[0], clusters[1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for _ in range(120):
        ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False)
        if ready.returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError("PostgreSQL did not come back")


async def test_a_change_through_a_reaches_b_also_after_a_postgres_restart(
    template: SeededTemplate,
) -> None:
    assert pg_url() is not None
    url = await template.clone()
    issuer = dev_issuer(DEV_SECRET, "zgw-gateway-dev", "zgw-gateway")
    tok = dev_token(
        issuer, role=Role.BEHANDELAAR, max_vertrouwelijkheid=Vertrouwelijkheid.ZEER_GEHEIM
    )
    try:
        async with (
            gateway_process(url, "a") as a,
            gateway_process(url, "b") as b,
            WsClient.connect(b, tok) as client,
        ):
            zaak = await zaak_url(a, tok)
            op = await client.subscribe(QUERY)
            await asyncio.sleep(0.5)  # B files the subscription
            await post(a, zaak, 0)
            [first] = await op.events(1, timeout=10)
            assert first["hoofdObject"] == zaak

            # PostgreSQL restarts: B's LISTEN connection is lost and comes back with backoff;
            # meanwhile A writes as soon as the database is back.
            await asyncio.to_thread(restart_postgres)
            for n in range(1, 21):
                await post(a, zaak, n, retry_for=30 if n == 1 else 5)
            later = await op.events(20, timeout=30)
            await op.quiet(1.0)
        ids = [int(first["id"])] + [int(e["id"]) for e in later]
        assert ids == sorted(set(ids)), "in order, each once"
        assert len(ids) == 21
    finally:
        await template.drop_clone(url)

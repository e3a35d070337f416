"""Acceptance 6: headless Chromium opens /dashboard, pastes a token, subscribes, a mutation
changes a zaak, and the event appears on the page. On the zgw backend the mutation goes to the
fake Open Zaak, whose notification reaches the gateway through its webhook."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx

from gateway.authz.principal import Role
from registries.base import PageRequest, ZaakFilter
from registries.scope import Scope
from tests.subscriptions.conftest import Live
from tests.support.browser import open_page
from tests.support.live import abonnees, nieuwe_events, token, wijzig_zaak
from tests.support.tools import chromium


async def test_the_dashboard_shows_events_arriving_live(live: Live) -> None:
    binary = chromium()
    runtime = live.runtime
    page_ = await runtime.registries.zaken.zoek_zaken(
        ZaakFilter(identificatie="ZAAK-2026-0000001"), Scope.alles(), PageRequest(limit=1)
    )
    url = page_.items[0].url
    tok = token(runtime, Role.KCC)
    async with open_page(binary, live.base + "/dashboard") as page:
        assert await page.evaluate("document.title") == "zgw-gateway · live notificaties"
        await page.evaluate(f"document.getElementById('token').value = {json.dumps(tok)}")
        await page.evaluate("document.getElementById('subscribe').click()")
        await page.wait_for("document.getElementById('status').className === 'live'")
        await abonnees(runtime, 1)
        before = await runtime.live.verspreider.log.laatste_id()
        behandelaar = token(runtime, Role.BEHANDELAAR)
        await wijzig_zaak(live.base, behandelaar, url, "Gewijzigd terwijl het dashboard kijkt")
        event_id = await nieuwe_events(runtime, before)
        row = await page.wait_for(
            f"(() => {{ const r = document.querySelector('#events tr[data-id=\"{event_id}\"]');"
            " return r && Array.from(r.cells, c => c.textContent); })()"
        )
        assert row[:3] == [str(event_id), "zaken", "zaak"]
        assert row[5] == "ZAAK-2026-0000001 Gewijzigd terwijl het dashboard kijkt"
        status = await page.evaluate("document.getElementById('status').textContent")
        assert f"Last event: {event_id}" in status
        if shot := os.environ.get("ZGW_DASHBOARD_SCREENSHOT"):
            await page.screenshot(Path(shot))


async def test_the_dashboard_page_loads_nothing_from_elsewhere(live: Live) -> None:
    async with httpx.AsyncClient(base_url=live.base) as http:
        html = await http.get("/dashboard")
        script = await http.get("/dashboard.js")
    assert html.status_code == 200 and script.status_code == 200
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert "http" not in html.text.replace("http-equiv", "")
    assert script.headers["content-type"].startswith("text/javascript")

"""Acceptance 4: with many burger, KCC and behandelaar subscribers connected, every delivered
event is in the receiver's scope and carries only fields their policy allows, and every event in
their scope is delivered; a burger never learns of another burger's zaak. Generated data: the
demo municipality plus 240 synthetic zaken of some 10 burgers, companies and medewerkers (on the
zgw backend served by a fake Open Zaak / Open Klant of their own, so that each event's audience
is worked out from what the ZGW adapters read).

The expected events of each subscriber come from the query pipeline (the same principal asking
`zaken` and `document`), so subscriptions and queries must agree on what each may see. Also:
the field policy of every Subscription, Notificatie and NotificatieKenmerk field, per role, at
subscribe time (the query matrix cannot reach those types)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type, is_leaf_type, parse

from gateway.authz.principal import Role
from gateway.runtime import Runtime
from registries.base import DocumentFilter, PageRequest, ZaakFilter
from registries.models import Vertrouwelijkheid
from registries.scope import Scope
from registries.sql.seed.demo import FATIMA, JAN, ZOMERFEEST
from registries.sql.seed.synthetic import BENCH_BSN_20, _burger_bsn, seed_synthetic
from tests.conftest import (
    BASE_URL,
    ZGW_CLIENT_ID,
    ZGW_SECRET,
    ZGW_TOKEN,
    cloned_runtime,
    settings_for,
    zgw_settings,
)
from tests.support.databases import SeededTemplate
from tests.support.fake_zgw import FakeZgw, gegevens_uit
from tests.support.live import WsClient, abonnees, bericht, schrijf_events, serve_live, token

BURGER = """subscription { mijnZaken {
  id kanaal hoofdObject resource resourceUrl actie aanmaakdatum
  zaak { url identificatie omschrijving startdatum einddatum
         status { datumStatusGezet statustype { omschrijving statustekst isEindstatus } }
         rollen { omschrijvingGeneriek naam } documenten { url titel } }
  document { url titel }
} }"""
KCC = """subscription { notificaties {
  id kanaal hoofdObject actie kenmerken { naam waarde }
  zaak { url identificatie toelichting rollen { omschrijvingGeneriek naam }
         documenten { url titel vertrouwelijkheidaanduiding } }
  document { url titel vertrouwelijkheidaanduiding }
} }"""
BEHANDELAAR = """subscription { notificaties {
  id kanaal hoofdObject actie kenmerken { naam waarde }
  zaak { url identificatie toelichting vertrouwelijkheidaanduiding
         rollen { omschrijvingGeneriek naam betrokkeneIdentificatie { __typename } } }
  document { url titel vertrouwelijkheidaanduiding status }
} }"""


async def visible(runtime: Runtime, tok: str, documenten: list[str]) -> set[str]:
    """The zaken and documents this token may see, through the query pipeline."""
    urls: set[str] = set()
    after = None
    while True:
        page = f', after: "{after}"' if after else ""
        result = await runtime.execute(
            f"{{ zaken(first: 100{page}) {{ nodes {{ url }} pageInfo {{ hasNextPage endCursor }} }} }}",
            token=tok,
        )
        assert result.data is not None, result.errors
        urls |= {z["url"] for z in result.data["zaken"]["nodes"]}
        info = result.data["zaken"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    for url in documenten:
        result = await runtime.execute(f'{{ document(url: "{url}") {{ url }} }}', token=tok)
        if result.data and result.data["document"]:
            urls.add(url)
    return urls


def only_allowed_fields(runtime: Runtime, role: Role, type_name: str, value: Any) -> None:
    """Every key of `value` (of GraphQL type `type_name`) is a field the role may read."""
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            only_allowed_fields(runtime, role, type_name, item)
        return
    schema = runtime.schema._schema
    policy = runtime.policies[role]
    t = schema.get_type(type_name)
    for key, field_value in value.items():
        if key == "__typename":
            continue
        if isinstance(t, GraphQLObjectType):
            assert policy.allows(type_name, key), f"{role.value} received {type_name}.{key}"
            target = get_named_type(t.fields[key].type)
            if not is_leaf_type(target):
                only_allowed_fields(runtime, role, target.name, field_value)


async def test_every_delivered_event_is_in_scope_and_policy(
    template: SeededTemplate, backend: str
) -> None:
    async with cloned_runtime(template) as runtime:
        await seed_synthetic(runtime.store.engine, 240)
        runtime.store.catalogi.invalidate()
        if backend != "zgw":
            async with serve_live(runtime) as base:
                await _run(runtime, base)
            return
        # zgw: the same data served by a fake Open Zaak / Open Klant of its own; the audience
        # of each event is worked out from what the ZGW adapters read there
        database_url = runtime.settings.database_url
        fake = FakeZgw(
            lambda base: gegevens_uit(database_url, base, sql_base=BASE_URL),
            secrets={ZGW_CLIENT_ID: ZGW_SECRET},
            token=ZGW_TOKEN,
        )
        await asyncio.to_thread(fake.start)
        try:
            zgw = Runtime(settings_for(database_url, **zgw_settings(fake)))
            try:
                async with serve_live(zgw) as base:
                    await _run(zgw, base)
            finally:
                await zgw.close()
        finally:
            await asyncio.to_thread(fake.stop)


async def _run(runtime: Runtime, base: str) -> None:
    zaken = await runtime.registries.zaken.zoek_zaken(
        ZaakFilter(), Scope.alles(), PageRequest(limit=1000)
    )
    zaak_urls = [z.url for z in zaken.items]
    docs = await runtime.registries.documenten.zoek_documenten(
        DocumentFilter(), Scope.alles(), PageRequest(limit=20)
    )
    doc_urls = [d.url for d in docs.items]
    rollen = await runtime.registries.zaken.rollen_van(zaak_urls, Scope.alles())

    subscribers: list[tuple[str, Role, str, str]] = []  # (name, role, token, query)
    bsns = [_burger_bsn(i) for i in range(6)] + [JAN.bsn, FATIMA.bsn, BENCH_BSN_20]
    for bsn in bsns:
        subscribers.append((bsn, Role.BURGER, token(runtime, Role.BURGER, bsn=bsn), BURGER))
    subscribers.append(
        ("zomerfeest", Role.BURGER, token(runtime, Role.BURGER, kvk=ZOMERFEEST.kvk), BURGER)
    )
    for n in range(3):
        subscribers.append(
            (f"kcc-{n}", Role.KCC, token(runtime, Role.KCC, subject=f"kcc-{n}"), KCC)
        )
    for name, kwargs in {
        "behandelaar-alles": {"max_vertrouwelijkheid": Vertrouwelijkheid.ZEER_GEHEIM},
        "behandelaar-standaard": {},
        "behandelaar-parkeren": {"zaaktypen": ["PARKEERVERGUNNING"]},
        "behandelaar-openbaar": {"max_vertrouwelijkheid": Vertrouwelijkheid.OPENBAAR},
    }.items():
        tok = token(runtime, Role.BEHANDELAAR, subject=name, **kwargs)  # type: ignore[arg-type]
        subscribers.append((name, Role.BEHANDELAAR, tok, BEHANDELAAR))

    expected = {name: await visible(runtime, tok, doc_urls) for name, _, tok, _ in subscribers}
    for name, role, _, _ in subscribers:
        if role is Role.BURGER:
            assert expected[name], f"burger {name} sees nothing: a weak test"

    events = [bericht(u, actie="update") for u in zaak_urls] + [
        bericht(u, kanaal="documenten", resource="enkelvoudiginformatieobject") for u in doc_urls
    ]
    async with _connected(base, subscribers) as ops:
        await abonnees(runtime, len(subscribers))
        for start in range(0, len(events), 25):
            await schrijf_events(runtime, events[start : start + 25])
        received: dict[str, list[dict[str, Any]]] = {}
        for (name, _, _, _), op in zip(subscribers, ops, strict=True):
            received[name] = await _collect(op, len(expected[name]))
        await asyncio.gather(*(op.quiet(0.5) for op in ops))

    for name, role, _, _ in subscribers:
        got = received[name]
        have = {e["hoofdObject"] for e in got}
        assert have == expected[name], (
            name,
            sorted(have - expected[name])[:3],
            sorted(expected[name] - have)[:3],
        )
        assert len(got) == len(expected[name]), f"{name}: an event delivered twice"
        for event in got:
            only_allowed_fields(runtime, role, "Notificatie", event)
        if role is Role.BURGER:
            ident = name if name != "zomerfeest" else ZOMERFEEST.kvk
            for event in got:
                zaak = event["zaak"]
                assert zaak is not None
                named = {i.waarde for r in rollen[zaak["url"]] for i in r.identificeert()}
                assert ident in named, f"burger {name} learned of zaak {zaak['identificatie']}"
                # and of the betrokkenen only themselves
                assert len(zaak["rollen"]) == sum(
                    1 for r in rollen[zaak["url"]] if ident in {i.waarde for i in r.identificeert()}
                )


async def _collect(op: Any, count: int, timeout: float = 30.0) -> list[dict[str, Any]]:
    """Up to `count` events (fewer when they stop coming: the comparison then says which)."""
    found: list[dict[str, Any]] = []
    while len(found) < count:
        try:
            message = await op.next(timeout)
        except TimeoutError:
            break
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        found.append(next(iter(message["payload"]["data"].values())))
        timeout = 5.0
    return found


class _connected:
    """Connect every subscriber and subscribe; yields their operations."""

    def __init__(self, base: str, subscribers: list[tuple[str, Role, str, str]]) -> None:
        self.base, self.subscribers = base, subscribers
        self.stack: Any = None

    async def __aenter__(self) -> list[Any]:
        import contextlib

        self.stack = contextlib.AsyncExitStack()
        ops = []
        for _, _, tok, query in self.subscribers:
            client = await self.stack.enter_async_context(WsClient.connect(self.base, tok))
            ops.append(await client.subscribe(query))
        return ops

    async def __aexit__(self, *exc: object) -> None:
        await self.stack.aclose()


ROOT_ARGS = {
    "zaakGewijzigd": '(zaak: "ZAAK-2026-0000001")',
    "mijnZaken": "",
    "notificaties": "",
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
async def test_field_policy_of_subscription_fields(demo_runtime: Runtime, role: Role) -> None:
    """Every field reachable from Subscription, per role: allowed, or refused before anything
    runs with FORBIDDEN (UNAUTHENTICATED without a token) naming it."""
    schema = demo_runtime.schema._schema
    policy = demo_runtime.policies[role]
    view = demo_runtime.schema.view_for(role.value)
    denial = "UNAUTHENTICATED" if role is Role.ANONIEM else "FORBIDDEN"
    subscription = schema.subscription_type
    assert subscription is not None
    notificatie = schema.get_type("Notificatie")
    kenmerk = schema.get_type("NotificatieKenmerk")
    assert isinstance(notificatie, GraphQLObjectType) and isinstance(kenmerk, GraphQLObjectType)
    checked = 0
    for root in subscription.fields:
        call = f"{root}{ROOT_ARGS[root]}"
        cases: list[tuple[str, list[str]]] = [(f"subscription {{ {call} {{ id }} }}", [])]
        for name, field in notificatie.fields.items():
            inner = name
            target = get_named_type(field.type)
            if not is_leaf_type(target):
                assert isinstance(target, GraphQLObjectType)
                inner = f"{name} {{ {next(iter(target.fields))} }}"
            cases.append((f"subscription {{ {call} {{ {inner} }} }}", [f"Notificatie.{name}"]))
        for name in kenmerk.fields:
            cases.append(
                (
                    f"subscription {{ {call} {{ kenmerken {{ {name} }} }} }}",
                    ["Notificatie.kenmerken", f"NotificatieKenmerk.{name}"],
                )
            )
        for query, path in cases:
            steps = [f"Subscription.{root}", *path]
            if path and path[0] in ("Notificatie.zaak", "Notificatie.document"):
                target_name = "Zaak" if path[0] == "Notificatie.zaak" else "Document"
                target_type = schema.get_type(target_name)
                assert isinstance(target_type, GraphQLObjectType)
                steps.append(f"{target_name}.{next(iter(target_type.fields))}")
            denied = [s for s in steps if not policy.allows(*s.split("."))]
            errors = demo_runtime.schema.validation_errors(query, parse(query), view)
            if denied:
                assert errors, (role, query)
                assert {e.extensions["code"] for e in errors if e.extensions} == {denial}
                assert denied[0] in {e.extensions["field"] for e in errors if e.extensions}
            else:
                assert not errors, (role, query, errors)
            checked += 1
    assert checked > 20

"""Row scope on every path to a zaak, for each role, on the demo data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from gateway.authz.policy import PACKAGED
from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from registries.base import Page, PageRequest, ZaakFilter
from registries.models import Vertrouwelijkheid, Zaak
from registries.scope import Scope
from tests.conftest import MaakRuntime, behandelaar
from tests.support.graphql import codes, data, execute

JAN = Principal(role=Role.BURGER, subject="999993653", bsn="999993653")
FATIMA = Principal(role=Role.BURGER, subject="999990019", bsn="999990019")
SANNE = Principal(role=Role.BURGER, subject="999990044", bsn="999990044")
ZOMERFEEST = Principal(role=Role.BURGER, subject="69599084", kvk="69599084")
KCC = Principal(role=Role.KCC, subject="kcc-007")


def z(*numbers: int) -> list[str]:
    return [f"ZAAK-2026-{n:07d}" for n in numbers]


ZAKEN = "{ zaken(first: 50, ordering: IDENTIFICATIE_ASC) { totalCount nodes { identificatie } } }"


async def visible(runtime: Runtime, principal: Principal) -> tuple[list[str], int]:
    found = (await data(runtime, ZAKEN, principal=principal))["zaken"]
    return [n["identificatie"] for n in found["nodes"]], found["totalCount"]


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (JAN, z(1, 2, 4)),  # 3 is zaakvertrouwelijk; 5 (his zaak's deelzaak) is intern
        (FATIMA, z(6, 8)),  # 7 is beperkt openbaar; 8 through her rol as belanghebbende
        (SANNE, []),  # her only zaak has no status yet
        (ZOMERFEEST, z(10, 11)),
        (KCC, z(1, 2, 4, 6, 7, 8, 9, 10, 11)),  # extern, at most beperkt openbaar
        (behandelaar(max_vertrouwelijkheid=None), z(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13)),
        (behandelaar(), z(*range(1, 14))),
        (behandelaar(zaaktypen=frozenset({"PARKEERVERGUNNING"})), z(1, 9)),
        (behandelaar(zaaktypen=frozenset()), []),  # no zaaktypen claim: nothing
        (
            behandelaar(
                zaaktypen=frozenset({"BIJZONDERE-BIJSTAND"}),
                max_vertrouwelijkheid=Vertrouwelijkheid.BEPERKT_OPENBAAR,
            ),
            [],
        ),
    ],
    ids=lambda v: getattr(v, "subject", None) or str(len(v)),
)
async def test_zaken_and_their_total_are_scoped(
    demo_runtime: Runtime, principal: Principal, expected: list[str]
) -> None:
    ids, total = await visible(demo_runtime, principal)
    assert ids == expected
    assert total == len(expected)


@pytest.mark.parametrize("number", [3, 5, 7, 12])
async def test_out_of_scope_zaken_are_not_found_for_a_burger(
    demo_runtime: Runtime, number: int
) -> None:
    url = (
        await data(
            demo_runtime,
            f'{{ zaak(identificatie: "ZAAK-2026-{number:07d}") {{ url }} }}',
            principal=behandelaar(),
        )
    )["zaak"]["url"]
    for args in (f'identificatie: "ZAAK-2026-{number:07d}"', f'url: "{url}"'):
        found, errors = await execute(
            demo_runtime, f"{{ zaak({args}) {{ identificatie }} }}", principal=JAN
        )
        assert found == {"zaak": None}
        assert codes(errors) == ["NOT_FOUND"]


async def test_back_paths_only_reach_zaken_in_scope(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        """{
          z4: zaak(identificatie: "ZAAK-2026-0000004") {
            deelzaken { identificatie }
            documenten { titel zaken { identificatie } }
          }
          klantcontacten { nodes { onderwerp zaken { identificatie } } }
        }""",
        principal=JAN,
    )
    assert found["z4"]["deelzaken"] == []  # the welstandsadvies deelzaak is intern
    # the concept drawing (in bewerking) and the intern advies are not for the burger
    assert [d["titel"] for d in found["z4"]["documenten"]] == ["Aanvraagformulier"]
    assert found["z4"]["documenten"][0]["zaken"] == [{"identificatie": "ZAAK-2026-0000004"}]
    contacts = {k["onderwerp"]: k["zaken"] for k in found["klantcontacten"]["nodes"]}
    assert contacts == {
        "Vraag over de status van mijn parkeervergunning": [{"identificatie": "ZAAK-2026-0000001"}],
        "Vraag over de afvalpas": [],
    }
    behandelaar_view = await data(
        demo_runtime,
        '{ zaak(identificatie: "ZAAK-2026-0000005") { hoofdzaak { identificatie } } }',
        principal=behandelaar(),
    )
    assert behandelaar_view["zaak"]["hoofdzaak"] == {"identificatie": "ZAAK-2026-0000004"}


async def test_a_burger_sees_only_their_own_rollen(demo_runtime: Runtime) -> None:
    query = '{ zaak(identificatie: "ZAAK-2026-0000008") { rollen { omschrijvingGeneriek naam } } }'
    fatima = await data(demo_runtime, query, principal=FATIMA)
    assert fatima["zaak"]["rollen"] == [
        {"omschrijvingGeneriek": "BELANGHEBBENDE", "naam": "Fatima El Amrani"}
    ]
    kcc = await data(demo_runtime, query, principal=KCC)
    assert sorted(r["omschrijvingGeneriek"] for r in kcc["zaak"]["rollen"]) == [
        "BEHANDELAAR",
        "INITIATOR",
    ]
    everyone = await data(demo_runtime, query, principal=behandelaar())
    assert len(everyone["zaak"]["rollen"]) == 3


async def test_documents_reached_directly_are_scoped(demo_runtime: Runtime) -> None:
    docs = await data(
        demo_runtime,
        "{ documenten(first: 50) { nodes { url titel } } }",
        principal=behandelaar(),
    )
    by_title = {d["titel"]: d["url"] for d in docs["documenten"]["nodes"]}
    kcc_visible = await data(
        demo_runtime, "{ documenten(first: 50) { totalCount nodes { titel } } }", principal=KCC
    )
    nodes = kcc_visible["documenten"]["nodes"]
    titles = {d["titel"] for d in nodes}
    assert "Brief over geluidsoverlast" not in titles  # unlinked: the post room's, not the KCC's
    assert "Rapportage wijkteam" not in titles  # vertrouwelijk
    assert kcc_visible["documenten"]["totalCount"] == len(nodes) == 14
    for title, visible_to_jan in [
        ("Kentekenbewijs", True),
        ("Ontvangstbevestiging", False),  # beperkt openbaar
        ("Bouwtekening (concept)", False),  # in bewerking
        ("Rapportage wijkteam", False),  # on a zaakvertrouwelijk zaak
        ("Melding lantaarnpaal", False),  # Fatima's zaak
        ("Brief over geluidsoverlast", False),  # no zaak
    ]:
        found, errors = await execute(
            demo_runtime,
            "query($u: String!) { document(url: $u) { titel } }",
            {"u": by_title[title]},
            principal=JAN,
        )
        if visible_to_jan:
            assert found == {"document": {"titel": title}}, errors
        else:
            assert found == {"document": None}
            assert codes(errors) == ["NOT_FOUND"]


async def test_anonymous_sees_the_public_catalogus_only(demo_runtime: Runtime) -> None:
    found = await data(
        demo_runtime,
        "{ zaaktypen { identificatie indicatieInternOfExtern } }",
        principal=Principal.anoniem(),
    )
    kinds = {zt["indicatieInternOfExtern"] for zt in found["zaaktypen"]}
    assert kinds == {"EXTERN"}
    assert "INTEGRITEITSMELDING" not in {zt["identificatie"] for zt in found["zaaktypen"]}
    result, errors = await execute(demo_runtime, ZAKEN, principal=Principal.anoniem())
    assert result is None
    assert codes(errors) == ["UNAUTHENTICATED"]


@pytest_asyncio.fixture
async def initiator_only(maak_runtime: MaakRuntime, tmp_path: Path) -> AsyncIterator[Runtime]:
    text = (PACKAGED / "burger.toml").read_text(encoding="utf-8")
    (tmp_path / "burger.toml").write_text(
        text.replace('betrokkene_rollen = "*"', 'betrokkene_rollen = ["initiator"]'),
        encoding="utf-8",
    )
    async with maak_runtime(policies_dir=str(tmp_path)) as runtime:
        yield runtime


async def test_the_initiator_only_setting(initiator_only: Runtime) -> None:
    ids, total = await visible(initiator_only, FATIMA)
    assert (ids, total) == (z(6), 1)


class LeakyZaken:
    """A zaken registry that ignores the scope: the row guard must still hold."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    async def zoek_zaken(self, filter: ZaakFilter, scope: Scope, page: PageRequest) -> Page[Zaak]:
        return await self.real.zoek_zaken(filter, Scope.alles(), page)

    async def get_zaken(self, urls: Any, scope: Scope) -> dict[str, Zaak]:
        return await self.real.get_zaken(urls, Scope.alles())


@pytest_asyncio.fixture
async def leaky(maak_runtime: MaakRuntime) -> AsyncIterator[Runtime]:
    async with maak_runtime() as runtime:
        runtime.registries.zaken = LeakyZaken(runtime.registries.zaken)  # type: ignore[assignment]
        yield runtime


async def test_the_row_guard_holds_when_a_registry_ignores_the_scope(leaky: Runtime) -> None:
    found, errors = await execute(
        leaky,
        "{ zaken(first: 50) { nodes { identificatie } } }",
        principal=JAN,
    )
    assert found is not None
    assert sorted(n["identificatie"] for n in found["zaken"]["nodes"]) == z(1, 2, 4)
    assert errors == []
    # the total would count rows outside the scope: it is refused rather than reported
    found, errors = await execute(leaky, "{ zaken(first: 50) { totalCount } }", principal=JAN)
    assert found is None
    assert codes(errors) == ["INTERNAL"]
    found, errors = await execute(
        leaky, '{ zaak(identificatie: "ZAAK-2026-0000003") { url } }', principal=JAN
    )
    assert codes(errors) == ["NOT_FOUND"]


async def test_pages_of_a_burger_never_reach_beyond_their_zaken(demo_runtime: Runtime) -> None:
    page = "query($a: String) { zaken(first: 1, after: $a) { pageInfo { hasNextPage endCursor } nodes { identificatie } } }"
    seen, after = [], None
    while True:
        found = (await data(demo_runtime, page, {"a": after}, principal=JAN))["zaken"]
        seen += [n["identificatie"] for n in found["nodes"]]
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
    assert sorted(seen) == z(1, 2, 4)
    # a cursor far beyond the burger's zaken is just an empty page
    found = (await data(demo_runtime, page, {"a": "djE6MTA"}, principal=JAN))["zaken"]
    assert found["nodes"] == []

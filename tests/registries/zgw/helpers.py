"""Shared test helpers: demo identities, typical scopes and URL translation."""

from __future__ import annotations

from typing import Any, TypeVar

from registries import models as m
from registries.scope import Scope
from registries.sql.seed.demo import FATIMA, JAN, ZOMERFEEST, identificatie, zaak_uuid
from registries.sql.seed.synthetic import BENCH_BSN_20
from tests.support.fake_zgw import APIS, SQL_BASE, FakeZgw, Verzoek
from tests.support.fake_zgw.data import verplaats

T = TypeVar("T")

__all__ = ["BENCH_BSN_20", "FATIMA", "JAN", "ZOMERFEEST", "identificatie"]


def bsn(waarde: str) -> m.BetrokkeneId:
    return m.BetrokkeneId(m.IdentificatieSoort.BSN, waarde)


def burger(*ids: m.BetrokkeneId, initiator: bool = False) -> Scope:
    """The citizen portal's default: a rol names me, extern zaaktype, openbaar, with status."""
    return Scope(
        betrokkenen=frozenset(ids),
        betrokkene_rollen=frozenset({m.OmschrijvingGeneriek.INITIATOR}) if initiator else None,
        alleen_extern=True,
        max_vertrouwelijkheid=m.Vertrouwelijkheid.OPENBAAR,
        met_status=True,
        document_statussen=frozenset({m.DocumentStatus.DEFINITIEF, m.DocumentStatus.GEARCHIVEERD}),
        document_max_vertrouwelijkheid=m.Vertrouwelijkheid.OPENBAAR,
        documenten_zonder_zaak=False,
        klantcontact_betrokkenen=frozenset(ids),
        klantcontacten_zonder_zaak=True,
    )


def bedrijf() -> list[m.BetrokkeneId]:
    return [
        m.BetrokkeneId(m.IdentificatieSoort.KVK, ZOMERFEEST.kvk),
        m.BetrokkeneId(m.IdentificatieSoort.VESTIGINGSNUMMER, ZOMERFEEST.vestigingsnummer),
    ]


def zaak_url(fake: FakeZgw, nummer: int) -> str:
    return f"{fake.url('zaken')}/zaken/{zaak_uuid(nummer)}"


def naar_sql(fake: FakeZgw, obj: T) -> T:
    """`obj` with the fake server's URLs moved to the embedded store's base URL."""
    return verplaats(obj, fake.base, SQL_BASE)


def params(v: Verzoek) -> dict[str, Any]:
    """The filter parameters of a recorded request (query, plus the body of a _zoek)."""
    found: dict[str, Any] = dict(v.query)
    if isinstance(v.body, dict):
        found.update(v.body)
    return found


def zaken_verzoeken(fake: FakeZgw) -> list[Verzoek]:
    return [v for v in fake.state.lijst("zaken") if v.pad in ("/zaken", "/zaken/_zoek")]


def _api_url(fake: FakeZgw, api: str) -> str:
    return fake.base + APIS[api]

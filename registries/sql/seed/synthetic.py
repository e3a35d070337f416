"""Synthetic zaken in bulk, for benchmarks (`zgw-gateway seed --zaken N`).

Deterministic: the same starting state and N give the same rows. Two benchmark burgers get
fixed, fully visible workloads in the first run: `BENCH_BSN_100` (100 zaken) and
`BENCH_BSN_20` (20 zaken); the other zaken are spread over burgers (about 20 each), companies
and internal cases, in every state.
"""

from __future__ import annotations

import random
import uuid as uuidlib
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from registries.elfproef import geldige_bsns
from registries.sql.seed.builders import (
    ZAAKTYPE_BY_KEY,
    Bedrijf,
    Medewerker,
    Persoon,
    add_document,
    add_klantcontact,
    add_resultaat,
    add_rol,
    add_status,
    add_zaak,
    link_document,
    moment,
)
from registries.sql.seed.catalogus import write_catalogus
from registries.sql.seed.writer import BulkWriter
from registries.sql.tables import CatalogusRow, ZaakRow

BENCH_BSN_100 = "900000016"
BENCH_BSN_20 = "900000028"
PREFIX = "SYN-"
#: zaaktypen a burger can see (extern, openbaar) and the weights they are drawn with
_BURGER_ZAAKTYPEN = (
    ("parkeervergunning", 4),
    ("melding_openbare_ruimte", 5),
    ("omgevingsvergunning", 2),
)
_MEDEWERKERS = tuple(Medewerker(f"mdw-{n:04d}", "B.", f"Behandelaar{n}") for n in range(1, 51))
_KANALEN = ("telefoon", "e-mail", "balie", "chat")


@dataclass(frozen=True)
class SyntheticResult:
    zaken: int
    rows: int
    eerste: str
    laatste: str


def _burger_bsn(index: int) -> str:
    return geldige_bsns(100_000_000 + index * 11, 1)[0]


def _persoon(bsn: str, n: int) -> Persoon:
    return Persoon(bsn, f"Burger{n}", "", f"Synthetisch{n}")


async def _bestaande(engine: AsyncEngine) -> tuple[int, bool]:
    async with engine.connect() as conn:
        zaken = await conn.execute(
            select(func.count())
            .select_from(ZaakRow)
            .where(ZaakRow.identificatie.like(f"{PREFIX}%"))
        )
        catalogus = await conn.execute(select(func.count()).select_from(CatalogusRow))
        return int(zaken.scalar_one()), bool(catalogus.scalar_one())


class _Generator:
    def __init__(self, start: int) -> None:
        self.rng = random.Random(f"zgw-synthetic-{start}")
        self.doc_inhoud = b"Synthetisch document voor benchmarks.\n" * 8

    def uuid(self) -> str:
        return str(uuidlib.UUID(int=self.rng.getrandbits(128), version=4))

    def zaak(self, w: BulkWriter, i: int) -> None:
        rng = self.rng
        initiator: Persoon | Bedrijf | Medewerker
        if i < 120:
            bsn = BENCH_BSN_100 if i < 100 else BENCH_BSN_20
            initiator, zaaktype_key, zichtbaar = _persoon(bsn, i), self._burger_zaaktype(), True
        else:
            kind = rng.random()
            zichtbaar = False
            if kind < 0.80:
                burger = (i - 120) // 20
                initiator = _persoon(_burger_bsn(burger), burger)
                zaaktype_key, zichtbaar = self._burger_zaaktype(), True
                if kind < 0.06:
                    zaaktype_key, zichtbaar = "bijzondere_bijstand", False
            elif kind < 0.90:
                n = rng.randrange(2000)
                initiator = Bedrijf(
                    f"{10_000_000 + n:08d}", "123456782", f"{n:012d}", f"Bedrijf {n}"
                )
                zaaktype_key = "evenementenvergunning"
            else:
                initiator = rng.choice(_MEDEWERKERS)
                zaaktype_key = rng.choice(("welstandsadvies", "integriteitsmelding", "bezwaar"))
        zt = ZAAKTYPE_BY_KEY[zaaktype_key]
        startdatum = date(2019, 1, 1) + timedelta(days=rng.randrange(2880))
        ladder = len(zt.statustypen)
        statussen = rng.randint(1, ladder) if zichtbaar or rng.random() < 0.9 else 0
        gesloten = statussen == ladder
        zaak_uuid = self.uuid()
        row = add_zaak(
            w,
            uuid=zaak_uuid,
            identificatie=f"{PREFIX}{i + 1:07d}",
            zaaktype=zt,
            omschrijving=f"{zt.onderwerp} {i + 1}",
            toelichting=f"Synthetische zaak {i + 1} voor benchmarks.",
            startdatum=startdatum,
            einddatum=startdatum + timedelta(days=3 * ladder) if gesloten else None,
        )
        op = moment(startdatum)
        add_rol(
            w,
            uuid=self.uuid(),
            zaak_uuid=zaak_uuid,
            zaaktype=zt,
            rol="initiator",
            betrokkene=initiator,
            op=op,
        )
        add_rol(
            w,
            uuid=self.uuid(),
            zaak_uuid=zaak_uuid,
            zaaktype=zt,
            rol="behandelaar",
            betrokkene=rng.choice(_MEDEWERKERS),
            op=op,
        )
        for nr in range(1, statussen + 1):
            add_status(
                w,
                row,
                zt,
                nr,
                self.uuid(),
                moment(startdatum + timedelta(days=3 * (nr - 1)), 9 + nr),
            )
        if gesloten:
            add_resultaat(w, row, zt, 0, self.uuid(), "")
        self._documenten(w, i, zaak_uuid, startdatum, zichtbaar)
        if isinstance(initiator, Persoon | Bedrijf) and rng.random() < 0.3:
            add_klantcontact(
                w,
                uuid=self.uuid(),
                nummer=f"S{i + 1:09d}",
                kanaal=rng.choice(_KANALEN),
                onderwerp=f"Vraag over zaak {i + 1}",
                inhoud="Burger vraagt naar de voortgang.",
                op=moment(startdatum + timedelta(days=2), 15),
                klant=initiator,
                zaak_uuid=zaak_uuid,
            )

    def _burger_zaaktype(self) -> str:
        keys = [k for k, _ in _BURGER_ZAAKTYPEN]
        weights = [wt for _, wt in _BURGER_ZAAKTYPEN]
        return self.rng.choices(keys, weights)[0]

    def _documenten(
        self, w: BulkWriter, i: int, zaak_uuid: str, startdatum: date, zichtbaar: bool
    ) -> None:
        rng = self.rng
        soorten = [("aanvraag", "Aanvraag", "openbaar", "definitief")]
        if rng.random() < 0.5:
            soorten.append(
                (
                    "bijlage",
                    "Bijlage",
                    rng.choice(("openbaar", "intern")),
                    rng.choice(("definitief", "in_bewerking")),
                )
            )
        for index, (iot, titel, vertrouwelijkheid, status) in enumerate(soorten):
            doc_uuid = self.uuid()
            op = moment(startdatum, 10, index)
            add_document(
                w,
                uuid=doc_uuid,
                identificatie=f"SYN-DOC-{i + 1:07d}-{index}",
                iot=iot,
                titel=f"{titel} {i + 1}",
                vertrouwelijkheid=vertrouwelijkheid,
                status=status,
                op=op,
                inhoud=self.doc_inhoud,
                bestandsnaam=f"{iot}-{i + 1}.txt",
                formaat="text/plain",
            )
            link_document(w, uuid=self.uuid(), zaak_uuid=zaak_uuid, document_uuid=doc_uuid, op=op)


async def seed_synthetic(engine: AsyncEngine, aantal: int, *, batch: int = 5000) -> SyntheticResult:
    start, catalogus = await _bestaande(engine)
    rows = 0
    if not catalogus:
        w = BulkWriter()
        write_catalogus(w)
        async with engine.begin() as conn:
            rows += await w.flush(conn)
    gen = _Generator(start)
    for chunk_start in range(start, start + aantal, batch):
        w = BulkWriter()
        for i in range(chunk_start, min(chunk_start + batch, start + aantal)):
            gen.zaak(w, i)
        async with engine.begin() as conn:
            rows += await w.flush(conn)
    return SyntheticResult(
        zaken=aantal,
        rows=rows,
        eerste=f"{PREFIX}{start + 1:07d}",
        laatste=f"{PREFIX}{start + aantal:07d}",
    )

"""Random ZGW data for the property-based authorisation test.

`generate(seed)` makes a small municipality -- burgers, companies, medewerkers, zaken of every
zaaktype, vertrouwelijkheid and state, rollen, deelzaken, documents and klantcontacten -- as rows
for the embedded store (through the seed builders) and, side by side, as plain Python records
(`World`) that the oracle (`tests.support.property_oracle`) reads. Same seed, same data.
"""

from __future__ import annotations

import random
import uuid as uuidlib
from datetime import date, timedelta

from registries import models as m
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
    add_statussen,
    add_zaak,
    link_document,
    moment,
)
from registries.sql.seed.catalogus import (
    INFORMATIEOBJECTTYPEN,
    ROLTYPEN,
    ZAAKTYPEN,
    iot_uuid,
    statustype_uuid,
    write_catalogus,
    zaaktype_uuid,
)
from registries.sql.seed.writer import BulkWriter
from registries.sql.tables import KlantcontactBetrokkeneRow, OnderwerpobjectRow
from tests.support.property_records import (
    DOCUMENT_STATUSSEN,
    KANALEN,
    LEVELS,
    ONDERWERPEN,
    TITELS,
    WOORDEN,
    Ident,
    WBetrokkene,
    WDocument,
    WKlantcontact,
    World,
    WRol,
    WZaak,
    WZaakType,
    url,
)


def person_idents(p: Persoon) -> frozenset[Ident]:
    return frozenset({("bsn", p.bsn)})


def company_idents(b: Bedrijf) -> frozenset[Ident]:
    return frozenset(
        {("kvk_nummer", b.kvk), ("rsin", b.rsin), ("vestigingsnummer", b.vestigingsnummer)}
    )


Betrokkene = Persoon | Bedrijf | Medewerker | m.Vestiging | m.OrganisatorischeEenheid


def _describe(b: Betrokkene) -> tuple[str, str, frozenset[Ident]]:
    """(betrokkeneType, display name, identities) of a rol's betrokkene."""
    if isinstance(b, Persoon):
        return "NATUURLIJK_PERSOON", b.naam, person_idents(b)
    if isinstance(b, Bedrijf):
        return "NIET_NATUURLIJK_PERSOON", b.naam, company_idents(b)
    if isinstance(b, Medewerker):
        return "MEDEWERKER", f"{b.voorletters} {b.achternaam}", frozenset()
    if isinstance(b, m.Vestiging):
        idents = {("vestigingsnummer", b.vestigings_nummer), ("kvk_nummer", b.kvk_nummer)}
        return "VESTIGING", b.handelsnaam[0], frozenset(idents)
    return "ORGANISATORISCHE_EENHEID", b.naam, frozenset()


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.w = BulkWriter()
        write_catalogus(self.w)
        bsns = geldige_bsns(rng.randrange(100_000_000, 800_000_000), 7)
        namen = ("Anna", "Bram", "Cor", "Dewi", "Emre", "Fleur", "Gijs")
        personen = [
            Persoon(bsn, namen[i], rng.choice(("", "van", "de")), f"Proef{i}")
            for i, bsn in enumerate(bsns)
        ]
        bedrijven = []
        for n in range(2):
            rsin = geldige_bsns(rng.randrange(100_000_000, 800_000_000), 1)[0]
            kvk = f"{rng.randrange(10_000_000, 99_999_999):08d}"
            bedrijven.append(Bedrijf(kvk, rsin, f"{rng.randrange(10**11, 10**12):012d}", f"BV{n}"))
        self.medewerkers = [Medewerker(f"mdw-{n:04d}", "T.", f"Tester{n}") for n in range(4)]
        self.eenheid = m.OrganisatorischeEenheid(identificatie="OE-PROP", naam="Team Proef")
        zaaktypen = {}
        for zt in ZAAKTYPEN:
            z_url = url("zaaktype", zaaktype_uuid(zt.key))
            ladder = tuple(
                url("statustype", statustype_uuid(zt.key, nr))
                for nr in range(1, len(zt.statustypen) + 1)
            )
            zaaktypen[z_url] = WZaakType(
                z_url, zt.identificatie, zt.extern, zt.begin, zt.einde, ladder
            )
        self.world = World(
            seed=seed,
            zaaktypen=zaaktypen,
            statustypen=[s for zt in zaaktypen.values() for s in zt.statustypen],
            informatieobjecttypen=[url("iot", iot_uuid(k)) for k in INFORMATIEOBJECTTYPEN],
            burgers=personen[:6],
            vreemde=personen[6],
            bedrijven=bedrijven,
        )

    def uuid(self) -> str:
        return str(uuidlib.UUID(int=self.rng.getrandbits(128), version=4))

    def level(self) -> str:
        return self.rng.choices(LEVELS, weights=(6, 3, 2, 1, 1, 1, 1, 1))[0]

    def klant(self) -> Persoon | Bedrijf:
        w = self.world
        klanten: list[Persoon | Bedrijf] = [*w.burgers, *w.burgers, *w.bedrijven]
        return self.rng.choice(klanten)

    def betrokkene(self) -> Betrokkene:
        rng, bedrijf = self.rng, self.rng.choice(self.world.bedrijven)
        kind = rng.random()
        if kind < 0.55:
            return rng.choice(self.world.burgers)
        if kind < 0.70:
            return bedrijf
        if kind < 0.75:
            handelsnaam = [f"{bedrijf.naam} vestiging"]
            return m.Vestiging(
                vestigings_nummer=bedrijf.vestigingsnummer,
                kvk_nummer=bedrijf.kvk,
                handelsnaam=handelsnaam,
            )
        if kind < 0.90:
            return rng.choice(self.medewerkers)
        return self.eenheid

    def zaak(self, i: int, zaaktype: str | None = None, level: str | None = None) -> WZaak:
        rng, w = self.rng, self.w
        zt = rng.choice(ZAAKTYPEN) if zaaktype is None else ZAAKTYPE_BY_KEY[zaaktype]
        z_uuid = self.uuid()
        startdatum = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
        closed = rng.random() < 0.3
        earlier = list(self.world.zaken.values())
        hoofdzaak = rng.choice(earlier) if earlier and rng.random() < 0.15 else None
        row = add_zaak(
            w,
            uuid=z_uuid,
            identificatie=f"PROP-{i + 1:05d}",
            zaaktype=zt,
            omschrijving=f"{zt.onderwerp} {rng.choice(WOORDEN)} {i + 1}",
            toelichting=f"Geheime toelichting {i + 1}",
            startdatum=startdatum,
            vertrouwelijkheid=level or self.level(),
            einddatum=startdatum + timedelta(days=30) if closed else None,
            hoofdzaak_uuid=hoofdzaak.uuid if hoofdzaak else None,
        )
        statussen = rng.randint(1, len(zt.statustypen)) if rng.random() < 0.75 or level else 0
        if statussen:
            add_statussen(w, row, zt, statussen, startdatum)
        if closed:
            add_resultaat(w, row, zt, 0, self.uuid(), "Afgehandeld.")
        zaak = WZaak(
            url=url("zaak", z_uuid),
            uuid=z_uuid,
            identificatie=row["identificatie"],
            zaaktype=url("zaaktype", zaaktype_uuid(zt.key)),
            omschrijving=row["omschrijving"],
            vertrouwelijkheid=row["vertrouwelijkheidaanduiding"],
            startdatum=startdatum,
            einddatum=row["einddatum"],
            statustype=url("statustype", statustype_uuid(zt.key, statussen)) if statussen else None,
            hoofdzaak=hoofdzaak.url if hoofdzaak else None,
        )
        rollen: list[tuple[str, Betrokkene]] = [("initiator", self.betrokkene())]
        if rng.random() < 0.35:
            rollen.append(("belanghebbende", self.klant()))
        if rng.random() < 0.8:
            rollen.append(("behandelaar", rng.choice(self.medewerkers)))
        if rng.random() < 0.15:
            contacters: list[Betrokkene] = [*self.medewerkers, *self.world.burgers]
            rollen.append(("klantcontacter", rng.choice(contacters)))
        for n, (soort, betrokkene) in enumerate(rollen):
            r_uuid = self.uuid()
            op = moment(startdatum, 9, n)
            add_rol(
                w,
                uuid=r_uuid,
                zaak_uuid=z_uuid,
                zaaktype=zt,
                rol=soort,
                betrokkene=betrokkene,
                op=op,
            )
            kind, naam, idents = _describe(betrokkene)
            omschrijving, generiek = ROLTYPEN[soort]
            zaak.rollen.append(WRol(url("rol", r_uuid), omschrijving, generiek, naam, kind, idents))
        self.world.zaken[zaak.url] = zaak
        for j in range(rng.choices((0, 1, 2, 3), weights=(2, 3, 2, 1))[0]):
            self.document(zaak, startdatum, j)
        return zaak

    def document(self, zaak: WZaak | None, dag: date, j: int) -> None:
        rng, w = self.rng, self.w
        d_uuid = self.uuid()
        n = len(self.world.documenten) + 1
        op = moment(dag + timedelta(days=j), rng.randrange(8, 18), rng.randrange(60))
        iot = rng.choice(list(INFORMATIEOBJECTTYPEN))
        doc = WDocument(
            url=url("document", d_uuid),
            uuid=d_uuid,
            identificatie=f"PROP-DOC-{n:05d}",
            titel=f"{rng.choice(TITELS)} {n}",
            status=rng.choice(DOCUMENT_STATUSSEN),
            vertrouwelijkheid=self.level(),
            iot=url("iot", iot_uuid(iot)),
            begin_registratie=op,
        )
        add_document(
            w,
            uuid=d_uuid,
            identificatie=doc.identificatie,
            iot=iot,
            titel=doc.titel,
            vertrouwelijkheid=doc.vertrouwelijkheid,
            status=doc.status,
            op=op,
            inhoud=b"proef\n",
            bestandsnaam=f"doc-{n}.txt",
            formaat="text/plain",
        )
        targets = [zaak] if zaak is not None else []
        if zaak is not None and rng.random() < 0.15:
            other = rng.choice(list(self.world.zaken.values()))
            if other is not zaak:
                targets.append(other)
        for k, target in enumerate(targets):
            link_op = op + timedelta(minutes=k)
            link_document(
                w, uuid=self.uuid(), zaak_uuid=target.uuid, document_uuid=d_uuid, op=link_op
            )
            doc.zaken.append(target.url)
        self.world.documenten[doc.url] = doc

    def klantcontact(
        self,
        i: int,
        klanten: list[Persoon | Bedrijf] | None = None,
        zaken: list[WZaak] | None = None,
    ) -> None:
        rng = self.rng
        k_uuid = self.uuid()
        aantal = rng.choices((0, 1, 2), weights=(1, 7, 2))[0]
        klanten = list(klanten or [])
        while len(klanten) < aantal:
            klant = self.klant()
            if klant not in klanten:
                klanten.append(klant)
        zaken = list(zaken or [])
        for _ in range(0 if zaken else rng.choices((0, 1, 2), weights=(3, 6, 2))[0]):
            eigen = [
                z
                for z in self.world.zaken.values()
                if klanten and any(r.idents & self.idents(klanten[0]) for r in z.rollen)
            ]
            pool = eigen if eigen and rng.random() < 0.6 else list(self.world.zaken.values())
            zaak = rng.choice(pool)
            if zaak not in zaken:
                zaken.append(zaak)
        dag = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
        contact = WKlantcontact(
            url=url("klantcontact", k_uuid),
            uuid=k_uuid,
            nummer=f"KC{i + 1:06d}",
            kanaal=rng.choice(KANALEN),
            onderwerp=f"{rng.choice(ONDERWERPEN)} {i + 1}",
            plaatsgevonden_op=moment(dag, rng.randrange(8, 18), rng.randrange(60)),
        )
        add_klantcontact(
            self.w,
            uuid=k_uuid,
            nummer=contact.nummer,
            kanaal=contact.kanaal,
            onderwerp=contact.onderwerp,
            inhoud="Inhoud van het gesprek.",
            op=contact.plaatsgevonden_op,
            klant=klanten[0] if klanten else None,
            zaak_uuid=zaken[0].uuid if zaken else None,
        )
        for n, klant in enumerate(klanten):
            if n:
                self.extra_betrokkene(k_uuid, klant)
            persoon = isinstance(klant, Persoon)
            contact.betrokkenen.append(
                WBetrokkene(
                    volledige_naam=klant.naam if persoon else "",
                    organisatienaam="" if persoon else klant.naam,
                    initiator=n == 0,
                    idents=self.idents(klant),
                )
            )
        for n, zaak in enumerate(zaken):
            if n:
                self.onderwerpobject(k_uuid, "zgw-Zaak", zaak.uuid)
            contact.zaken.append(zaak.url)
            contact.onderwerpobjecten.append(("zgw-Zaak", zaak.uuid))
        if rng.random() < 0.1:  # about something that is not a zaak
            product = self.uuid()
            self.onderwerpobject(k_uuid, "product", product)
            contact.onderwerpobjecten.append(("product", product))
        self.world.klantcontacten[contact.url] = contact

    @staticmethod
    def idents(klant: Persoon | Bedrijf) -> frozenset[Ident]:
        """What a klantcontact betrokkene row names (the builder writes BSN or KvK only)."""
        if isinstance(klant, Persoon):
            return person_idents(klant)
        return frozenset({("kvk_nummer", klant.kvk)})

    def extra_betrokkene(self, k_uuid: str, klant: Persoon | Bedrijf) -> None:
        persoon = isinstance(klant, Persoon)
        self.w.add(
            KlantcontactBetrokkeneRow,
            uuid=self.uuid(),
            klantcontact_uuid=k_uuid,
            rol="klant",
            initiator=False,
            partij_identificatoren=[
                {
                    "codeObjecttype": "natuurlijk_persoon"
                    if persoon
                    else "niet_natuurlijk_persoon",
                    "codeSoortObjectId": "bsn" if persoon else "kvk_nummer",
                    "objectId": klant.bsn if isinstance(klant, Persoon) else klant.kvk,
                    "codeRegister": "brp" if persoon else "hr",
                }
            ],
            bsn=klant.bsn if isinstance(klant, Persoon) else None,
            kvk_nummer=None if isinstance(klant, Persoon) else klant.kvk,
            volledige_naam=klant.naam if persoon else "",
            organisatienaam="" if persoon else klant.naam,
        )

    def onderwerpobject(self, k_uuid: str, objecttype: str, object_id: str) -> None:
        self.w.add(
            OnderwerpobjectRow,
            uuid=self.uuid(),
            klantcontact_uuid=k_uuid,
            code_objecttype=objecttype,
            code_register="openzaak" if objecttype == "zgw-Zaak" else "pdc",
            code_soort_object_id="uuid",
            object_id=object_id,
        )


def generate(seed: int) -> tuple[World, BulkWriter]:
    """The world of `seed` and the rows to write for it (catalogus included)."""
    gen = _Generator(seed)
    aantal = gen.rng.randint(60, 100)
    for i in range(aantal):
        gen.zaak(i)
    # always there: a klantcontact of a burger about a public zaak and about an internal, secret
    # one (what a klantcontact is about must not reveal the zaak outside the caller's scope)
    burger = gen.world.burgers[0]
    publiek = gen.zaak(aantal, "parkeervergunning", "openbaar")
    geheim = gen.zaak(aantal + 1, "integriteitsmelding", "geheim")
    for j in range(10):  # the post room's inbox: documents linked to no zaak
        gen.document(None, date(2024, 1, 1) + timedelta(days=gen.rng.randrange(900)), j)
    for i in range(gen.rng.randint(30, 50)):
        gen.klantcontact(i)
    gen.klantcontact(len(gen.world.klantcontacten), [burger], [publiek, geheim])
    return gen.world, gen.w

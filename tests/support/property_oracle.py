"""The oracle of the property-based authorisation test: what a principal may see, computed
directly from the generated data (`World`) and the role policies as the TOML files state them.

Deliberately independent of the gateway's own scope code: it reads `policies/*.toml` itself
(so a policy change is followed) and re-implements the rules of DESIGN.md's role table in plain
Python. It never calls `Scope`, `scope_voor`, the row guard or the SQL scope functions.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from gateway.authz.principal import Principal
from tests.support.property_records import (
    LEVELS,
    ZAAK_OBJECTTYPES,
    Ident,
    WDocument,
    WKlantcontact,
    World,
    WRol,
    WZaak,
)

POLICIES = Path(__file__).resolve().parents[2] / "policies"
ALL = "*"


def rank(level: str) -> int:
    return LEVELS.index(level)


@dataclass(frozen=True)
class Policy:
    """One role's policy file, as the test reads it."""

    role: str
    raw: dict[str, Any] = field(repr=False)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(f"Policy({self.role!r})")

    @classmethod
    def load(cls, role: str) -> Policy:
        raw = tomllib.loads((POLICIES / f"{role}.toml").read_text(encoding="utf-8"))
        assert raw["role"] == role
        return cls(role, raw)

    def allows(self, type_name: str, field_name: str) -> bool:
        if field_name.startswith("__"):
            return True
        fields = self.raw["fields"]
        if fields.get(ALL) == ALL:
            return True
        allowed = fields.get(type_name)
        return allowed is not None and (allowed == ALL or field_name in allowed)

    @property
    def denial_code(self) -> str:
        return "UNAUTHENTICATED" if self.role == "anoniem" else "FORBIDDEN"

    def scope(self, section: str) -> dict[str, Any]:
        return dict(self.raw["scope"][section])


def identities(p: Principal) -> frozenset[Ident]:
    found = {
        ("bsn", p.bsn),
        ("kvk_nummer", p.kvk),
        ("rsin", p.rsin),
        ("vestigingsnummer", p.vestigingsnummer),
    }
    return frozenset((soort, waarde) for soort, waarde in found if waarde)


class Index:
    """Reverse links of a world, computed once."""

    def __init__(self, world: World) -> None:
        self.documenten_van_zaak: dict[str, list[WDocument]] = defaultdict(list)
        self.klantcontacten_van_zaak: dict[str, list[WKlantcontact]] = defaultdict(list)
        self.deelzaken: dict[str, list[WZaak]] = defaultdict(list)
        for d in world.documenten.values():
            for z in d.zaken:
                self.documenten_van_zaak[z].append(d)
        for k in world.klantcontacten.values():
            for z in k.zaken:
                self.klantcontacten_van_zaak[z].append(k)
        for zaak in world.zaken.values():
            if zaak.hoofdzaak is not None:
                self.deelzaken[zaak.hoofdzaak].append(zaak)


class Oracle:
    """The visible sets of one principal."""

    def __init__(self, world: World, index: Index, policy: Policy, principal: Principal) -> None:
        self.world, self.index, self.policy, self.principal = world, index, policy, principal
        self.ids = identities(principal)
        zaken = policy.scope("zaken")
        self._zaken_scope = zaken
        maximum = zaken["max_vertrouwelijkheid"]
        if maximum == "token":
            token = principal.max_vertrouwelijkheid
            maximum = token.value if token else zaken.get("max_vertrouwelijkheid_standaard")
        self.max_zaak: str | None = maximum
        documenten = policy.scope("documenten")
        doc_max = documenten["max_vertrouwelijkheid"]
        self.max_document: str | None = maximum if doc_max == "token" else doc_max
        self.document_statussen: Any = documenten["statussen"]
        self.documenten_zonder_zaak: bool = documenten["zonder_zaak"]
        klantcontacten = policy.scope("klantcontacten")
        self.klantcontacten_eigen: bool = klantcontacten["alleen_eigen"]
        self.klantcontacten_zonder_zaak: bool = klantcontacten["zonder_zaak"]
        rollen = policy.scope("rollen")
        self.rollen_eigen: bool = rollen["alleen_eigen"]
        self.rollen_soorten: Any = rollen["omschrijving_generiek"]

    # --- the visible sets ----------------------------------------------------------------------

    def _zaaktype_granted(self, zt_url: str) -> bool:
        wanted = self._zaken_scope["zaaktypen"]
        if wanted == "token":
            if ALL in self.principal.zaaktypen:
                return True
            wanted = self.principal.zaaktypen
        elif wanted == ALL:
            return True
        zt = self.world.zaaktypen[zt_url]
        return zt.url in wanted or zt.identificatie in wanted

    @cached_property
    def zaaktypen(self) -> frozenset[str]:
        extern = self._zaken_scope["alleen_extern"]
        return frozenset(
            u
            for u, zt in self.world.zaaktypen.items()
            if self._zaaktype_granted(u) and (zt.extern or not extern)
        )

    def _zaak(self, z: WZaak) -> bool:
        s = self._zaken_scope
        if z.zaaktype not in self.zaaktypen:
            return False
        if self.max_zaak is not None and rank(z.vertrouwelijkheid) > rank(self.max_zaak):
            return False
        if s["met_status"] and z.statustype is None:
            return False
        if s["betrokkene"] == "niemand":
            return False
        if s["betrokkene"] == "eigen":
            soorten = s.get("betrokkene_rollen", ALL)
            return any(
                r.idents & self.ids and (soorten == ALL or r.omschrijving_generiek in soorten)
                for r in z.rollen
            )
        return True

    @cached_property
    def zaken(self) -> frozenset[str]:
        return frozenset(u for u, z in self.world.zaken.items() if self._zaak(z))

    @cached_property
    def zaak_uuids(self) -> frozenset[str]:
        return frozenset(self.world.zaken[u].uuid for u in self.zaken)

    def document_metadata(self, d: WDocument) -> bool:
        if self.document_statussen != ALL and d.status not in self.document_statussen:
            return False
        return self.max_document is None or rank(d.vertrouwelijkheid) <= rank(self.max_document)

    @cached_property
    def documenten(self) -> frozenset[str]:
        return frozenset(
            u
            for u, d in self.world.documenten.items()
            if self.document_metadata(d)
            and (
                any(z in self.zaken for z in d.zaken)
                or (self.documenten_zonder_zaak and not d.zaken)
            )
        )

    def klantcontact_metadata(self, k: WKlantcontact) -> bool:
        return not self.klantcontacten_eigen or any(b.idents & self.ids for b in k.betrokkenen)

    @cached_property
    def klantcontacten(self) -> frozenset[str]:
        return frozenset(
            u
            for u, k in self.world.klantcontacten.items()
            if self.klantcontact_metadata(k)
            and (
                any(z in self.zaken for z in k.zaken)
                or (self.klantcontacten_zonder_zaak and not k.zaken)
            )
        )

    # --- relations of a visible object -----------------------------------------------------------

    def rollen(self, zaak: str) -> list[WRol]:
        return [
            r
            for r in self.world.zaken[zaak].rollen
            if (self.rollen_soorten == ALL or r.omschrijving_generiek in self.rollen_soorten)
            and (not self.rollen_eigen or r.idents & self.ids)
        ]

    def documenten_van_zaak(self, zaak: str) -> set[str]:
        return {d.url for d in self.index.documenten_van_zaak[zaak] if self.document_metadata(d)}

    def klantcontacten_van_zaak(self, zaak: str) -> set[str]:
        return {
            k.url for k in self.index.klantcontacten_van_zaak[zaak] if self.klantcontact_metadata(k)
        }

    def deelzaken(self, zaak: str) -> set[str]:
        return {z.url for z in self.index.deelzaken[zaak] if z.url in self.zaken}

    def hoofdzaak(self, zaak: str) -> str | None:
        hoofdzaak = self.world.zaken[zaak].hoofdzaak
        return hoofdzaak if hoofdzaak in self.zaken else None

    def zaken_van_document(self, document: str) -> set[str]:
        return {z for z in self.world.documenten[document].zaken if z in self.zaken}

    def onderwerpobjecten(self, klantcontact: str) -> list[tuple[str, str]]:
        """What a visible klantcontact is about, as (codeObjecttype, objectId): objects that are
        not zaken, and the zaken the caller may see -- never a reference to a zaak outside the
        scope (as `Klantcontact.zaken` lists only the zaken the caller may see)."""
        return [
            (t, oid)
            for t, oid in self.world.klantcontacten[klantcontact].onderwerpobjecten
            if t not in ZAAK_OBJECTTYPES or oid in self.zaak_uuids
        ]

    def zaken_van_klantcontact(self, klantcontact: str) -> set[str]:
        return {z for z in self.world.klantcontacten[klantcontact].zaken if z in self.zaken}

    # --- root lists --------------------------------------------------------------------------

    def zaken_lijst(self, f: dict[str, Any] | None, ordering: str | None) -> list[str]:
        found = [self.world.zaken[u] for u in self.zaken]
        found = [z for z in found if zaak_matches(self.world, z, f or {})]
        ordering = ordering or "STARTDATUM_DESC"
        if ordering == "IDENTIFICATIE_ASC":
            found.sort(key=lambda z: z.identificatie)
        else:
            # registratiedatum is the startdatum in the generated data
            found.sort(key=lambda z: (z.startdatum, z.identificatie))
            if ordering != "STARTDATUM_ASC":
                found.reverse()
        return [z.url for z in found]

    def documenten_lijst(self, f: dict[str, Any] | None) -> list[str]:
        found = [self.world.documenten[u] for u in self.documenten]
        found = [d for d in found if document_matches(d, f or {})]
        found.sort(key=lambda d: d.uuid)
        found.sort(key=lambda d: d.begin_registratie, reverse=True)
        return [d.url for d in found]

    def klantcontacten_lijst(self, f: dict[str, Any] | None) -> list[str]:
        found = [self.world.klantcontacten[u] for u in self.klantcontacten]
        found = [k for k in found if klantcontact_matches(k, f or {})]
        found.sort(key=lambda k: k.uuid)
        found.sort(key=lambda k: k.plaatsgevonden_op, reverse=True)
        return [k.url for k in found]

    def zaaktypen_lijst(self, identificatie: str | None, geldig_op: str | None) -> set[str]:
        dag = date.fromisoformat(geldig_op) if geldig_op else None
        return {
            u
            for u in self.zaaktypen
            if (identificatie is None or self.world.zaaktypen[u].identificatie == identificatie)
            and (dag is None or _geldig(self.world, u, dag))
        }

    def zaaktype(self, url: str | None, identificatie: str | None, geldig_op: str | None) -> Any:
        if url is not None:
            return url if url in self.zaaktypen else None
        dag = date.fromisoformat(geldig_op) if geldig_op else date.today()
        versies = sorted(
            self.zaaktypen_lijst(identificatie, dag.isoformat()),
            key=lambda u: self.world.zaaktypen[u].begin,
        )
        return versies[-1] if versies else None


def _geldig(world: World, url: str, dag: date) -> bool:
    zt = world.zaaktypen[url]
    return zt.begin <= dag and (zt.einde is None or dag <= zt.einde)


def _bevat(text: str, part: str | None) -> bool:
    return not part or part.lower() in text.lower()


def zaak_matches(world: World, z: WZaak, f: dict[str, Any]) -> bool:
    def rol_names(soort: str, waarde: str | None) -> bool:
        return waarde is None or any((soort, waarde) in r.idents for r in z.rollen)

    vanaf, tot = f.get("startdatumVanaf"), f.get("startdatumTotEnMet")
    open_ = f.get("open")
    return (
        (f.get("zaaktype") is None or z.zaaktype in f["zaaktype"])
        and (
            f.get("zaaktypeIdentificatie") is None
            or world.zaaktypen[z.zaaktype].identificatie == f["zaaktypeIdentificatie"]
        )
        and (f.get("statustype") is None or z.statustype == f["statustype"])
        and rol_names("bsn", f.get("bsn"))
        and rol_names("kvk_nummer", f.get("kvk"))
        and rol_names("rsin", f.get("rsin"))
        and (f.get("identificatie") is None or z.identificatie == f["identificatie"])
        and _bevat(z.omschrijving, f.get("omschrijvingBevat"))
        and (vanaf is None or z.startdatum >= date.fromisoformat(vanaf))
        and (tot is None or z.startdatum <= date.fromisoformat(tot))
        and (open_ is None or (z.einddatum is None) == open_)
    )


def document_matches(d: WDocument, f: dict[str, Any]) -> bool:
    zonder = f.get("zonderZaak")
    return (
        _bevat(d.titel, f.get("titelBevat"))
        and (f.get("identificatie") is None or d.identificatie == f["identificatie"])
        and (f.get("informatieobjecttype") is None or d.iot == f["informatieobjecttype"])
        and (f.get("status") is None or d.status == f["status"].lower())
        and (zonder is None or (not d.zaken) == zonder)
    )


def klantcontact_matches(k: WKlantcontact, f: dict[str, Any]) -> bool:
    bsn = f.get("bsn")
    return (
        (f.get("zaak") is None or f["zaak"] in k.zaken)
        and (bsn is None or any(("bsn", bsn) in b.idents for b in k.betrokkenen))
        and (f.get("kanaal") is None or k.kanaal == f["kanaal"])
        and _bevat(k.onderwerp, f.get("onderwerpBevat"))
    )

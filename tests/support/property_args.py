"""Argument values for the generated operations' root fields: URLs and identificaties that
occur in the generated data (and some that do not), filters, orderings, page sizes, and how a
value is written as a GraphQL literal."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import strategies as st

from tests.support.property_records import KANALEN, ONDERWERPEN, TITELS, WOORDEN, World

BOGUS_UUID = "00000000-0000-4000-8000-000000000000"
PAGE_SIZES = (0, 1, 2, 3, 5, 10, 25)
GELDIG_OP = ("2020-01-01", "2023-06-01", "2024-06-01")


class EnumValue(str):
    """An enum value: a bare name in a literal, a string in variables."""


ORDERINGS = ("STARTDATUM_DESC", "STARTDATUM_ASC", "REGISTRATIEDATUM_DESC", "IDENTIFICATIE_ASC")


def identificaties(w: World) -> list[str]:
    return sorted({zt.identificatie for zt in w.zaaktypen.values()})


def bogus(path: str) -> str:
    return f"http://gateway.test/{path}/{BOGUS_UUID}"


def literal(value: Any) -> str:
    if isinstance(value, EnumValue):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def _subset(options: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=options)


def filters(w: World, root: str) -> st.SearchStrategy[dict[str, Any]]:
    """A filter of the `root` connection over values that occur in the world (and some not)."""
    bsns = [p.bsn for p in [*w.burgers, w.vreemde]]
    if root == "zaken":
        dagen = st.dates(min_value=_d("2023-12-01"), max_value=_d("2026-08-01"))
        dates = st.tuples(dagen, dagen).map(sorted)
        return _subset(
            {
                "zaaktype": st.lists(st.sampled_from(sorted(w.zaaktypen)), min_size=1, max_size=3),
                "zaaktypeIdentificatie": st.sampled_from(identificaties(w)),
                "statustype": st.sampled_from(w.statustypen),
                "bsn": st.sampled_from(bsns),
                "kvk": st.sampled_from([b.kvk for b in w.bedrijven]),
                "rsin": st.sampled_from([b.rsin for b in w.bedrijven]),
                "identificatie": st.sampled_from([z.identificatie for z in w.zaken.values()]),
                "omschrijvingBevat": st.sampled_from(
                    ["", *WOORDEN, "straat", "VERGUNNING", "melding", "100%"]
                ),
                "startdatumVanaf": dates.map(lambda d: d[0].isoformat()),
                "startdatumTotEnMet": dates.map(lambda d: d[1].isoformat()),
                "open": st.booleans(),
            }
        ).map(_ordered_dates)
    if root == "documenten":
        return _subset(
            {
                "titelBevat": st.sampled_from(["", *TITELS, "brief", "RAPPORT", "1"]),
                "identificatie": st.sampled_from([d.identificatie for d in w.documenten.values()]),
                "informatieobjecttype": st.sampled_from(w.informatieobjecttypen),
                "status": st.sampled_from(
                    ["IN_BEWERKING", "TER_VASTSTELLING", "DEFINITIEF", "GEARCHIVEERD"]
                ).map(EnumValue),
                "zonderZaak": st.booleans(),
            }
        )
    return _subset(
        {
            "zaak": st.sampled_from(sorted(w.zaken)),
            "bsn": st.sampled_from(bsns),
            "kanaal": st.sampled_from(KANALEN),
            "onderwerpBevat": st.sampled_from(["", *ONDERWERPEN, "vraag", "1"]),
        }
    )


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _ordered_dates(f: dict[str, Any]) -> dict[str, Any]:
    vanaf, tot = f.get("startdatumVanaf"), f.get("startdatumTotEnMet")
    if vanaf and tot and vanaf > tot:
        f["startdatumVanaf"], f["startdatumTotEnMet"] = tot, vanaf
    return f

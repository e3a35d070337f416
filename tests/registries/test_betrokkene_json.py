"""Whom a rol names, read straight from its identificatie's JSON (`identiteiten_uit_json`, what
the row guard and the audit log use for every rol), equals what the identificatie object says
(`betrokkene_ids`), for every kind of betrokkene and any mix of filled and empty keys."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from registries import models as m
from registries.betrokkene_json import (
    IDENTIFICATIE_VELDEN,
    identificatie_uit_json,
    identiteiten_uit_json,
)

_WAARDEN = st.one_of(st.none(), st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=9))


@st.composite
def _identificatie(draw: st.DrawFn) -> tuple[m.BetrokkeneType, dict[str, Any] | None]:
    soort = draw(st.sampled_from(list(m.BetrokkeneType)))
    if draw(st.booleans()) and draw(st.booleans()):
        return soort, None
    _cls, velden = IDENTIFICATIE_VELDEN[soort]
    data: dict[str, Any] = {}
    for key in velden:
        waarde = draw(_WAARDEN)
        if waarde is not None or draw(st.booleans()):
            data[key] = ["handelsnaam"] if key == "handelsnaam" else waarde
    return soort, data


@given(_identificatie())
def test_identities_from_the_json_equal_those_of_the_identificatie(
    gegeven: tuple[m.BetrokkeneType, dict[str, Any] | None],
) -> None:
    soort, data = gegeven
    assert identiteiten_uit_json(soort, data) == m.betrokkene_ids(
        identificatie_uit_json(soort, data)
    )

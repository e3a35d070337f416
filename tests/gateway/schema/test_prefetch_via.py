"""A relation answered out of a sibling field's load (`Relation.via`): a zaak's current status
out of its statussen when an operation selects both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from graphql import parse

from gateway.runtime import Runtime
from gateway.schema.batching import BatchLoader
from gateway.schema.prefetch import Selection, prefetch
from tests.conftest import behandelaar
from tests.support.graphql import data
from tests.support.statements import count_statements

STATUS = "status { datumStatusGezet statustoelichting statustype { omschrijving } }"
STATUSSEN = "statussen { datumStatusGezet statustype { omschrijving } }"


def _query(*fields: str) -> str:
    return f"{{ zaken(first: 100) {{ nodes {{ identificatie {' '.join(fields)} }} }} }}"


async def test_status_and_statussen_take_the_statements_of_statussen_alone(
    store_runtime: Runtime,
) -> None:
    principal = behandelaar()
    await data(store_runtime, _query(STATUS), principal=principal)  # warm the catalogus
    counts = {}
    found = {}
    for naam, fields in {
        "status": (STATUS,),
        "statussen": (STATUSSEN,),
        "beide": (STATUS, STATUSSEN),
    }.items():
        with count_statements(store_runtime.store) as counter:
            found[naam] = await data(store_runtime, _query(*fields), principal=principal)
        counts[naam] = counter.count
    assert counts["beide"] == counts["statussen"], counts
    assert counts["status"] == counts["statussen"], counts  # either relation: one read
    alleen = {z["identificatie"]: z["status"] for z in found["status"]["zaken"]["nodes"]}
    beide = {z["identificatie"]: z["status"] for z in found["beide"]["zaken"]["nodes"]}
    assert beide == alleen
    assert sum(v is not None for v in beide.values()) > 1, "the demo data has statussen"


async def test_same_answers_on_every_backend(fresh_runtime: Runtime) -> None:
    """The derived status is the status the status relation loads, on the ZGW backend too."""
    principal = behandelaar()
    alleen = await data(fresh_runtime, _query(STATUS), principal=principal)
    beide = await data(fresh_runtime, _query(STATUSSEN, STATUS), principal=principal)
    assert [z["status"] for z in beide["zaken"]["nodes"]] == [
        z["status"] for z in alleen["zaken"]["nodes"]
    ]


@dataclass
class _Status:
    url: str
    statustype: str | None = None


@dataclass
class _Zaak:
    url: str
    status: str | None


class _Loaders:
    """Loaders of the two relations, counting what each batch function is asked."""

    def __init__(self, statussen: dict[str, list[_Status]], status: dict[str, _Status]) -> None:
        self.gevraagd: dict[str, list[list[str]]] = {"statussen": [], "status": []}

        async def _statussen(keys: list[str]) -> list[list[_Status]]:
            self.gevraagd["statussen"].append(keys)
            return [statussen.get(k, []) for k in keys]

        async def _status(keys: list[str]) -> list[_Status | None]:
            self.gevraagd["status"].append(keys)
            return [status.get(k) for k in keys]

        self.statussen: BatchLoader[str, list[_Status]] = BatchLoader(_statussen)
        self.status: BatchLoader[str, _Status | None] = BatchLoader(_status)


def _selection(text: str) -> Selection:
    operation: Any = parse(f"{{ x {{ {text} }} }}").definitions[0]
    return Selection.of_fields(operation.selection_set.selections, {}, {})


async def test_only_what_cannot_be_derived_is_loaded_on_its_own() -> None:
    """z2's status is missing from its statussen (data changed between reads): it gets its own
    read, of that status only; z3 has no status at all."""
    s1, s2 = _Status("s1"), _Status("s2")
    loaders = _Loaders({"z1": [s1], "z2": []}, {"s2": s2})
    zaken = [_Zaak("z1", "s1"), _Zaak("z2", "s2"), _Zaak("z3", None)]
    await prefetch(loaders, "Zaak", zaken, _selection("status { url } statussen { url }"))
    assert loaders.gevraagd == {"statussen": [["z1", "z2", "z3"]], "status": [["s2"]]}
    assert loaders.status.peek("s1") is s1
    assert loaders.status.peek("s2") is s2


@pytest.mark.parametrize(
    "text", ["status { url }", "status { url } statussen @skip(if: true) { url }"]
)
async def test_without_the_sibling_the_relation_loads_on_its_own(text: str) -> None:
    loaders = _Loaders({"z1": [_Status("s1")]}, {"s1": _Status("s1")})
    await prefetch(loaders, "Zaak", [_Zaak("z1", "s1")], _selection(text))
    assert loaders.gevraagd == {"statussen": [], "status": [["s1"]]}


async def test_a_failed_sibling_leaves_the_relation_to_its_own_read() -> None:
    loaders = _Loaders({}, {"s1": _Status("s1")})

    async def kapot(keys: list[str]) -> list[list[_Status]]:
        raise RuntimeError("upstream down")

    loaders.statussen = BatchLoader(kapot)
    await prefetch(
        loaders, "Zaak", [_Zaak("z1", "s1")], _selection("status { url } statussen { url }")
    )
    assert loaders.gevraagd["status"] == [["s1"]]
    assert loaders.status.peek("s1") == _Status("s1")

"""Relations loaded together: a relation answered out of a sibling field's load
(`Relation.via`: a zaak's current status out of its statussen when an operation selects both),
and a bundle of relations in one read (`BUNDELS`: a zaak's statussen, rollen, eigenschappen and
resultaat)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import parse

from gateway.runtime import Runtime
from gateway.schema.batching import MISSING, BatchLoader
from gateway.schema.loaders import Loaders
from gateway.schema.prefetch import Selection, bundel_leden, prefetch
from registries.scope import Scope
from tests.conftest import behandelaar
from tests.support.graphql import data
from tests.support.statements import count_statements

STATUS = "status { datumStatusGezet statustoelichting statustype { omschrijving } }"
STATUSSEN = "statussen { datumStatusGezet statustype { omschrijving } }"


def _query(*fields: str) -> str:
    return f"{{ zaken(first: 100) {{ nodes {{ identificatie {' '.join(fields)} }} }} }}"


async def test_status_and_statussen_take_the_statements_of_statussen_alone(
    store_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the usual way's prefetch (the JSON the store builds answers this list in one statement:
    # tests/gateway/schema/test_json_wortel.py)
    monkeypatch.setattr(store_runtime.schema, "use_json", False)
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
    assert counts["statussen"] >= 2, counts  # the zaken, then their statussen
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


DETAIL = """{ zaken(first: 100) { nodes { identificatie
  status { datumStatusGezet statustype { omschrijving } }
  statussen { datumStatusGezet statustoelichting statustype { omschrijving volgnummer } }
  rollen { omschrijving naam roltype { omschrijving } }
  eigenschappen { naam waarde }
  resultaat { toelichting resultaattype { omschrijving } }
  documenten { titel vertrouwelijkheidaanduiding informatieobjecttype { omschrijving } }
  klantcontacten { nummer kanaal onderwerp plaatsgevondenOp }
} } }"""


async def test_a_list_reads_each_kind_of_child_on_its_own(store_runtime: Runtime) -> None:
    """What the zaak detail asks, below a list: the zaken, then a read per kind of child (the
    driver's rows cost less CPU than JSON once there are many; the catalogus is cached, and the
    current status comes out of the statussen); the same answers as each relation asked on its
    own."""
    principal = behandelaar()
    await data(store_runtime, DETAIL, principal=principal)  # warm the catalogus
    with count_statements(store_runtime.store) as counter:
        samen = await data(store_runtime, DETAIL, principal=principal)
    assert counter.count == 7, counter.statements
    nodes = samen["zaken"]["nodes"]
    for veld in (
        "status",
        "statussen",
        "rollen",
        "eigenschappen",
        "resultaat",
        "documenten",
        "klantcontacten",
    ):
        deel = DETAIL.split("\n")[1:-1]
        alleen = next(regel for regel in deel if regel.strip().startswith(veld + " "))
        los = await data(
            store_runtime,
            f"{{ zaken(first: 100) {{ nodes {{ identificatie {alleen} }} }} }}",
            principal=principal,
        )
        assert [z[veld] for z in los["zaken"]["nodes"]] == [z[veld] for z in nodes], veld
    assert any(z["resultaat"] for z in nodes) and any(z["eigenschappen"] for z in nodes)


async def test_bundle_answers_equal_on_every_backend(fresh_runtime: Runtime) -> None:
    """The ZGW backend has no bundle read: each relation loads on its own, same answers."""
    principal = behandelaar()
    samen = await data(fresh_runtime, DETAIL, principal=principal)
    assert samen["zaken"]["nodes"]
    for z in samen["zaken"]["nodes"]:
        huidige = z["status"]
        if huidige is not None:
            assert huidige["datumStatusGezet"] in [s["datumStatusGezet"] for s in z["statussen"]]


class _BundelLoaders(_Loaders):
    """Adds rollen and the bundle read (`zaak_kinderen`), counting its batches. The bundle
    answers statussen and rollen by claiming their keys, as `Loaders._zaak_kinderen` does."""

    def __init__(self, heeft_bundel: bool = True, bundel_faalt: bool = False) -> None:
        super().__init__({"z1": [_Status("s1")]}, {"s1": _Status("s1")})
        self.gevraagd["rollen"] = []
        self.gevraagd["bundel"] = []
        self.heeft_bundel = heeft_bundel
        self.bundel_faalt = bundel_faalt
        self.bundels: dict[frozenset[str], BatchLoader[str, bool]] = {}

        async def _rollen(keys: list[str]) -> list[list[str]]:
            self.gevraagd["rollen"].append(keys)
            return [["r"] for _k in keys]

        self.zichtbare_rollen: BatchLoader[str, list[str]] = BatchLoader(_rollen)

    def zaak_kinderen(self, soorten: frozenset[str]) -> BatchLoader[str, bool] | None:
        if not self.heeft_bundel:
            return None

        async def _bundel(keys: list[str]) -> list[bool]:
            self.gevraagd["bundel"].append(keys)
            leden: list[tuple[Any, Any]] = []
            if "statussen" in soorten:
                leden.append((self.statussen, [_Status("s1")]))
            if "rollen" in soorten:
                leden.append((self.zichtbare_rollen, ["r"]))
            claims = [(loader, loader.claim(keys), waarde) for loader, waarde in leden]
            await asyncio.sleep(0)  # siblings start while the read runs
            if self.bundel_faalt:
                for loader, claimed, _waarde in claims:
                    loader.settle(claimed, RuntimeError("upstream down"), [])
                raise RuntimeError("upstream down")
            for loader, claimed, waarde in claims:
                loader.settle(claimed, {k: waarde for k in keys}, [])
            return [True for _k in keys]

        return self.bundels.setdefault(soorten, BatchLoader(_bundel))


@pytest.mark.parametrize(
    ("text", "bundel", "los"),
    [
        ("statussen { url } rollen { url }", [["z1"]], []),
        ("status { url } statussen { url } rollen { url }", [["z1"]], []),
        ("status { url } rollen { url }", [], ["rollen", "status"]),  # status is no member
        ("statussen { url }", [], ["statussen"]),  # one member: its own read
        ("statussen { url } rollen @include(if: false) { url }", [], ["statussen"]),
    ],
)
async def test_a_bundle_loads_when_two_members_are_selected(
    text: str, bundel: list[list[str]], los: list[str]
) -> None:
    loaders = _BundelLoaders()
    await prefetch(loaders, "Zaak", [_Zaak("z1", "s1")], _selection(text), samen=True)
    assert loaders.gevraagd["bundel"] == bundel
    assert sorted(k for k in ("statussen", "status", "rollen") if loaders.gevraagd[k]) == los


@pytest.mark.parametrize("faalt", [False, True], ids=["no-bundle-read", "bundle-read-fails"])
async def test_without_a_bundle_each_member_loads_on_its_own(faalt: bool) -> None:
    loaders = _BundelLoaders(heeft_bundel=faalt, bundel_faalt=faalt)
    await prefetch(
        loaders,
        "Zaak",
        [_Zaak("z1", "s1")],
        _selection("statussen { url } rollen { url }"),
        samen=True,
    )
    assert loaders.gevraagd["statussen"] == [["z1"]]
    assert loaders.gevraagd["rollen"] == [["z1"]]
    assert loaders.statussen.peek("z1") == [_Status("s1")]


async def test_a_claimed_key_waits_for_the_bundle_instead_of_reading_again() -> None:
    """A sibling branch that asks for a claimed key while the bundle's read runs (here: the
    zaak's statussen, asked directly) gets the bundle's answer, and no read of its own."""
    loaders = _BundelLoaders()
    bundel = loaders.zaak_kinderen(frozenset({"statussen", "rollen"}))
    assert bundel is not None
    lopend = asyncio.ensure_future(bundel.fetch(["z1"]))
    await asyncio.sleep(0)  # the bundle has claimed z1 and waits for its read
    assert await loaders.statussen.fetch(["z1"]) == {"z1": [_Status("s1")]}
    await lopend
    assert loaders.gevraagd["statussen"] == []


async def test_settle_with_an_error_forgets_the_claim() -> None:
    loaders = _Loaders({"z1": [_Status("s1")]}, {})
    claimed = loaders.statussen.claim(["z1", "z1"])
    assert list(claimed) == ["z1"]
    assert loaders.statussen.claim(["z1"]) == {}  # claimed already: not twice
    wachter = asyncio.ensure_future(loaders.statussen.load("z1"))
    await asyncio.sleep(0)
    loaders.statussen.settle(claimed, RuntimeError("kapot"), [])
    with pytest.raises(RuntimeError, match="kapot"):
        await wachter
    assert loaders.statussen.peek("z1") is MISSING  # forgotten: a later fetch reads it
    assert await loaders.statussen.fetch(["z1"]) == {"z1": [_Status("s1")]}
    assert loaders.gevraagd["statussen"] == [["z1"]]


async def test_settle_gives_the_default_for_keys_the_read_did_not_return() -> None:
    loaders = _Loaders({}, {})
    claimed = loaders.statussen.claim(["z1", "z2"])
    loaders.statussen.settle(claimed, {"z1": [_Status("s1")]}, [])
    assert loaders.statussen.peek("z1") == [_Status("s1")]
    assert loaders.statussen.peek("z2") == []
    assert loaders.gevraagd["statussen"] == []


async def test_catalogus_relations_are_awaited_in_place() -> None:
    """A relation into the catalogus (cached by the registry) gets no task of its own: with one
    other relation beside it, the prefetch starts no task at all."""
    loaders = _Loaders({"z1": [_Status("s1")]}, {})
    gevraagd: list[list[str]] = []

    async def _zaaktypen(keys: list[str]) -> list[str]:
        gevraagd.append(keys)
        return ["ZT" for _k in keys]

    loaders.zaaktype = BatchLoader(_zaaktypen)  # type: ignore[attr-defined]
    zaak = _Zaak("z1", "s1")
    zaak.zaaktype = "zt1"  # type: ignore[attr-defined]
    loop = asyncio.get_running_loop()
    taken: list[Any] = []
    vorige = loop.get_task_factory()

    def tel(loop: asyncio.AbstractEventLoop, coro: Any, **kw: Any) -> asyncio.Future[Any]:
        taken.append(coro)
        return asyncio.Task(coro, loop=loop, **kw)

    loop.set_task_factory(tel)
    try:
        await prefetch(
            loaders, "Zaak", [zaak], _selection("zaaktype { omschrijving } statussen { url }")
        )
    finally:
        loop.set_task_factory(vorige)
    assert taken == []
    assert gevraagd == [["zt1"]] and loaders.gevraagd["statussen"] == [["z1"]]


async def test_one_zaak_with_its_children_in_one_read(store_runtime: Runtime) -> None:
    """The zaak detail: by identificatie, the zaak and its children in one statement
    (`zaken_met_kinderen`); by url, the zaak, then its children in one more (`zaak_kinderen`).
    The same answers as the list gives."""
    principal = behandelaar()
    lijst = await data(store_runtime, DETAIL, principal=principal)
    # the zaak with the most kinds of children (documents and klantcontacten among them)
    gezocht = max(
        lijst["zaken"]["nodes"],
        key=lambda z: (
            sum(bool(z[k]) for k in ("resultaat", "eigenschappen", "documenten"))
            + 2 * bool(z["klantcontacten"])
        ),
    )
    assert gezocht["documenten"] and gezocht["klantcontacten"]
    velden = DETAIL.split("nodes {")[1].rsplit("} } }", 1)[0]
    query = f'{{ zaak(identificatie: "{gezocht["identificatie"]}") {{ url {velden} }} }}'
    with count_statements(store_runtime.store) as counter:
        found = await data(store_runtime, query, principal=principal)
    assert counter.count == 1, counter.statements
    url = found["zaak"].pop("url")
    assert found["zaak"] == gezocht
    query = f'{{ zaak(url: "{url}") {{ {velden} }} }}'
    with count_statements(store_runtime.store) as counter:
        found = await data(store_runtime, query, principal=principal)
    assert counter.count == 2, counter.statements
    assert found["zaak"] == gezocht


@pytest.mark.parametrize(
    ("text", "leden"),
    [
        ("statussen { url }", {"statussen"}),
        ("status { url }", set()),  # the current status alone is no member
        ("status { url } statussen { url } rollen { url }", {"statussen", "rollen"}),
        ("...Z", {"eigenschappen", "resultaat"}),
        ("rollen @skip(if: true) { url } resultaat { url }", {"resultaat"}),
        ("zaaktype { url } documenten { url }", {"documenten"}),
        ("klantcontacten { nummer } hoofdzaak { url }", {"klantcontacten"}),
        ("zaaktype { url } hoofdzaak { url }", set()),
    ],
)
def test_bundle_members_a_read_of_zaken_can_bring(text: str, leden: set[str]) -> None:
    operation: Any = parse(
        f"{{ x {{ {text} }} }} fragment Z on Zaak {{ eigenschappen {{ naam }} resultaat {{ url }} }}"
    )
    fragments = {d.name.value: d for d in operation.definitions[1:]}
    selection = Selection.of_fields(
        operation.definitions[0].selection_set.selections, fragments, {}
    )
    assert bundel_leden("Zaak", selection) == leden


async def test_no_bundle_for_a_list() -> None:
    loaders = _BundelLoaders()
    await prefetch(
        loaders, "Zaak", [_Zaak("z1", "s1")], _selection("statussen { url } rollen { url }")
    )
    assert loaders.gevraagd["bundel"] == []
    assert loaders.gevraagd["statussen"] == [["z1"]] and loaders.gevraagd["rollen"] == [["z1"]]


async def test_a_zaak_the_guard_drops_leaves_its_children_in_no_loader(
    store_runtime: Runtime, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A store that hands out a zaak out of the caller's scope (a leak the row guard catches):
    the zaak is NOT_FOUND, and its documents and klantcontacten, which came in the same
    statement, go into no loader -- the klantcontact loader hands a klantcontact out by url
    without the check of its zaak."""
    lijst = await data(
        store_runtime,
        "{ zaken(first: 100) { nodes { identificatie zaaktype { identificatie }"
        " documenten { titel } klantcontacten { nummer } } } }",
        principal=behandelaar(),
    )
    doel = next(z for z in lijst["zaken"]["nodes"] if z["klantcontacten"] and z["documenten"])
    ander = next(
        z["zaaktype"]["identificatie"]
        for z in lijst["zaken"]["nodes"]
        if z["zaaktype"]["identificatie"] != doel["zaaktype"]["identificatie"]
    )
    beperkt = behandelaar(zaaktypen=frozenset({ander}))  # may not see `doel`
    store = store_runtime.registries.zaken_met_kinderen
    assert store is not None
    original = store.zoek_zaken_met_kinderen

    async def lek(filter: Any, scope: Any, page: Any, soorten: frozenset[str]) -> Any:
        return await original(filter, Scope.alles(), page, soorten)

    genomen: list[tuple[frozenset[str], set[str]]] = []
    neem = Loaders.neem_kinderen

    def neem_kinderen(
        self: Loaders, soorten: frozenset[str], kinderen: Any, *a: Any, **k: Any
    ) -> None:
        genomen.append((soorten, set(kinderen)))
        neem(self, soorten, kinderen, *a, **k)

    monkeypatch.setattr(store, "zoek_zaken_met_kinderen", lek)
    monkeypatch.setattr(Loaders, "neem_kinderen", neem_kinderen)
    query = (
        f'{{ zaak(identificatie: "{doel["identificatie"]}") {{ identificatie'
        " statussen { url } documenten { titel } klantcontacten { nummer } } }"
    )
    with caplog.at_level(logging.WARNING, logger="zgw_gateway.authz.guard"):
        result = await store_runtime.execute(query, principal=beperkt)
    assert result.errors and result.errors[0].extensions["code"] == "NOT_FOUND"
    assert "row guard dropped 1 of" in caplog.text
    assert genomen, "the zaak's children did come with it"
    for soorten, zaken in genomen:
        assert not (soorten & {"documenten", "klantcontacten"} and zaken), genomen

"""Property-based authorisation test: no returned value lies outside the caller's scope or field
policy, whatever the operation.

For each role, hypothesis generates operations from the schema (random roots and arguments,
nesting up to five object levels in both directions, aliases, named and inline fragments, union
fragments, filters, ordering, pagination with cursors from earlier pages of this or another
caller) and runs them as one of the role's principals over randomly generated data (several
burgers and companies, every zaaktype, vertrouwelijkheid and state); some operations run again
as a caller of another role (no verdict may carry over between roles). An independent oracle
(`tests.support.property_oracle`, reading the policy files itself) says what each principal may
see; the checker (`tests.support.property_check`) compares every object of every response.

It runs on the embedded store (the generator writes its data there), not over the ZGW adapters,
whose scope push-down has its own parity tests (tests/registries/zgw). Each CI run generates
ZGW_PROPERTY_EXAMPLES operations per role on PostgreSQL when it is configured (else on SQLite),
and a quarter of that on the other store.

Environment:
- ZGW_PROPERTY_EXAMPLES: examples per role (default 1000); raise it for a long run.
- ZGW_PROPERTY_SEED: the seed of the generated data (default: a new one per run, printed).
- ZGW_PROPERTY_DERANDOMIZE=1: hypothesis derandomized, and a fixed data seed by default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from tests.support.databases import pg_url
from tests.support.property_harness import Harness, data_seed, derandomize
from tests.support.property_ops import PERCENT, operations
from tests.support.property_principals import ROLES

EXAMPLES = int(os.environ.get("ZGW_PROPERTY_EXAMPLES", "1000"))
#: share of examples that also page with a cursor (three more operations); hypothesis leans to
#: the simplest draw (no), so about half of this share does
PAGER_PERCENT = 25
#: share of examples that also run the same operation as a caller of any role (the validation
#: and field-policy verdicts must never carry over from one role to another)
REPLAY_PERCENT = 25

#: what the statistics (--hypothesis-show-statistics) count among the generated operations
FEATURES = {
    "named fragment": r"fragment F",
    "inline fragment": r"\.\.\. (on \w+ )?\{",
    "alias": r"\b[ar]\d+: ",
    "variables": r"\$v\d",
    "@skip/@include": r"@(skip|include)",
}
#: relations whose use the statistics count: the ways back and up, and the union
RELATIONS = (
    "Document.zaken",
    "Klantcontact.zaken",
    "Zaak.hoofdzaak",
    "Zaak.deelzaken",
    "Rol.betrokkeneIdentificatie",
)


def max_nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def examples(backend: str) -> int:
    """The full budget on the main store of this run (PostgreSQL when configured), a quarter on
    the other: at least EXAMPLES per role per run, at a bearable CI time."""
    main = "postgres" if pg_url() is not None else "sqlite"
    return EXAMPLES if backend == main else max(1, EXAMPLES // 4)


@pytest.fixture(scope="module")
def harness(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    if backend == "zgw":
        pytest.skip("the property test generates its data into the embedded store (see module)")
    seed = data_seed()
    print(f"property test data seed: {seed} (replay with ZGW_PROPERTY_SEED={seed})")
    started = Harness.start(backend, tmp_path_factory.mktemp(f"property-{backend}"), seed)
    yield started
    started.close()


@pytest.mark.parametrize("role", ROLES)
def test_no_value_outside_scope_or_field_policy(harness: Harness, role: str) -> None:
    @settings(
        max_examples=examples(harness.backend),
        deadline=None,
        derandomize=derandomize(),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        one_example(harness, role, data)

    run()


def one_example(harness: Harness, role: str, data: st.DataObject) -> None:
    note(f"data seed {harness.world.seed} ({harness.backend})")
    principal = data.draw(st.sampled_from(harness.principals[role]), label="principal")
    policy = harness.policies[role]
    operation = data.draw(operations(harness.schema, policy, harness.world), label="operation")
    note(f"operation:\n{operation.text}\nvariables: {operation.variables}")
    checker = harness.check(operation.text, operation.variables, principal)
    event("allowed" if checker.allowed else "denied by the field policy")
    for feature, pattern in FEATURES.items():
        if re.search(pattern, operation.text):
            event(feature)
    for relation in RELATIONS:
        if relation in operation.relations:
            event(f"follows {relation}")
    event(f"nesting depth {max_nesting(operation.text)}")
    if data.draw(PERCENT, label="replay?") >= 100 - REPLAY_PERCENT:
        everyone = [p for ps in harness.principals.values() for p in ps]
        other = data.draw(st.sampled_from(everyone), label="replayed as")
        harness.check(operation.text, operation.variables, other)
        event("replayed as another caller")
    roots = harness.pager_roots(policy)
    if roots and data.draw(PERCENT, label="page?") >= 100 - PAGER_PERCENT:
        root = data.draw(st.sampled_from(roots), label="pager root")
        event(f"pager over {root}")
        harness.pager(data.draw, principal, root)


def test_onderwerpobjecten_name_no_zaak_outside_the_scope(harness: Harness) -> None:
    """Kept from the property test (its shrunk failing example, with the kcc principal): a
    klantcontact about a public zaak and a secret internal one. The KCC sees the klantcontact
    (it is about a zaak in its scope), and `Klantcontact.zaken` lists only the public zaak; its
    `onderwerpobjecten` must not name the secret zaak either."""
    witness = list(harness.world.klantcontacten.values())[-1]
    publiek, geheim = (harness.world.zaken[u] for u in witness.zaken)
    query = (
        "query($url: String!) { klantcontact(url: $url) { __typename url "
        "zaken { __typename url } onderwerpobjecten { __typename codeObjecttype objectId } } }"
    )
    shrunk = (
        "{ klantcontacten(first: 1) { __typename nodes { __typename url "
        "onderwerpobjecten { __typename codeObjecttype objectId } } } }"
    )
    for principal in harness.principals["kcc"]:
        found, errors = harness.execute(query, {"url": witness.url}, principal)
        assert not errors, errors
        assert found is not None
        contact = found["klantcontact"]
        assert [z["url"] for z in contact["zaken"]] == [publiek.url]
        assert geheim.uuid not in [o["objectId"] for o in contact["onderwerpobjecten"]]
        harness.check(query, {"url": witness.url}, principal)
        harness.check(shrunk, {}, principal)
        # nor may a filter by the secret zaak confirm that a visible klantcontact is about it
        filtered = (
            "query($z: String!) { klantcontacten(filter: {zaak: $z}) { totalCount nodes { url } } }"
        )
        for zaak, expected in ((publiek, [witness.url]), (geheim, [])):
            found, errors = harness.execute(filtered, {"z": zaak.url}, principal)
            assert not errors, errors
            assert found is not None
            urls = [n["url"] for n in found["klantcontacten"]["nodes"]]
            assert (witness.url in urls) == bool(expected), zaak.url
            if not expected:
                assert found["klantcontacten"]["totalCount"] == 0

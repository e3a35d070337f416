"""The harness of the property-based authorisation test: a fresh store with random data, a
runtime over it, the principals and oracles, and the pager check.

Hypothesis does not drive async tests, and the suite's session event loop must not be nested:
the harness owns a private `asyncio.Runner` (with a loop factory, so it never touches the
thread's current event loop) in which the runtime is created, and every example runs its
operations with `Harness.execute` on that runner from a plain synchronous test.
"""

from __future__ import annotations

import asyncio
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from gateway.authz.principal import Principal
from gateway.runtime import Runtime
from registries.sql.engine import create_engine
from registries.sql.migrate import upgrade
from tests.conftest import settings_for
from tests.support.databases import create_pg_database, drop_pg_database, sqlite_url
from tests.support.property_args import ORDERINGS, EnumValue, filters
from tests.support.property_check import Checker
from tests.support.property_ops import SchemaInfo
from tests.support.property_oracle import Index, Oracle, Policy
from tests.support.property_principals import ROLES, principals
from tests.support.property_records import World
from tests.support.property_world import generate

SEED_ENV = "ZGW_PROPERTY_SEED"
DERANDOMIZE_ENV = "ZGW_PROPERTY_DERANDOMIZE"
FIXED_SEED = 20260101


def derandomize() -> bool:
    return os.environ.get(DERANDOMIZE_ENV, "") not in ("", "0")


def data_seed() -> int:
    """From the environment; fixed when derandomized; else a new one each run."""
    if os.environ.get(SEED_ENV):
        return int(os.environ[SEED_ENV])
    return FIXED_SEED if derandomize() else random.randrange(2**32)


@dataclass
class Harness:
    runner: asyncio.Runner
    runtime: Runtime
    world: World
    backend: str
    database_url: str
    policies: dict[str, Policy]
    principals: dict[str, list[Principal]]
    schema: SchemaInfo = field(init=False)
    index: Index = field(init=False)
    #: cursor -> position, learnt from every page any caller received (cursors are opaque)
    cursors: dict[str, int] = field(default_factory=dict)
    _oracles: dict[Principal, Oracle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.schema = SchemaInfo(self.runtime.schema._schema)
        self.index = Index(self.world)

    @classmethod
    def start(cls, backend: str, workdir: Path, seed: int) -> Harness:
        runner = asyncio.Runner(loop_factory=asyncio.new_event_loop)
        world, writer = generate(seed)

        async def setup() -> tuple[str, Runtime]:
            if backend == "sqlite":
                url = sqlite_url(workdir / f"property-{seed}.db")
            else:
                url = await create_pg_database()
            engine = create_engine(url)
            try:
                await upgrade(engine)
                async with engine.begin() as conn:
                    await writer.flush(conn)
            finally:
                await engine.dispose()
            return url, Runtime(settings_for(url))

        try:
            url, runtime = runner.run(setup())
        except BaseException:
            runner.close()
            raise
        policies = {role: Policy.load(role) for role in ROLES}
        return cls(runner, runtime, world, backend, url, policies, principals(world))

    def close(self) -> None:
        async def teardown() -> None:
            await self.runtime.close()
            if self.backend == "postgres":
                await drop_pg_database(self.database_url)

        try:
            self.runner.run(teardown())
        finally:
            self.runner.close()

    def oracle(self, principal: Principal) -> Oracle:
        if principal not in self._oracles:
            policy = self.policies[principal.role.value]
            self._oracles[principal] = Oracle(self.world, self.index, policy, principal)
        return self._oracles[principal]

    def execute(
        self, text: str, variables: dict[str, Any], principal: Principal
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        result = self.runner.run(self.runtime.execute(text, variables, principal=principal))
        return result.data, [dict(e.formatted) for e in result.errors or ()]

    def check(self, text: str, variables: dict[str, Any], principal: Principal) -> Checker:
        """Run an operation as `principal` and check the response; the checker knows which
        cursors it saw."""
        oracle = self.oracle(principal)
        checker = Checker(
            self.schema, self.world, oracle, oracle.policy, text, variables, self.cursors
        )
        data, errors = self.execute(text, variables, principal)
        checker.allowed = checker.check(data, errors)
        return checker

    # --- paging with cursors from earlier pages, of this or another caller or filter ---------

    def pager_roots(self, policy: Policy) -> list[str]:
        """The connections a role may page through with the pager's query."""
        found = []
        for root in ("zaken", "documenten", "klantcontacten"):
            node = {"zaken": "Zaak", "documenten": "Document", "klantcontacten": "Klantcontact"}
            conn = f"{node[root]}Connection"
            wanted = [
                ("Query", root),
                (conn, "totalCount"),
                (conn, "edges"),
                (conn, "pageInfo"),
                (f"{node[root]}Edge", "cursor"),
                (f"{node[root]}Edge", "node"),
                (node[root], "url"),
                ("PageInfo", "hasNextPage"),
                ("PageInfo", "hasPreviousPage"),
                ("PageInfo", "endCursor"),
            ]
            if all(policy.allows(t, f) for t, f in wanted):
                found.append(root)
        return found

    def pager(self, draw: Any, principal: Principal, root: str) -> None:
        """Page 1 as a source caller (this one or another, maybe another filter and ordering),
        then, as `principal`, the page after one of its cursors and the page after that."""
        sources = [
            p
            for role, ps in self.principals.items()
            if root in self.pager_roots(self.policies[role])
            for p in ps
        ]
        source = draw(st.sampled_from([principal, *sources]), label="cursor source")
        args = draw(_page_args(self.world, root, 1), label="source page")
        first = self.check(PAGER[root], args, source).seen.get("page", [])
        if not first:
            return
        cursor, _ = draw(st.sampled_from(first), label="cursor")
        args = draw(_page_args(self.world, root, 1), label="page after cursor")
        second = self.check(PAGER[root], {**args, "after": cursor}, principal).seen.get("page")
        if not second:
            return
        third = self.check(PAGER[root], {**args, "after": second[-1][0]}, principal).seen.get(
            "page", []
        )
        positions = {p for _, p in second}
        assert not positions & {p for _, p in third}, "pages overlap"


def _page_args(world: World, root: str, minimum: int) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {"filter": filters(world, root)}
    if root == "zaken":
        optional["ordering"] = st.sampled_from(ORDERINGS).map(EnumValue)
    return st.fixed_dictionaries({"first": st.integers(minimum, 6)}, optional=optional)


_PAGE_SELECTION = (
    "__typename totalCount edges { __typename cursor node { __typename url } } "
    "pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }"
)
PAGER = {
    "zaken": (
        "query Page($filter: ZaakFilter, $ordering: ZaakOrdering! = STARTDATUM_DESC, "
        "$first: Int, $after: String) { page: zaken(filter: $filter, ordering: $ordering, "
        f"first: $first, after: $after) {{ {_PAGE_SELECTION} }} }}"
    ),
    "documenten": (
        "query Page($filter: DocumentFilter, $first: Int, $after: String) { page: "
        f"documenten(filter: $filter, first: $first, after: $after) {{ {_PAGE_SELECTION} }} }}"
    ),
    "klantcontacten": (
        "query Page($filter: KlantcontactFilter, $first: Int, $after: String) { page: "
        f"klantcontacten(filter: $filter, first: $first, after: $after) "
        f"{{ {_PAGE_SELECTION} }} }}"
    ),
}

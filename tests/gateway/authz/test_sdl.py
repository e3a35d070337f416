"""The committed SDL files match the code, and introspection answers per role."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_client_schema, get_introspection_query

from gateway.authz.principal import Principal, Role
from gateway.runtime import Runtime
from tests.conftest import behandelaar
from tests.gateway.authz.test_matrix import PRINCIPALS
from tests.support.graphql import data

ROOT = Path(__file__).resolve().parents[3]
REGENERATE = (
    "regenerate with: zgw-gateway schema > schema.graphql; "
    "for r in behandelaar kcc burger anoniem; do zgw-gateway schema --role $r "
    "> docs/schema/$r.graphql; done  (or: make schema)"
)


async def test_the_committed_schema_is_current(demo_runtime: Runtime) -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed.strip() == demo_runtime.role_sdl().strip(), REGENERATE


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
async def test_the_committed_role_schemas_are_current(demo_runtime: Runtime, role: Role) -> None:
    committed = (ROOT / "docs" / "schema" / f"{role.value}.graphql").read_text(encoding="utf-8")
    assert committed.strip() == demo_runtime.role_sdl(role).strip(), REGENERATE


@pytest.mark.parametrize("role", list(PRINCIPALS), ids=lambda r: r.value)
async def test_introspection_shows_each_role_its_own_schema(
    demo_runtime: Runtime, role: Role
) -> None:
    found = await data(demo_runtime, get_introspection_query(), principal=PRINCIPALS[role])
    client_schema = build_client_schema(found)  # a complete, valid schema for the role
    policy = demo_runtime.policies[role]
    zaak = client_schema.get_type("Zaak")
    if zaak is not None:
        fields = set(zaak.fields)  # type: ignore[attr-defined]
        assert all(policy.allows("Zaak", f) for f in fields)
    query_fields = set(client_schema.query_type.fields)  # type: ignore[union-attr]
    assert all(policy.allows("Query", f) for f in query_fields)
    assert ("auditLog" in query_fields) == (role is Role.BEHANDELAAR)


async def test_type_introspection_of_a_hidden_type(demo_runtime: Runtime) -> None:
    query = (
        '{ __type(name: "AuditRecord") { name } zaak: __type(name: "Zaak") { fields { name } } }'
    )
    burger = await data(demo_runtime, query, principal=PRINCIPALS[Role.BURGER])
    assert burger["__type"] is None
    assert "toelichting" not in {f["name"] for f in burger["zaak"]["fields"]}
    full = await data(demo_runtime, query, principal=behandelaar())
    assert full["__type"] == {"name": "AuditRecord"}
    assert "toelichting" in {f["name"] for f in full["zaak"]["fields"]}
    anoniem = await data(demo_runtime, query, principal=Principal.anoniem())
    assert anoniem["zaak"] is None

"""Policy files are validated at start-up: every mistake stops the server with a clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from graphql import GraphQLSchema

from gateway.authz.policy import PACKAGED, load_policies
from gateway.authz.principal import Role
from gateway.schema.build import build_schema
from registries.errors import ConfigurationError


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema()._schema


def test_the_packaged_policies_load(schema: GraphQLSchema) -> None:
    policies = load_policies(schema)
    assert set(policies.policies) == set(Role)
    burger = policies[Role.BURGER]
    assert burger.allows("Zaak", "identificatie")
    assert not burger.allows("Zaak", "toelichting")
    assert not burger.allows("Query", "auditLog")
    assert policies[Role.BEHANDELAAR].allows("Zaak", "toelichting")
    assert policies[Role.ANONIEM].denial_code == "UNAUTHENTICATED"


def _override(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _burger_with(replace: str, by: str) -> str:
    text = (PACKAGED / "burger.toml").read_text(encoding="utf-8")
    assert replace in text
    return text.replace(replace, by)


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ('Zaak = [\n  "url"', 'Zaak = [\n  "geheimVeld", "url"', "Zaak has no field 'geheimVeld'"),
        ('PageInfo = "*"', 'Bestaatniet = "*"', "[fields.Bestaatniet] is not an object type"),
        (
            'max_vertrouwelijkheid = "openbaar"\nalleen_extern',
            'max_vertrouwelijkheid = "superopenbaar"\nalleen_extern',
            "'superopenbaar' is not a vertrouwelijkheidaanduiding",
        ),
        (
            "met_status = true",
            "met_status = true\nonbekend = 1",
            "[scope.zaken.onbekend] unknown key",
        ),
        ('betrokkene = "eigen"', 'betrokkene = "buren"', '"alle", "eigen" or "niemand"'),
        (
            'betrokkene_rollen = "*"',
            'betrokkene_rollen = ["aanvrager"]',
            "'aanvrager' is not a valid",
        ),
        ('role = "burger"', 'role = "wethouder"', "unknown role 'wethouder'"),
        ("alleen_extern = true", "alleen_extern = 1", "must be true or false"),
    ],
)
def test_mistakes_stop_start_up(
    schema: GraphQLSchema, tmp_path: Path, replace: str, by: str, message: str
) -> None:
    directory = _override(tmp_path, "burger.toml", _burger_with(replace, by))
    with pytest.raises(ConfigurationError) as caught:
        load_policies(schema, directory)
    assert message in str(caught.value)
    assert "burger.toml" in str(caught.value)


def test_a_policy_for_an_unknown_role_stops_start_up(schema: GraphQLSchema, tmp_path: Path) -> None:
    shutil.copy(PACKAGED / "kcc.toml", tmp_path / "wethouder.toml")
    with pytest.raises(ConfigurationError, match="no role named 'wethouder'"):
        load_policies(schema, tmp_path)


def test_a_missing_override_directory_stops_start_up(schema: GraphQLSchema, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        load_policies(schema, tmp_path / "nope")


def test_an_override_replaces_one_role(schema: GraphQLSchema, tmp_path: Path) -> None:
    directory = _override(
        tmp_path,
        "burger.toml",
        _burger_with('betrokkene_rollen = "*"', 'betrokkene_rollen = ["initiator"]'),
    )
    policies = load_policies(schema, directory)
    assert policies[Role.BURGER].zaken.betrokkene_rollen is not None
    assert policies[Role.KCC].source.endswith("policies/kcc.toml")

"""Role policies: loaded from TOML (`policies/*.toml`), validated against the schema at start-up.

A policy says, for one role, which rows it sees (the `scope` sections, turned into a `Scope` per
principal by `gateway.authz.scopes`) and which fields it may read (`fields`: GraphQL type ->
field names, or "*"). Anything not listed is denied. A mistake in a policy file (an unknown
role, section, key, type, field or level) stops the server with a message that names the file
and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema

from gateway.authz.principal import Role
from registries.errors import ConfigurationError
from registries.models import DocumentStatus, OmschrijvingGeneriek, Vertrouwelijkheid

ALL = "*"
TOKEN = "token"  # noqa: S105 - the word in policy files, not a secret
PACKAGED = Path(__file__).resolve().parents[2] / "policies"


@dataclass(frozen=True, slots=True)
class ZakenScope:
    zaaktypen: str | tuple[str, ...]  # ALL, TOKEN, or identificaties/URLs
    max_vertrouwelijkheid: Vertrouwelijkheid | None  # None: from the token
    max_vertrouwelijkheid_standaard: Vertrouwelijkheid | None
    alleen_extern: bool
    met_status: bool
    betrokkene: str  # "alle" | "eigen" | "niemand"
    betrokkene_rollen: frozenset[OmschrijvingGeneriek] | None


@dataclass(frozen=True, slots=True)
class RollenScope:
    alleen_eigen: bool
    omschrijving_generiek: frozenset[OmschrijvingGeneriek] | None


@dataclass(frozen=True, slots=True)
class DocumentenScope:
    statussen: frozenset[DocumentStatus] | None
    max_vertrouwelijkheid: Vertrouwelijkheid | None  # None: as the zaken (from the token)
    zonder_zaak: bool


@dataclass(frozen=True, slots=True)
class KlantcontactenScope:
    alleen_eigen: bool
    zonder_zaak: bool


@dataclass(frozen=True, slots=True)
class MutatiePolicy:
    """Settings of the mutations a role may call (which ones: the `Mutation` fields)."""

    #: zetStatus with heropenen: reopen a closed zaak
    heropenen: bool = False
    #: dienAanvraagIn / registreerZaak with an initiator other than the caller (e-form service,
    #: KCC on the phone)
    aanvraag_namens: bool = False
    #: for a burger's changes (voegDocumentToe, stelVraag): which rol of theirs makes a zaak
    #: theirs to change; None = any rol the row scope admits
    eigen_zaak_rollen: frozenset[OmschrijvingGeneriek] | None = None


@dataclass(frozen=True, slots=True)
class RolePolicy:
    role: Role
    description: str
    zaken: ZakenScope
    rollen: RollenScope
    documenten: DocumentenScope
    klantcontacten: KlantcontactenScope
    #: type -> allowed field names; a type mapped to None allows all its fields
    fields: Mapping[str, frozenset[str] | None]
    all_fields: bool = False
    audit_log: bool = False
    mutaties: MutatiePolicy = field(default_factory=MutatiePolicy)
    source: str = ""

    def allows(self, type_name: str, field_name: str) -> bool:
        if self.all_fields:
            return True
        allowed = self.fields.get(type_name, frozenset())
        return allowed is None or field_name in allowed

    @property
    def denial_code(self) -> str:
        """What a denied field answers: without a token the problem is the missing token."""
        return "UNAUTHENTICATED" if self.role is Role.ANONIEM else "FORBIDDEN"


@dataclass(frozen=True, slots=True)
class PolicySet:
    policies: Mapping[Role, RolePolicy] = field(default_factory=dict)

    def __getitem__(self, role: Role) -> RolePolicy:
        return self.policies[role]


# --- loading and validation -----------------------------------------------------------------


class _Reader:
    """Reads one table of a policy file, remembering which keys it used."""

    def __init__(self, source: str, path: str, table: Mapping[str, Any]) -> None:
        self.source, self.path, self.table = source, path, table
        self.used: set[str] = set()

    def fail(self, key: str, message: str) -> ConfigurationError:
        where = f"{self.path}.{key}" if self.path else key
        return ConfigurationError(f"policy {self.source}: [{where}] {message}")

    def get(self, key: str, default: Any = ...) -> Any:
        self.used.add(key)
        if key in self.table:
            return self.table[key]
        if default is ...:
            raise self.fail(key, "is missing")
        return default

    def sub(self, key: str) -> _Reader:
        value = self.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return _Reader(self.source, f"{self.path}.{key}" if self.path else key, value)

    def boolean(self, key: str, default: Any = ...) -> bool:
        value = self.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def done(self) -> None:
        unknown = set(self.table) - self.used
        if unknown:
            raise self.fail(
                sorted(unknown)[0], f"unknown key (known: {', '.join(sorted(self.used))})"
            )


def _level(
    reader: _Reader, key: str, allow_token: bool, default: Any = ...
) -> Vertrouwelijkheid | None:
    value = reader.get(key, default)
    if value is None:
        return None
    if allow_token and value == TOKEN:
        return None
    try:
        return Vertrouwelijkheid(value)
    except ValueError:
        options = ", ".join(v.value for v in Vertrouwelijkheid)
        extra = ' or "token"' if allow_token else ""
        raise reader.fail(
            key, f"{value!r} is not a vertrouwelijkheidaanduiding ({options}{extra})"
        ) from None


def _enum_set(
    reader: _Reader, key: str, enum_cls: Any, default: Any = ...
) -> frozenset[Any] | None:
    value = reader.get(key, default)
    if value == ALL:
        return None
    if not isinstance(value, list):
        raise reader.fail(key, 'must be "*" or a list')
    try:
        return frozenset(enum_cls(v) for v in value)
    except ValueError as error:
        options = ", ".join(v.value for v in enum_cls)
        raise reader.fail(key, f"{error} (options: {options})") from None


def _zaken(r: _Reader) -> ZakenScope:
    zaaktypen = r.get("zaaktypen")
    if not (zaaktypen in (ALL, TOKEN) or isinstance(zaaktypen, list)):
        raise r.fail("zaaktypen", 'must be "*", "token" or a list of identificaties/URLs')
    betrokkene = r.get("betrokkene")
    if betrokkene not in ("alle", "eigen", "niemand"):
        raise r.fail("betrokkene", 'must be "alle", "eigen" or "niemand"')
    scope = ZakenScope(
        zaaktypen=tuple(zaaktypen) if isinstance(zaaktypen, list) else zaaktypen,
        max_vertrouwelijkheid=_level(r, "max_vertrouwelijkheid", allow_token=True),
        max_vertrouwelijkheid_standaard=_level(
            r, "max_vertrouwelijkheid_standaard", allow_token=False, default=None
        ),
        alleen_extern=r.boolean("alleen_extern"),
        met_status=r.boolean("met_status"),
        betrokkene=betrokkene,
        betrokkene_rollen=_enum_set(r, "betrokkene_rollen", OmschrijvingGeneriek, default=ALL),
    )
    if (
        r.table.get("max_vertrouwelijkheid") == TOKEN
        and scope.max_vertrouwelijkheid_standaard is None
    ):
        raise r.fail(
            "max_vertrouwelijkheid_standaard", 'is needed with max_vertrouwelijkheid = "token"'
        )
    r.done()
    return scope


def _fields(r: _Reader, schema: GraphQLSchema) -> tuple[dict[str, frozenset[str] | None], bool]:
    if r.table.get(ALL) == ALL:
        r.get(ALL)
        r.done()
        return {}, True
    found: dict[str, frozenset[str] | None] = {}
    for type_name in list(r.table):
        value = r.get(type_name)
        gql_type = schema.get_type(type_name)
        if not isinstance(gql_type, GraphQLObjectType):
            raise r.fail(type_name, "is not an object type of the schema")
        if value == ALL:
            found[type_name] = None
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise r.fail(type_name, 'must be "*" or a list of field names')
        for name in value:
            if name not in gql_type.fields:
                raise r.fail(type_name, f"{type_name} has no field {name!r}")
        found[type_name] = frozenset(value)
    r.done()
    return found, False


def load_policy(path: Path, schema: GraphQLSchema) -> RolePolicy:
    source = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigurationError(f"policy {source}: cannot be read: {error}") from None
    top = _Reader(source, "", raw)
    role_name = top.get("role")
    try:
        role = Role(role_name)
    except ValueError:
        raise top.fail(
            "role", f"unknown role {role_name!r} (roles: {', '.join(r.value for r in Role)})"
        ) from None
    if path.stem != role.value:
        raise top.fail("role", f"{role.value!r} must be in a file named {role.value}.toml")
    scope = top.sub("scope")
    rollen = scope.sub("rollen")
    documenten = scope.sub("documenten")
    klantcontacten = scope.sub("klantcontacten")
    fields, all_fields = _fields(top.sub("fields"), schema)
    auditors = top.sub("auditors") if "auditors" in raw else None
    mutaties = top.sub("mutaties") if "mutaties" in raw else None
    policy = RolePolicy(
        role=role,
        description=str(top.get("description", "")),
        zaken=_zaken(scope.sub("zaken")),
        rollen=RollenScope(
            alleen_eigen=rollen.boolean("alleen_eigen"),
            omschrijving_generiek=_enum_set(rollen, "omschrijving_generiek", OmschrijvingGeneriek),
        ),
        documenten=DocumentenScope(
            statussen=_enum_set(documenten, "statussen", DocumentStatus),
            max_vertrouwelijkheid=_level(documenten, "max_vertrouwelijkheid", allow_token=True),
            zonder_zaak=documenten.boolean("zonder_zaak"),
        ),
        klantcontacten=KlantcontactenScope(
            alleen_eigen=klantcontacten.boolean("alleen_eigen"),
            zonder_zaak=klantcontacten.boolean("zonder_zaak"),
        ),
        fields=fields,
        all_fields=all_fields,
        audit_log=auditors.boolean("audit_log", False) if auditors is not None else False,
        mutaties=MutatiePolicy(
            heropenen=mutaties.boolean("heropenen", False),
            aanvraag_namens=mutaties.boolean("aanvraag_namens", False),
            eigen_zaak_rollen=_enum_set(
                mutaties, "eigen_zaak_rollen", OmschrijvingGeneriek, default=ALL
            ),
        )
        if mutaties is not None
        else MutatiePolicy(),
        source=source,
    )
    for reader in (
        rollen,
        documenten,
        klantcontacten,
        scope,
        *([auditors] if auditors else []),
        *([mutaties] if mutaties else []),
        top,
    ):
        reader.done()
    return policy


def load_policies(schema: GraphQLSchema, override_dir: str | Path | None = None) -> PolicySet:
    """The policy of every role: the packaged files, each overridden by a file of the same name
    in `override_dir` when there is one."""
    directories = [PACKAGED]
    if override_dir:
        override = Path(override_dir)
        if not override.is_dir():
            raise ConfigurationError(f"policies directory {override} does not exist")
        directories.append(override)
    files: dict[str, Path] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.toml")):
            files[path.stem] = path
    policies: dict[Role, RolePolicy] = {}
    for stem, path in files.items():
        if stem not in {r.value for r in Role}:
            raise ConfigurationError(
                f"policy {path}: no role named {stem!r} (roles: {', '.join(r.value for r in Role)})"
            )
        policy = load_policy(path, schema)
        policies[policy.role] = policy
    missing = [r.value for r in Role if r not in policies]
    if missing:
        raise ConfigurationError(f"no policy file for role(s): {', '.join(missing)}")
    return PolicySet(policies)


def iter_fields(schema: GraphQLSchema) -> Iterable[tuple[str, str]]:
    """Every (object type, field) of the schema that a policy can grant."""
    for name, gql_type in schema.type_map.items():
        if isinstance(gql_type, GraphQLObjectType) and not name.startswith("__"):
            for field_name in gql_type.fields:
                yield name, field_name

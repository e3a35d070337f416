"""How each relation field of the schema is resolved.

`RELATIONS` maps (GraphQL type, field) to the loader that answers it and the key to ask it for.
The same table drives the look-ahead prefetch (`gateway.schema.prefetch`), which loads every
relation an operation selects, level by level, one batch per relation; the field resolvers
installed here are then synchronous reads of what was loaded (`BatchLoader.peek`). Only when an
object was not prefetched does a resolver fall back to an awaitable `load`.

`bind_resolvers` installs these resolvers, plus plain attribute reads for every other field, onto
the graphql-core schema that strawberry built: graphql-core then calls them directly, without
strawberry's per-field wrapper.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, GraphQLUnionType

from gateway.schema.batching import MISSING
from gateway.schema.types.base import RELATION
from gateway.schema.types.zaak import BETROKKENE_TYPENAMES
from registries.models import ZAAK_OBJECTTYPES

ResolveInfo = GraphQLResolveInfo[Any]


def _onderwerpobjecten_in_scope(klantcontact: Any, zaken: Sequence[Any]) -> list[Any]:
    """What a klantcontact was about, less the zaken the caller may not see: `zaken` are the
    klantcontact's zaken that passed the caller's scope."""
    visible = {zaak.uuid for zaak in zaken}
    return [
        o
        for o in klantcontact.onderwerpobjecten
        if o.code_objecttype not in ZAAK_OBJECTTYPES or o.object_id in visible
    ]


def _url_if(attribute: str) -> Callable[[Any], Hashable | None]:
    """Key = the source's url, but only when `attribute` is set (else there is nothing to load)."""

    def key(source: Any) -> Hashable | None:
        return source.url if getattr(source, attribute) is not None else None

    return key


@dataclass(frozen=True, slots=True)
class Via:
    """Answer a relation out of a sibling field's load when an operation selects both, instead
    of a read of its own: the current status is one of the zaak's statussen."""

    #: the sibling field, on the same type
    field: str
    #: (source object, the sibling's loaded value) -> this relation's value; None when it is not
    #: there (the relation is then loaded on its own)
    derive: Callable[[Any, Any], Any]


@dataclass(frozen=True, slots=True)
class Relation:
    #: the attribute of `Loaders` that answers it
    loader: str
    #: the loader key for a source object (None: nothing to load); a list when `many_keys`
    key: Callable[[Any], Any]
    #: the GraphQL type the field returns (for the prefetch's next level); None for leaves
    target: str | None
    #: key() returns several keys, each loading one object (e.g. zaaktype.statustypen)
    many_keys: bool = False
    #: the field's value from the loaded value, e.g. the current status out of all statussen
    pick: Callable[[Any, Any], Any] | None = None
    #: the value when there is nothing to load
    empty: Callable[[], Any] = lambda: None
    #: what the audit log calls the objects it returns (zaak, document, klantcontact), if any
    audit: str | None = None
    #: how the prefetch answers it from a sibling field that is selected too
    via: Via | None = None
    #: answered from what the registry keeps across operations (the catalogus): its load
    #: finishes without waiting (except when that cache is refreshed), so the prefetch awaits it
    #: in place instead of giving it a task of its own
    gecached: bool = False


url = attrgetter("url")


@dataclass(frozen=True, slots=True)
class Bundel:
    """Relations of one type that one loader answers together, in one read, priming each
    relation's own loader (`Loaders.zaak_kinderen`). The prefetch uses it when an operation
    selects at least two of them and the store has such a read; otherwise each loads on its
    own."""

    #: the method of `Loaders` that gives the bundle's loader for a set of these fields (None:
    #: the store has no such read)
    loader: str
    #: the fields it answers (a field answered `via` one of these counts as that one)
    velden: frozenset[str]
    #: the bundle loader's key for a source object
    key: Callable[[Any], Hashable] = url


BUNDELS: dict[str, Bundel] = {
    "Zaak": Bundel(
        "zaak_kinderen",
        frozenset(
            {"statussen", "rollen", "eigenschappen", "resultaat", "documenten", "klantcontacten"}
        ),
    ),
}


def _catalogus(loader: str, key: Callable[[Any], Any], target: str, **kw: Any) -> Relation:
    """A relation into the catalogus, which the registry keeps across operations."""
    return Relation(loader, key, target, gecached=True, **kw)


def _list() -> list[Any]:
    return []


def _huidige_status(zaak: Any, statussen: list[Any]) -> Any:
    return next((s for s in statussen if s.url == zaak.status), None)


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Zaak", "zaaktype"): _catalogus("zaaktype", attrgetter("zaaktype"), "ZaakType"),
    ("Zaak", "status"): Relation(
        "status", attrgetter("status"), "Status", via=Via("statussen", _huidige_status)
    ),
    ("Zaak", "statussen"): Relation("statussen", url, "Status", empty=_list),
    ("Zaak", "resultaat"): Relation("resultaat", _url_if("resultaat"), "Resultaat"),
    ("Zaak", "rollen"): Relation("zichtbare_rollen", url, "Rol", empty=_list),
    ("Zaak", "eigenschappen"): Relation("zaakeigenschappen", url, "ZaakEigenschap", empty=_list),
    ("Zaak", "documenten"): Relation(
        "documenten_van_zaak", url, "Document", empty=_list, audit="document"
    ),
    ("Zaak", "klantcontacten"): Relation(
        "klantcontacten_van_zaak", url, "Klantcontact", empty=_list, audit="klantcontact"
    ),
    ("Zaak", "hoofdzaak"): Relation("zaak", attrgetter("hoofdzaak"), "Zaak", audit="zaak"),
    ("Zaak", "deelzaken"): Relation("deelzaken", url, "Zaak", empty=_list, audit="zaak"),
    ("Status", "statustype"): _catalogus("statustype", attrgetter("statustype"), "StatusType"),
    ("Resultaat", "resultaattype"): _catalogus(
        "resultaattype", attrgetter("resultaattype"), "ResultaatType"
    ),
    ("Rol", "roltype"): _catalogus("roltype", attrgetter("roltype"), "RolType"),
    ("ZaakEigenschap", "eigenschap"): _catalogus(
        "eigenschap", attrgetter("eigenschap"), "Eigenschap"
    ),
    ("ZaakType", "statustypen"): _catalogus(
        "statustype", attrgetter("statustypen"), "StatusType", many_keys=True, empty=_list
    ),
    ("ZaakType", "roltypen"): _catalogus(
        "roltype", attrgetter("roltypen"), "RolType", many_keys=True, empty=_list
    ),
    ("ZaakType", "resultaattypen"): _catalogus(
        "resultaattype", attrgetter("resultaattypen"), "ResultaatType", many_keys=True, empty=_list
    ),
    ("ZaakType", "informatieobjecttypen"): _catalogus(
        "informatieobjecttype",
        attrgetter("informatieobjecttypen"),
        "InformatieObjectType",
        many_keys=True,
        empty=_list,
    ),
    ("ZaakType", "eigenschappen"): _catalogus(
        "eigenschap", attrgetter("eigenschappen"), "Eigenschap", many_keys=True, empty=_list
    ),
    ("Document", "informatieobjecttype"): _catalogus(
        "informatieobjecttype", attrgetter("informatieobjecttype"), "InformatieObjectType"
    ),
    ("Document", "zaken"): Relation("zaken_van_document", url, "Zaak", empty=_list, audit="zaak"),
    ("Klantcontact", "onderwerpobjecten"): Relation(
        "zaken_van_klantcontact",
        url,
        "Onderwerpobject",
        pick=_onderwerpobjecten_in_scope,
        empty=_list,
    ),
    ("Klantcontact", "zaken"): Relation(
        "zaken_van_klantcontact", url, "Zaak", empty=_list, audit="zaak"
    ),
}


def _make_resolver(rel: Relation) -> Callable[[Any, ResolveInfo], Any]:
    loader_name, key_of, pick, empty, audit = rel.loader, rel.key, rel.pick, rel.empty, rel.audit

    if rel.many_keys:

        def resolve_many(source: Any, info: ResolveInfo) -> Any:
            keys = key_of(source)
            if not keys:
                return empty()
            loader = getattr(info.context.loaders, loader_name)
            values = [loader.peek(k) for k in keys]
            if any(v is MISSING for v in values):
                return _gather_later(loader.load_many(keys))
            return [v for v in values if v is not None]

        return resolve_many

    def resolve(source: Any, info: ResolveInfo) -> Any:
        key = key_of(source)
        if key is None:
            return empty()
        loader = getattr(info.context.loaders, loader_name)
        value = loader.peek(key)
        if value is MISSING:
            return _pick_later(loader.load(key), source, pick, info, audit)
        if pick is not None:
            value = pick(source, value)
        if audit is not None and value:
            note(info.context, audit, value)
        return value

    return resolve


def note(context: Any, soort: str, value: Any) -> None:
    """Remember that `value` (an object or a list of them) is handed out (for the audit log)."""
    if isinstance(value, list):
        context.gezien.extend((soort, v) for v in value)
    elif value is not None:
        context.gezien.append((soort, value))


async def _pick_later(
    pending: Awaitable[Any],
    source: Any,
    pick: Callable[[Any, Any], Any] | None,
    info: ResolveInfo,
    audit: str | None,
) -> Any:
    value = await pending
    if pick is not None:
        value = pick(source, value)
    if audit is not None:
        note(info.context, audit, value)
    return value


async def _gather_later(pending: Awaitable[list[Any]]) -> list[Any]:
    return [v for v in await pending if v is not None]


#: set on the attribute resolvers: the attribute they read (the compiled plan reads it directly)
ATTRIBUTE = "_zgw_attribute"


def _attribute_resolver(name: str) -> Callable[[Any, ResolveInfo], Any]:
    def resolve(source: Any, info: ResolveInfo) -> Any:
        return getattr(source, name)

    setattr(resolve, ATTRIBUTE, name)
    return resolve


def attribute_of(resolve: Any) -> str | None:
    """The attribute a resolver installed by `bind_resolvers` reads, or None for any other."""
    name = getattr(resolve, ATTRIBUTE, None)
    return name if isinstance(name, str) else None


def _resolve_betrokkene_type(obj: Any, info: ResolveInfo, _type: Any) -> str:
    return BETROKKENE_TYPENAMES[type(obj)]


def bind_resolvers(schema: GraphQLSchema, strawberry_schema: Any, skip_types: set[str]) -> None:
    """Install the relation resolvers and direct attribute reads on `schema`.

    Fields with a resolver of their own (root fields, connections) keep strawberry's.
    Raises when a relation field has no entry in RELATIONS or an entry matches no field."""
    unused = set(RELATIONS)
    for type_name, gql_type in schema.type_map.items():
        if isinstance(gql_type, GraphQLUnionType) and type_name == "BetrokkeneIdentificatie":
            gql_type.resolve_type = _resolve_betrokkene_type
            continue
        if (
            not isinstance(gql_type, GraphQLObjectType)
            or type_name.startswith("__")
            or type_name in skip_types
        ):
            continue
        definition = strawberry_schema.get_type_by_name(type_name)
        if definition is None:
            continue
        name_of = strawberry_schema.config.name_converter.from_field
        by_name = {name_of(f): f for f in definition.fields}
        for field_name, gql_field in gql_type.fields.items():
            sb_field = by_name[field_name]
            if sb_field.metadata.get(RELATION):
                rel = RELATIONS.get((type_name, field_name))
                if rel is None:
                    raise RuntimeError(f"relation {type_name}.{field_name} has no loader")
                gql_field.resolve = _make_resolver(rel)
                unused.discard((type_name, field_name))
            elif sb_field.base_resolver is None:
                gql_field.resolve = _attribute_resolver(sb_field.python_name)
    if unused:
        raise RuntimeError(f"relations without a schema field: {sorted(unused)}")

"""Build the gateway's GraphQL schema."""

from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig

from gateway.schema.executor import GatewaySchema
from gateway.schema.mutations.aanvraag import AanvraagMutation
from gateway.schema.mutations.documenten import DocumentenMutation
from gateway.schema.mutations.doorsturen import DoorsturenMutation
from gateway.schema.mutations.klantcontacten import KlantcontactenMutation
from gateway.schema.mutations.zaken import ZakenMutation
from gateway.schema.queries.audit import AuditQuery
from gateway.schema.queries.catalogus import CatalogusQuery
from gateway.schema.queries.documenten import DocumentenQuery
from gateway.schema.queries.doorsturen import DoorsturenQuery
from gateway.schema.queries.klantcontacten import KlantcontactenQuery
from gateway.schema.queries.sagas import SagasQuery
from gateway.schema.queries.zaken import ZakenQuery
from gateway.schema.relations import bind_resolvers
from gateway.schema.subscriptions import Subscription
from gateway.schema.types.zaak import (
    MedewerkerType,
    NatuurlijkPersoonType,
    NietNatuurlijkPersoonType,
    OrganisatorischeEenheidType,
    VestigingType,
)

ROOT_TYPES = {"Query", "Mutation", "Subscription"}


@strawberry.type(
    description="Read the ZGW registries: zaken, documenten, catalogus, klantcontacten."
)
class Query(
    ZakenQuery,
    DocumentenQuery,
    CatalogusQuery,
    KlantcontactenQuery,
    AuditQuery,
    DoorsturenQuery,
    SagasQuery,
):
    pass


@strawberry.type(description="Change the registries: the GEMMA integration patterns.")
class Mutation(
    AanvraagMutation,
    ZakenMutation,
    DocumentenMutation,
    KlantcontactenMutation,
    DoorsturenMutation,
):
    pass


def build_schema() -> GatewaySchema:
    schema = GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            NatuurlijkPersoonType,
            NietNatuurlijkPersoonType,
            VestigingType,
            MedewerkerType,
            OrganisatorischeEenheidType,
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )
    bind_resolvers(schema._schema, schema, skip_types=ROOT_TYPES)
    return schema

"""GraphQL object types. Field names are the ZGW names in camelCase; relation fields are
resolved from the per-operation loaders (see `gateway.schema.relations`)."""

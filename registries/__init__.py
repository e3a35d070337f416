"""Registries: one interface per ZGW registry, an embedded store and ZGW API adapters."""

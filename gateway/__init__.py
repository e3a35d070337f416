"""zgw-gateway: one GraphQL API over the ZGW registries, with role-specific views."""

__version__ = "0.1.0"

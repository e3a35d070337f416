"""Root query fields, one module per registry."""

from __future__ import annotations

from typing import Any

from gateway.schema.queries import catalogus, documenten, klantcontacten, zaken

#: GraphQL root field name -> the function that resolves it (for the compiled fast path)
ROOT_FIELDS: dict[str, Any] = {
    **zaken.ROOT_FIELDS,
    **documenten.ROOT_FIELDS,
    **klantcontacten.ROOT_FIELDS,
    **catalogus.ROOT_FIELDS,
}

#: root fields that can be answered with the JSON a store builds (gateway.schema.json_wortel)
JSON_ROOT_FIELDS: dict[str, Any] = {**zaken.JSON_ROOT_FIELDS}

"""Validation of recorded ZGW requests and responses against the official OpenAPI specs.

The specs are read from the directory named by ``ZGW_SPECS_DIR`` (default ``../shared/specs``,
relative to the working directory); they are never copied into the project. `specs_dir()` is
None when the directory is absent, and the tests skip with that message.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator, oas30_format_checker

from tests.support.fake_zgw import Verzoek


def specs_dir() -> Path | None:
    pad = Path(os.environ.get("ZGW_SPECS_DIR", "../shared/specs"))
    return pad if pad.is_dir() else None


def _lokaal(node: Any) -> Any:
    """The spec as the validator can read it:

    * remote ``$ref``s (unresolvable offline) become an open schema;
    * ``nullable: true`` next to ``allOf``/``oneOf``/``$ref`` without a ``type`` (how
      drf-spectacular writes a nullable object) becomes "that schema, or null": OAS 3.0 only
      defines `nullable` together with `type`, and the validator ignores it otherwise.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return {}
        found = {k: _lokaal(v) for k, v in node.items()}
        if (
            found.get("nullable") is True
            and "type" not in found
            and ({"allOf", "oneOf", "anyOf", "$ref"} & set(found))
        ):
            del found["nullable"]
            return {"anyOf": [found, {"enum": [None]}]}
        return found
    if isinstance(node, list):
        return [_lokaal(v) for v in node]
    return node


@functools.cache
def laad(naam: str) -> Spec:
    pad = specs_dir()
    assert pad is not None
    with (pad / naam).open(encoding="utf-8") as f:
        return Spec(naam, _lokaal(yaml.safe_load(f)))


class Spec:
    def __init__(self, naam: str, doc: dict[str, Any]) -> None:
        self.naam = naam
        self.doc = doc
        self._paden = [
            (re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", pad) + "/?$"), pad)
            for pad in doc.get("paths", {})
        ]

    def _los(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            onderdelen = node["$ref"].lstrip("#/").split("/")
            found: Any = self.doc
            for deel in onderdelen:
                found = found[deel]
            node = found
        return node

    def operatie(self, method: str, pad: str) -> tuple[str, dict[str, Any]] | None:
        # literal paths (e.g. /zaken/_zoek) win over templated ones (/zaken/{uuid})
        kandidaten = [(r, p) for r, p in self._paden if r.match(pad)]
        kandidaten.sort(key=lambda rp: rp[1].count("{"))
        for _regex, template in kandidaten:
            op = self.doc["paths"][template].get(method.lower())
            if op is not None:
                return template, op
        return None

    def _fouten(self, schema: dict[str, Any], waarde: Any, *, lezen: bool) -> list[str]:
        cls = OAS30ReadValidator if lezen else OAS30WriteValidator
        validator = cls(
            {**schema, "components": self.doc.get("components", {})},
            format_checker=oas30_format_checker,
        )
        return [_beschrijf(e) for e in validator.iter_errors(waarde)]

    def verzoek_fouten(self, v: Verzoek) -> list[str]:
        gevonden = self.operatie(v.method, v.pad)
        if gevonden is None:
            return [f"{self.naam}: no operation {v.method} {v.pad}"]
        template, op = gevonden
        params = [
            self._los(p)
            for p in [*self.doc["paths"][template].get("parameters", []), *op.get("parameters", [])]
        ]
        fouten: list[str] = []
        query = {p["name"]: p for p in params if p.get("in") == "query"}
        for naam, waarde in v.query:
            param = query.get(naam)
            if param is None:
                fouten.append(f"{self.naam} {v.method} {template}: undeclared parameter {naam!r}")
                continue
            schema = param.get("schema", {})
            if _oz_fk_als_getal(param, waarde):
                continue
            fouten += [
                f"{self.naam} {v.method} {template} ?{naam}={waarde}: {e}"
                for e in self._fouten(schema, _waarde(self._los(schema), waarde), lezen=False)
            ]
        for p in params:
            ontbreekt = (
                p.get("in") == "header"
                and p.get("required")
                and (p["name"].lower() not in v.headers)
            )
            if ontbreekt and (p["name"] != "Content-Type" or v.body is not None):
                fouten.append(f"{self.naam} {v.method} {template}: header {p['name']} missing")
        body = self._los(op.get("requestBody", {})).get("content", {}).get("application/json")
        if body is not None and v.body is not None:
            fouten += [
                f"{self.naam} {v.method} {template} body: {e}"
                for e in self._fouten(body["schema"], v.body, lezen=False)
            ]
        return fouten

    def antwoord_fouten(self, v: Verzoek) -> list[str]:
        gevonden = self.operatie(v.method, v.pad)
        if gevonden is None:
            return [f"{self.naam}: no operation {v.method} {v.pad}"]
        template, op = gevonden
        response = op.get("responses", {}).get(str(v.status))
        if response is None:
            return [f"{self.naam} {v.method} {template}: undeclared status {v.status}"]
        content = self._los(response).get("content", {})
        schema = (
            content.get("application/json") or content.get("application/problem+json") or {}
        ).get("schema")
        if schema is None:
            return []
        return [
            f"{self.naam} {v.method} {template} -> {v.status}: {e}"
            for e in self._fouten(schema, v.antwoord, lezen=True)
        ]


def _oz_fk_als_getal(param: dict[str, Any], waarde: str) -> bool:
    """Open Zaak's own specs type URL filters on a foreign key (``zaak``, ``informatieobject``)
    as ``integer`` (a drf-spectacular artefact); Open Zaak takes URLs there, as the VNG specs
    say (``string``, ``format: uri``). Such a parameter is accepted with a URL value."""
    schema = param.get("schema", {})
    return (
        schema.get("type") == "integer"
        and str(param.get("description", "")).startswith("URL-referentie")
        and waarde.startswith(("http://", "https://"))
    )


def _waarde(schema: dict[str, Any], waarde: str) -> Any:
    soort = schema.get("type")
    if soort == "integer":
        try:
            return int(waarde)
        except ValueError:
            return waarde
    if soort == "boolean":
        return {"true": True, "false": False}.get(waarde, waarde)
    if soort == "array":
        return waarde.split(",")
    return waarde


def _beschrijf(e: ValidationError) -> str:
    pad = "/".join(str(p) for p in e.absolute_path)
    return f"at /{pad}: {e.message[:300]}"


#: the specs a request to each API must follow (what Open Zaak / Open Klant implement)
VERZOEK_SPECS = {
    "zaken": ("openzaak-1.30.0-zaken-1.5.1.yaml",),
    "documenten": ("openzaak-1.30.0-documenten-1.4.2.yaml",),
    "catalogi": ("openzaak-1.30.0-catalogi-1.3.1.yaml",),
    "klantinteracties": ("klantinteracties-0.9.0-openklant-2.18.0.yaml",),
}


def laad_verzoek_specs() -> None:
    """Read (and cache) the request specs now, not inside a request to the fake server."""
    if specs_dir() is not None:
        for namen in VERZOEK_SPECS.values():
            for naam in namen:
                laad(naam)


def verzoek_controle(v: Verzoek) -> list[str]:
    """The spec errors of a request (none when the specs are absent): installed as the fake
    server's `verzoek_controle`, a write that does not follow the spec gets a 400."""
    if specs_dir() is None:
        return []
    fouten: list[str] = []
    for naam in VERZOEK_SPECS[v.api]:
        fouten += laad(naam).verzoek_fouten(v)
    return fouten

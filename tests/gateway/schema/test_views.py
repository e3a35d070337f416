"""A document reached through a zaak reads its own fields from the document and the link's
date and kind from the koppeling."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime

from gateway.schema.views import DocumentView
from registries.models import EnkelvoudigInformatieObject, ZaakInformatieObject


def test_document_view() -> None:
    waarden = {f.name: f"w-{f.name}" for f in fields(EnkelvoudigInformatieObject)}
    document = EnkelvoudigInformatieObject(**waarden)  # type: ignore[arg-type]
    koppeling = ZaakInformatieObject(
        url="k",
        uuid="k",
        informatieobject="d",
        zaak="z",
        aard_relatie_weergave="Hoort bij, omgekeerd: kent",
        titel="t",
        beschrijving="",
        registratiedatum=datetime(2026, 1, 2, tzinfo=UTC),
    )
    view = DocumentView(document, koppeling)
    for name, value in waarden.items():
        if name not in ("registratiedatum", "aard_relatie_weergave"):
            assert getattr(view, name) == value, name
    assert view.registratiedatum == datetime(2026, 1, 2, tzinfo=UTC)
    assert view.aard_relatie_weergave == "Hoort bij, omgekeerd: kent"
    zonder = DocumentView(document)
    assert zonder.registratiedatum is None and zonder.titel == "w-titel"

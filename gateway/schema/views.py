"""Runtime objects the schema serves that are not plain domain objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from registries.models import EnkelvoudigInformatieObject, ZaakInformatieObject


class DocumentView:
    """A document, with the ZaakInformatieObject it was reached through (if any).

    Attribute reads fall through to the document; `registratiedatum` and
    `aard_relatie_weergave` come from the link."""

    __slots__ = ("document", "link")

    def __init__(
        self, document: EnkelvoudigInformatieObject, link: ZaakInformatieObject | None = None
    ) -> None:
        self.document = document
        self.link = link

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)

    @property
    def registratiedatum(self) -> datetime | None:
        return self.link.registratiedatum if self.link is not None else None

    @property
    def aard_relatie_weergave(self) -> str | None:
        return self.link.aard_relatie_weergave if self.link is not None else None

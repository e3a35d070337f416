"""Runtime objects the schema serves that are not plain domain objects."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from operator import attrgetter
from typing import Any

from registries.models import EnkelvoudigInformatieObject, ZaakInformatieObject


class DocumentView:
    """A document, with the ZaakInformatieObject (`koppeling`) it was reached through, if any.

    Attribute reads fall through to the document; `registratiedatum` and
    `aard_relatie_weergave` come from the koppeling. (Not named `link`: that is a field of the
    document itself.)"""

    __slots__ = ("document", "koppeling")

    def __init__(
        self,
        document: EnkelvoudigInformatieObject,
        koppeling: ZaakInformatieObject | None = None,
    ) -> None:
        self.document = document
        self.koppeling = koppeling

    def __getattr__(self, name: str) -> Any:
        return getattr(self.document, name)

    @property
    def registratiedatum(self) -> datetime | None:
        return self.koppeling.registratiedatum if self.koppeling is not None else None

    @property
    def aard_relatie_weergave(self) -> str | None:
        return self.koppeling.aard_relatie_weergave if self.koppeling is not None else None


# the document's own fields as properties of the view: a read through `__getattr__` first fails
# the normal lookup (hundreds per list of zaken with their documents)
for _veld in fields(EnkelvoudigInformatieObject):
    if not hasattr(DocumentView, _veld.name):
        setattr(DocumentView, _veld.name, property(attrgetter(f"document.{_veld.name}")))
del _veld

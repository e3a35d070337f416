"""Notificaties: a ZGW notification as the event log keeps it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True, kw_only=True)
class Notificatie:
    """A ZGW notification (Notificaties API `Message`); `id` is its place in the event log."""

    kanaal: str
    hoofd_object: str
    resource: str
    resource_url: str
    actie: str
    aanmaakdatum: datetime
    kenmerken: dict[str, str] = field(default_factory=dict)
    id: int | None = None

    def bericht(self) -> dict[str, object]:
        """The message as the Notificaties API spells it (camelCase JSON)."""
        return {
            "kanaal": self.kanaal,
            "hoofdObject": self.hoofd_object,
            "resource": self.resource,
            "resourceUrl": self.resource_url,
            "actie": self.actie,
            "aanmaakdatum": self.aanmaakdatum.isoformat().replace("+00:00", "Z"),
            "kenmerken": dict(self.kenmerken),
        }

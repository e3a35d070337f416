"""Tables of the gateway's own state, kept in the embedded store's database beside the
registries' data (one migration history): the audit log of reads of personal data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registries.sql.tables import Base, UTCDateTime

#: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite
BigId = BigInteger().with_variant(Integer(), "sqlite")


class AuditRow(Base):
    """One read of personal data (in the spirit of the Logboek Dataverwerkingen standard)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tijdstip: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: who: medewerker id, or the BSN/KvK of a burger acting for themselves
    subject: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(20))
    client_id: Mapped[str] = mapped_column(String(200), default="")
    #: zaak | document | klantcontact
    soort: Mapped[str] = mapped_column(String(20))
    object_url: Mapped[str] = mapped_column(String(1000), index=True)
    #: the BSN / KvK-nummer / RSIN of the people the object concerns (space separated)
    betrokkenen: Mapped[str] = mapped_column(Text, default="")
    operation: Mapped[str] = mapped_column(String(200), default="")
    #: purpose of processing (doelbinding)
    doel: Mapped[str] = mapped_column(String(200), default="")
    request_id: Mapped[str] = mapped_column(String(64), default="")

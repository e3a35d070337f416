"""Tables of the gateway's own state, kept in the embedded store's database beside the
registries' data (one migration history): the audit log of reads of personal data, the event
log of ZGW notifications, idempotency keys, zaaknummer sequences, the forwarding outbox and the
saga log of writes through the ZGW APIs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKeyConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registries.sql.tables import Base
from registries.sql.typen import UTCDateTime

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


class NotificatieRow(Base):
    """The event log: every ZGW notification, the gateway's own (written in the same transaction
    as the change, a transactional outbox) and those received from a Notificaties API. The id
    increases in commit order (writers serialise on a lock), so `after: <id>` replays exactly."""

    __tablename__ = "notificatie"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kanaal: Mapped[str] = mapped_column(String(50), index=True)
    hoofd_object: Mapped[str] = mapped_column(String(1000), index=True)
    resource: Mapped[str] = mapped_column(String(100))
    resource_url: Mapped[str] = mapped_column(String(1000))
    actie: Mapped[str] = mapped_column(String(100))
    aanmaakdatum: Mapped[datetime] = mapped_column(UTCDateTime)
    kenmerken: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: gateway (own writes) | notificaties-api (received on the webhook)
    bron: Mapped[str] = mapped_column(String(20), default="gateway")
    #: for messages received more than once (at-least-once delivery): unique when set
    ontdubbel_sleutel: Mapped[str | None] = mapped_column(String(128), unique=True)
    geregistreerd: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class IdempotentieRow(Base):
    """A mutation that has run under an idempotency key, and what it produced."""

    __tablename__ = "idempotentie"
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    soort: Mapped[str] = mapped_column(String(50))
    #: a hash of the request: the same key with another request is refused
    vingerafdruk: Mapped[str] = mapped_column(String(64), default="")
    resultaat: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    aangemaakt: Mapped[datetime] = mapped_column(UTCDateTime)


class TellerRow(Base):
    """Number sequences (zaaknummers per year, klantcontact and taak nummers): the last number
    issued, updated under a row lock so that concurrent writers never get the same one."""

    __tablename__ = "teller"
    naam: Mapped[str] = mapped_column(String(50), primary_key=True)
    laatste: Mapped[int] = mapped_column(Integer, default=0)


class DoorstuurOpdrachtRow(Base):
    """Store-and-forward: a message for a zaakafhandelcomponent, kept until it is delivered."""

    __tablename__ = "doorstuuropdracht"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    doel: Mapped[str] = mapped_column(String(1000))
    bericht: Mapped[dict[str, Any]] = mapped_column(JSON)
    sleutel: Mapped[str] = mapped_column(String(200), default="")
    #: wachtend | afgeleverd | mislukt
    status: Mapped[str] = mapped_column(String(20), default="wachtend", index=True)
    pogingen: Mapped[int] = mapped_column(Integer, default=0)
    volgende_poging: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    laatste_fout: Mapped[str] = mapped_column(Text, default="")
    aangemaakt: Mapped[datetime] = mapped_column(UTCDateTime)
    afgeleverd: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SagaRow(Base):
    """A unit of work against the ZGW APIs (a mutation), keyed like its idempotency key: what
    state it is in, and why it stopped. Its steps are `SagaStapRow`s. A mutation without an
    idempotency key gets a row only when it fails (sleutel ``zonder-sleutel:<uuid>``), so that an
    operator sees what it made upstream before it stopped."""

    __tablename__ = "saga"
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: the mutation (dienAanvraagIn, ...)
    soort: Mapped[str] = mapped_column(String(50))
    #: a hash of the request (as `IdempotentieRow.vingerafdruk`): another request is refused
    vingerafdruk: Mapped[str] = mapped_column(String(64), default="")
    #: bezig (running, or stopped by a passing fault: a retry resumes) | voltooid | mislukt
    #: (stopped by a fault that needs attention: refused input or credentials)
    status: Mapped[str] = mapped_column(String(20), index=True)
    laatste_fout: Mapped[str] = mapped_column(Text, default="")
    #: the GraphQL error code of `laatste_fout` (BAD_USER_INPUT, UPSTREAM_UNAVAILABLE, ...)
    fout_code: Mapped[str] = mapped_column(String(50), default="")
    #: what the mutation answered (`vastleggen`), once voltooid
    resultaat: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: the run holding the saga (a random token), None when nobody does; a holder that stops
    #: refreshing `bijgewerkt` loses it after the lease (a crashed process)
    eigenaar: Mapped[str | None] = mapped_column(String(64))
    aangemaakt: Mapped[datetime] = mapped_column(UTCDateTime)
    bijgewerkt: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SagaStapRow(Base):
    """One step of a saga: a write to an upstream API (or the embedded store), numbered in the
    order the unit of work makes them. `resultaat` is what the step produced (the object the
    writer returned, as JSON), written right after the upstream call succeeded. A row is written
    just before the call (`klaar` false): after a crash such a row means "outcome unknown", and
    the step is looked up upstream before it is made again."""

    __tablename__ = "saga_stap"
    __table_args__ = (
        ForeignKeyConstraint(
            ["subject", "sleutel"], ["saga.subject", "saga.sleutel"], ondelete="CASCADE"
        ),
    )
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    volgnummer: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the primitive (maak_zaak, maak_rol, ...) or its part (maak_klantcontact.betrokkene)
    soort: Mapped[str] = mapped_column(String(50))
    klaar: Mapped[bool] = mapped_column(Boolean, default=False)
    resultaat: Mapped[Any | None] = mapped_column(JSON)
    bijgewerkt: Mapped[datetime] = mapped_column(UTCDateTime)

"""Who a registry call is made for, and what may be remembered while one operation runs.

The gateway sets both per GraphQL operation (``with operatie(actor): ...`` around the execution);
asyncio tasks copy the context when they are created, so every resolver of the operation sees
the same values. Outside an operation the actor is the gateway itself (`SYSTEEM`) and nothing is
remembered.

* `Actor` is the END USER on whose behalf an upstream registry is called. The ZGW adapters put it
  into the JWT (`user_id`, `user_representation`) so that Open Zaak's audit trail names the
  person, not just the gateway's client id.
* `Operatie.geheugen` is a per-operation scratch space for backends: e.g. the children that an
  Open Zaak ``expand`` returned along with a list of zaken, so that a following
  ``statussen_van``/``rollen_van`` for those zaken needs no further call. It lives exactly as long
  as the operation, is never shared between operations (so never between callers with different
  scopes) and holds upstream data only: backends apply the `Scope` on every read from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (or system) a registry call is made for."""

    user_id: str
    user_representation: str


#: the gateway itself, for work that no end user asked for (start-up, notifications)
SYSTEEM = Actor(user_id="zgw-gateway", user_representation="ZGW gateway (systeem)")

#: the actor of the running operation; tasks inherit it
actor_var: ContextVar[Actor] = ContextVar("zgw_actor", default=SYSTEEM)


@dataclass(slots=True, eq=False)
class Operatie:
    """One GraphQL operation, as far as the registries are concerned."""

    actor: Actor = SYSTEEM
    #: what the operation does, for records that outlive it (e.g. the mutation's name)
    naam: str = ""
    #: backend-owned scratch space; keys are chosen by the backend (e.g. ``("zgw", "zaken")``)
    geheugen: dict[Any, Any] = field(default_factory=dict)


operatie_var: ContextVar[Operatie | None] = ContextVar("zgw_operatie", default=None)


def huidige_actor() -> Actor:
    return actor_var.get()


def huidige_operatie() -> Operatie | None:
    return operatie_var.get()


@contextmanager
def operatie(actor: Actor = SYSTEEM, naam: str = "") -> Iterator[Operatie]:
    """Run the body as one operation for `actor` (sets both context variables, restores them)."""
    op = Operatie(actor=actor, naam=naam)
    actor_token = actor_var.set(actor)
    op_token = operatie_var.set(op)
    try:
        yield op
    finally:
        operatie_var.reset(op_token)
        actor_var.reset(actor_token)

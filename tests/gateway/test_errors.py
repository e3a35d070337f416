"""The one error mapping: an unreachable database is UPSTREAM_UNAVAILABLE (retry), not INTERNAL;
a fault inside the gateway is INTERNAL with a reference and no details."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from graphql import GraphQLError
from sqlalchemy import exc as sa_exc

from gateway.errors import format_error
from gateway.runtime import Runtime
from tests.conftest import behandelaar, settings_for
from tests.support.graphql import codes, execute
from tests.support.server import free_port


def _mapped(original: Exception) -> dict[str, object]:
    error = GraphQLError("boom", path=["zaken"], original_error=original)
    return dict(format_error(error).extensions or {})


def _wrapped(orig: Exception) -> Exception:
    try:
        try:
            raise orig
        except Exception as cause:
            raise sa_exc.OperationalError("SELECT 1", {}, cause) from cause
    except sa_exc.OperationalError as wrapped:
        return wrapped


@pytest.mark.parametrize(
    "original",
    [
        asyncpg.exceptions.CannotConnectNowError("the database system is shutting down"),
        asyncpg.exceptions.AdminShutdownError("terminating connection"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
        ConnectionRefusedError(111, "Connection refused"),
        _wrapped(asyncpg.exceptions.CannotConnectNowError("starting up")),
        _wrapped(sqlite3.OperationalError("database is locked")),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_unreachable_database_is_upstream_unavailable(original: Exception) -> None:
    extensions = _mapped(original)
    assert extensions["code"] == "UPSTREAM_UNAVAILABLE"


@pytest.mark.parametrize(
    "original",
    [
        RuntimeError("a bug"),
        _wrapped(sqlite3.OperationalError('near "SELEC": syntax error')),
        asyncpg.exceptions.UndefinedColumnError("column x does not exist"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_fault_of_the_gateway_is_internal(original: Exception) -> None:
    extensions = _mapped(original)
    assert extensions["code"] == "INTERNAL"
    assert set(extensions) == {"code", "reference"}


async def test_a_query_while_postgresql_is_down() -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/test"  # nothing listens
    runtime = Runtime(settings_for(url))
    try:
        found, errors = await execute(
            runtime, "{ zaken { nodes { url } } }", principal=behandelaar()
        )
    finally:
        await runtime.close()
    assert codes(errors) == ["UPSTREAM_UNAVAILABLE"]
    assert "try again" in errors[0]["message"]
    assert found is None

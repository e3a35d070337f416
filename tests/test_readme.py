"""The README's examples are what the gateway answers: the three views of one zaak (query and
answers), the refused field, and the "more queries to try", sent over HTTP with the tokens
`make run` prints. A change of behaviour that the README does not follow fails here."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio

from gateway.app import create_app
from gateway.authz.principal import Role
from gateway.authz.tokens import dev_issuer, dev_token
from gateway.runtime import Runtime
from registries.sql.seed.demo import FATIMA, JAN

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def section(title: str) -> list[tuple[str, str]]:
    """The fenced blocks (language, text) of the README section with this title."""
    text = README.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return BLOCK.findall(text[start : end if end != -1 else None])


@pytest_asyncio.fixture
async def client(demo_runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime=demo_runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
        yield c


def tokens(runtime: Runtime) -> dict[str, str]:
    """The tokens of `zgw-gateway demo-info` (printed by `make run`)."""
    s = runtime.settings
    issuer = dev_issuer(s.dev_secret, s.token_issuer, s.token_audience)
    return {
        "behandelaar": dev_token(issuer, role=Role.BEHANDELAAR, subject="mdw-0042"),
        "kcc": dev_token(issuer, role=Role.KCC, subject="kcc-007", naam="K. Klant"),
        "jan": dev_token(issuer, role=Role.BURGER, bsn=JAN.bsn, naam=JAN.naam),
        "fatima": dev_token(issuer, role=Role.BURGER, bsn=FATIMA.bsn, naam=FATIMA.naam),
    }


async def ask(client: httpx.AsyncClient, query: str, token: str | None) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    body: dict[str, object] = response.json()
    return body


async def test_the_three_views_of_one_zaak(
    client: httpx.AsyncClient, demo_runtime: Runtime
) -> None:
    blocks = section("The same zaak, three views")
    (lang, query), *rest = blocks
    assert lang == "graphql"
    answers = [json.loads(text) for lang, text in rest[:3] if lang == "json"]
    assert len(answers) == 3
    tok = tokens(demo_runtime)
    for who, answer in zip(("behandelaar", "kcc", "fatima"), answers, strict=True):
        assert await ask(client, query, tok[who]) == answer, who
    (lang, refused), (_, error) = rest[3], rest[4]
    assert lang == "graphql"
    assert await ask(client, refused.strip(), tok["fatima"]) == json.loads(error)


async def test_the_more_queries_to_try(client: httpx.AsyncClient, demo_runtime: Runtime) -> None:
    tok = tokens(demo_runtime)
    [(_, text)] = [b for b in section("From the command line") if b[0] == "graphql"]
    examples = re.findall(r"# (.*)\n(\{.*\})", text)
    assert len(examples) == 4
    for comment, query in examples:
        who = comment.split(":")[0]
        token = None if "no token" in comment else tok.get(who, tok["behandelaar"])
        body = await ask(client, query, token)
        assert "errors" not in body, (comment, body)
        assert body["data"], comment


async def test_the_curl_example(client: httpx.AsyncClient, demo_runtime: Runtime) -> None:
    blocks = [b for b in section("From the command line") if b[0] == "sh"]
    payload = re.search(r"-d '(\{.*\})'", blocks[0][1])
    assert payload is not None
    query = json.loads(payload.group(1))["query"]
    body = await ask(client, query, tokens(demo_runtime)["jan"])
    assert "errors" not in body
    zaken = body["data"]["zaken"]  # type: ignore[index]
    assert zaken["totalCount"] >= 1

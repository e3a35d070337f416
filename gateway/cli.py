"""The `zgw-gateway` command: serve, migrate, seed (and, with authorisation, token and schema)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from gateway.settings import Settings
from registries.errors import ConfigurationError


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    if args.workers > 1:
        uvicorn.run(
            "gateway.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=args.workers,
            log_level=settings.log_level.lower(),
            ws_per_message_deflate=settings.ws_per_message_deflate,
        )
        return 0
    from gateway.app import create_app

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        ws_per_message_deflate=settings.ws_per_message_deflate,
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from registries.sql.engine import create_engine
    from registries.sql.migrate import upgrade

    settings = _settings(args)

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
    print(f"database at the latest schema: {_safe_url(settings.database_url)}", file=sys.stderr)
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from registries.sql.engine import analyseer, create_engine
    from registries.sql.migrate import upgrade
    from registries.sql.seed.demo import seed_demo
    from registries.sql.seed.synthetic import BENCH_BSN_20, BENCH_BSN_100, seed_synthetic

    settings = _settings(args)
    if not args.demo and not args.zaken:
        print("nothing to seed: give --demo and/or --zaken N", file=sys.stderr)
        return 2

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine)
            if args.demo:
                rows = await seed_demo(engine)
                if rows:
                    print(f"demo data loaded ({rows} rows)", file=sys.stderr)
                else:
                    print("demo data already present; nothing loaded", file=sys.stderr)
            if args.zaken:
                started = time.perf_counter()
                result = await seed_synthetic(engine, args.zaken)
                print(
                    f"{result.zaken} synthetic zaken ({result.eerste} .. {result.laatste}, "
                    f"{result.rows} rows) in {time.perf_counter() - started:.1f} s; "
                    f"benchmark burgers: {BENCH_BSN_100} (100 zaken), {BENCH_BSN_20} (20 zaken)",
                    file=sys.stderr,
                )
            await analyseer(engine)  # fresh planner statistics after the bulk load
        finally:
            await engine.dispose()

    asyncio.run(run())
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from gateway.authz.principal import Role
    from gateway.authz.tokens import dev_issuer, dev_token
    from registries.models import Vertrouwelijkheid

    settings = _settings(args)
    if not settings.dev_secret:
        print(
            "zgw-gateway token: refused: no dev secret is configured. Set "
            "ZGW_GATEWAY_DEV_SECRET (development only; real clients get tokens from your "
            "identity provider).",
            file=sys.stderr,
        )
        return 2
    role = Role(args.role)
    if role is Role.BURGER and not (args.bsn or args.kvk):
        print("zgw-gateway token: a burger token needs --bsn or --kvk", file=sys.stderr)
        return 2
    level = Vertrouwelijkheid(args.max_vertrouwelijkheid) if args.max_vertrouwelijkheid else None
    issuer = dev_issuer(settings.dev_secret, settings.token_issuer, settings.token_audience)
    print(
        dev_token(
            issuer,
            role=role,
            subject=args.subject,
            naam=args.naam or "",
            bsn=args.bsn,
            kvk=args.kvk,
            zaaktypen=args.zaaktypen,
            max_vertrouwelijkheid=level,
            auditor=args.auditor,
            ttl_seconds=args.ttl,
        )
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from gateway.authz.principal import Role
    from gateway.schema.build import build_schema

    if args.role is None:
        print(str(build_schema()))
        return 0
    from graphql import print_schema

    from gateway.authz.fields import role_schema
    from gateway.authz.policy import load_policies

    settings = _settings(args)
    schema = build_schema()
    policies = load_policies(schema._schema, settings.policies_dir)
    print(print_schema(role_schema(schema._schema, policies[Role(args.role)].allows)))
    return 0


def cmd_demo_info(args: argparse.Namespace) -> int:
    from gateway.authz.principal import Role
    from gateway.authz.tokens import dev_issuer, dev_token
    from registries.sql.seed.demo import FATIMA, JAN, ZOMERFEEST

    settings = _settings(args)
    url = f"http://{settings.host}:{settings.port}/graphql"
    lines = [
        "",
        "zgw-gateway demo",
        f"  GraphiQL:  {url}  (open it in a browser)",
        "  Paste one token below into GraphiQL's Headers tab as",
        '    {"Authorization": "Bearer <token>"}',
        "",
    ]
    if settings.dev_secret:
        issuer = dev_issuer(settings.dev_secret, settings.token_issuer, settings.token_audience)
        tokens = [
            (
                "behandelaar (all zaaktypen)",
                dev_token(issuer, role=Role.BEHANDELAAR, subject="mdw-0042", naam="A. Jansen"),
            ),
            ("kcc", dev_token(issuer, role=Role.KCC, subject="kcc-007", naam="K. Klant")),
            (
                f"burger {JAN.naam} (BSN {JAN.bsn})",
                dev_token(issuer, role=Role.BURGER, bsn=JAN.bsn, naam=JAN.naam),
            ),
            (
                f"burger {FATIMA.naam} (BSN {FATIMA.bsn})",
                dev_token(issuer, role=Role.BURGER, bsn=FATIMA.bsn, naam=FATIMA.naam),
            ),
            (
                f"company {ZOMERFEEST.naam} (KvK {ZOMERFEEST.kvk})",
                dev_token(issuer, role=Role.BURGER, kvk=ZOMERFEEST.kvk, naam=ZOMERFEEST.naam),
            ),
        ]
        for label, token in tokens:
            lines += [f"  {label}:", f"    {token}", ""]
    else:
        lines.append("  (no dev secret set: no demo tokens; set ZGW_GATEWAY_DEV_SECRET)")
    lines.append(
        '  Try: { zaak(identificatie: "ZAAK-2026-0000001") { omschrijving status '
        "{ statustype { statustekst } } } }"
    )
    print("\n".join(lines), file=sys.stderr)
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    from registries.sql.engine import normalise_url

    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zgw-gateway",
        description="GraphQL gateway over the ZGW registries. Settings come from "
        "ZGW_GATEWAY_* environment variables (see README).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve /graphql")
    serve.add_argument("--host", default=None, help="default: ZGW_GATEWAY_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: ZGW_GATEWAY_PORT or 8000")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="create or upgrade the embedded store's tables")
    migrate.set_defaults(func=cmd_migrate)

    seed = sub.add_parser("seed", help="load demo data and/or synthetic zaken")
    seed.add_argument("--demo", action="store_true", help="the demo municipality (once)")
    seed.add_argument("--zaken", type=int, default=0, metavar="N", help="N synthetic zaken")
    seed.set_defaults(func=cmd_seed)

    token = sub.add_parser(
        "token", help="print a dev token (needs ZGW_GATEWAY_DEV_SECRET; development only)"
    )
    token.add_argument("--role", required=True, choices=["behandelaar", "kcc", "burger"])
    token.add_argument("--bsn", help="burger: the BSN (DigiD)")
    token.add_argument("--kvk", help="burger: the KvK-nummer (eHerkenning)")
    token.add_argument(
        "--zaaktypen",
        nargs="+",
        metavar="URL",
        help="behandelaar: zaaktype URLs or identificaties (default: all, claim '*')",
    )
    token.add_argument(
        "--max-vertrouwelijkheid",
        choices=[v.value for v in _levels()],
        help="the highest vertrouwelijkheidaanduiding (default: the policy's)",
    )
    token.add_argument("--subject", help="the token's sub (default: BSN/KvK or dev-<role>)")
    token.add_argument("--naam", help="display name")
    token.add_argument("--auditor", action="store_true", help="behandelaar: may read the audit log")
    token.add_argument("--ttl", type=int, default=8 * 3600, help="seconds valid (default 8 h)")
    token.set_defaults(func=cmd_token)

    schema = sub.add_parser("schema", help="print the GraphQL SDL (of one role with --role)")
    schema.add_argument("--role", choices=["behandelaar", "kcc", "burger", "anoniem"])
    schema.set_defaults(func=cmd_schema)

    info = sub.add_parser("demo-info", help="print where to go and a token per demo role")
    info.set_defaults(func=cmd_demo_info)
    return parser


def _levels() -> list[Any]:
    from registries.models import Vertrouwelijkheid

    return list(Vertrouwelijkheid)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ConfigurationError as error:
        print(f"zgw-gateway: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

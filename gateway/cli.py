"""The `zgw-gateway` command: serve, migrate, seed (and, with authorisation, token and schema)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Callable, Sequence

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
        )
        return 0
    from gateway.app import create_app

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
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
    from registries.sql.engine import create_engine
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
        finally:
            await engine.dispose()

    asyncio.run(run())
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
    return parser


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

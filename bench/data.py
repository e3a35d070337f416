"""The benchmark databases: SQLite files and PostgreSQL databases with N synthetic zaken.

Each is seeded once with `zgw-gateway seed --zaken N` and reused while it holds exactly N
synthetic zaken (a database with another count is recreated). After seeding, ANALYZE (the
planner needs statistics after a bulk load). Before each run the audit log (which every
benchmark read appends to) is emptied, so runs do not slow each other down.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.http import ROOT

DATA_DIR = ROOT / ".bench-data"
#: PostgreSQL database names: `<prefix>_10k`, ...; set ZGW_BENCH_PG_PREFIX to keep one runner's
#: databases apart from another's on a shared server
PG_PREFIX = os.environ.get("ZGW_BENCH_PG_PREFIX", "zgw_bench")
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]


@dataclass(frozen=True)
class Target:
    backend: str  # "sqlite" | "postgresql"
    zaken: int
    #: "" for the benchmark database itself; "_schrijf" for the copy the write scenario grows
    kopie: str = ""

    @property
    def key(self) -> str:
        return f"{self.backend}-{self.zaken // 1000}k"

    @property
    def label(self) -> str:
        return f"{'SQLite' if self.backend == 'sqlite' else 'PostgreSQL'}, {self.zaken:,} zaken"

    @property
    def pg_name(self) -> str:
        return f"{PG_PREFIX}_{self.zaken // 1000}k{self.kopie}"

    @property
    def sqlite_path(self) -> Path:
        return DATA_DIR / f"zaken-{self.zaken // 1000}k{self.kopie}.db"

    @property
    def url(self) -> str:
        if self.backend == "sqlite":
            return f"sqlite+aiosqlite:///{self.sqlite_path}"
        return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{self.pg_name}"


def _psql(sql: str, database: str = "postgres") -> str:
    out = subprocess.run([*PG_ADMIN, "-d", database, "-c", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"psql: {out.stderr.strip()}")
    return out.stdout.strip()


def schrijf_kopie(target: Target) -> Target:
    """A fresh copy of `target`'s database for the write scenario, which adds zaken: the
    benchmark database keeps exactly its synthetic zaken for the reads (of this run and the
    next). SQLite: the backup API; PostgreSQL: CREATE DATABASE .. TEMPLATE (nobody may be
    connected to the original then; the read phase has closed its connections)."""
    kopie = Target(target.backend, target.zaken, "_schrijf")
    drop_kopie(kopie)
    if target.backend == "sqlite":
        # a generous timeout: the server of the HTTP phase may still be checkpointing its WAL
        # as it exits (a full run once failed here with "database is locked" at 100k)
        with (
            sqlite3.connect(target.sqlite_path, timeout=120) as src,
            sqlite3.connect(kopie.sqlite_path, timeout=120) as dst,
        ):
            src.backup(dst)
        src.close()
        dst.close()
    else:
        for attempt in range(20):  # closed connections take a moment to leave the server
            try:
                _psql(f"CREATE DATABASE {kopie.pg_name} TEMPLATE {target.pg_name}")
                break
            except RuntimeError as error:
                if "being accessed by other users" not in str(error) or attempt == 19:
                    raise
                time.sleep(0.5)
    return kopie


def drop_kopie(kopie: Target) -> None:
    assert kopie.kopie, "only a copy is dropped here"
    _drop(kopie)


def _count(target: Target) -> int | None:
    """Synthetic zaken in the database, or None when it does not exist / has no tables."""
    sql = "SELECT count(*) FROM zaak WHERE identificatie LIKE 'SYN-%'"
    if target.backend == "sqlite":
        if not target.sqlite_path.exists():
            return None
        try:
            with sqlite3.connect(target.sqlite_path) as conn:
                return int(conn.execute(sql).fetchone()[0])
        except sqlite3.Error:
            return None
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{target.pg_name}'")
    if not exists:
        return None
    try:
        return int(_psql(sql, target.pg_name))
    except RuntimeError:
        return None


def _drop(target: Target) -> None:
    if target.backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(target.sqlite_path) + suffix).unlink(missing_ok=True)
    else:
        _psql(f"DROP DATABASE IF EXISTS {target.pg_name}")


def prepare(target: Target, log: list[str]) -> dict[str, object]:
    """Make sure `target` holds exactly its synthetic zaken; returns what was done."""
    DATA_DIR.mkdir(exist_ok=True)
    found = _count(target)
    info: dict[str, object] = {"reused": found == target.zaken, "seed_seconds": None}
    if found != target.zaken:
        if found is not None:
            log.append(
                f"{target.key}: holds {found} synthetic zaken, not {target.zaken}: recreated"
            )
        _drop(target)
        if target.backend == "postgresql":
            _psql(f"CREATE DATABASE {target.pg_name}")
        env = {**os.environ, "ZGW_GATEWAY_DATABASE_URL": target.url, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "gateway.cli", "seed", "--zaken", str(target.zaken)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        info["seed_seconds"] = round(time.perf_counter() - started, 1)
        analyze(target)
        record_seeding(target, float(info["seed_seconds"]))  # type: ignore[arg-type]
    else:
        info.update(seeding_record(target.key))
    return info


SEEDED = DATA_DIR / "seeded.json"


def record_seeding(target: Target, seconds: float) -> None:
    records = json.loads(SEEDED.read_text()) if SEEDED.exists() else {}
    records[target.key] = {"seconds": seconds, "on": date.today().isoformat()}
    SEEDED.write_text(json.dumps(records, indent=1) + "\n")


def seeding_record(key: str) -> dict[str, object]:
    """How long the reused database took to seed, when this runner seeded it."""
    records = json.loads(SEEDED.read_text()) if SEEDED.exists() else {}
    found = records.get(key)
    if not found:
        return {}
    return {"seeded_seconds": found["seconds"], "seeded_on": found["on"]}


def analyze(target: Target) -> None:
    if target.backend == "sqlite":
        with sqlite3.connect(target.sqlite_path) as conn:
            conn.execute("ANALYZE")
    else:
        _psql("VACUUM ANALYZE", target.pg_name)


def clear_audit_log(target: Target) -> None:
    if target.backend == "sqlite":
        with sqlite3.connect(target.sqlite_path) as conn:
            conn.execute("DELETE FROM audit_log")
    else:
        _psql("TRUNCATE audit_log", target.pg_name)

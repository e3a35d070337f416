"""What else the machine ran meanwhile: CPU used by processes that are not the benchmark's."""

from __future__ import annotations

import os
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _cpu_by_pid() -> dict[int, tuple[str, float]]:
    out: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        out[int(entry.name)] = (name, (int(fields[11]) + int(fields[12])) / CLK_TCK)
    return out


class ForeignLoad:
    """CPU (in cores) used by long-lived processes outside the benchmark between start and stop.
    PostgreSQL's processes count as ours."""

    def __init__(self) -> None:
        self.before = _cpu_by_pid()
        self.started = time.monotonic()

    def stop(self, ours: set[int]) -> dict[str, float]:
        after = _cpu_by_pid()
        wall = time.monotonic() - self.started
        mine = ours | {os.getpid()}
        used: dict[str, float] = {}
        for pid, (name, cpu) in after.items():
            if pid in mine or pid not in self.before or name.startswith("postgres"):
                continue
            delta = cpu - self.before[pid][1]
            if delta > 0:
                used[name] = used.get(name, 0.0) + delta
        top = sorted(used.items(), key=lambda kv: -kv[1])[:3]
        return {
            "cores": round(sum(used.values()) / wall, 2),
            **{f"top:{n}": round(c / wall, 2) for n, c in top},
        }

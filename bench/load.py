"""What else the machine ran meanwhile: CPU used by processes that are not the benchmark's.

A sampler thread reads /proc once a second, so processes that start and end during a target's
measurements (other sessions' test runs, say) are counted too. The benchmark's own processes
(this one and its children: servers, wrk, psql) are left out; PostgreSQL's processes are shown
apart, since they serve the benchmark and everyone else alike.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _uptime_ticks() -> float:
    return float(Path("/proc/uptime").read_text().split()[0]) * CLK_TCK


class ForeignLoad:
    def __init__(self, interval: float = 1.0) -> None:
        self.started = time.monotonic()
        self.window_start = _uptime_ticks()
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, int, float]] = {}
        self._stop = threading.Event()
        self._interval = interval
        self._sample()
        self._thread = threading.Thread(target=self._run, name="foreign-load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def _sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                raw = (entry / "stat").read_text()
            except OSError:
                continue
            pid = int(entry.name)
            name = raw[raw.index("(") + 1 : raw.rindex(")")]
            fields = raw.rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
            if pid not in self.first:
                started_during = int(fields[19]) >= self.window_start
                self.first[pid] = 0.0 if started_during else cpu
            self.last[pid] = (name, int(fields[1]), cpu)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self._sample()
        wall = time.monotonic() - self.started
        ours = {os.getpid()}
        changed = True
        while changed:  # our descendants, by parent pid
            changed = False
            for pid, (_name, ppid, _cpu) in self.last.items():
                if ppid in ours and pid not in ours:
                    ours.add(pid)
                    changed = True
        used: dict[str, float] = {}
        postgres = 0.0
        for pid, (name, _ppid, cpu) in self.last.items():
            if pid in ours:
                continue
            delta = cpu - self.first.get(pid, cpu)
            if delta <= 0:
                continue
            if name.startswith("postgres"):
                postgres += delta
            else:
                used[name] = used.get(name, 0.0) + delta
        top = sorted(used.items(), key=lambda kv: -kv[1])[:3]
        return {
            "cores": round(sum(used.values()) / wall, 2),
            "postgres_cores": round(postgres / wall, 2),
            **{f"top:{n}": round(c / wall, 2) for n, c in top},
        }

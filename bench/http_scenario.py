"""Over HTTP, a few scenarios only: the gateway and the baseline app as `make bench` serves them
(one worker each, pinned), wrk interleaved run by run, the same JSON checked first.

`python -m bench.http_scenario BACKEND:ZAKEN [SCENARIO ...]`, e.g.
`python -m bench.http_scenario postgresql:100000 behandelaar_zaak_detail`, against data that
`make bench` (or `bench.data.prepare`) seeded. For checking one change quickly; the figures of
record come from `make bench`.
"""

from __future__ import annotations

import sys

from bench.data import Target
from bench.measure import over_http
from bench.run import FULL
from bench.scenarios import READS


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    backend, zaken = argv[0].split(":")
    keys = argv[1:] or ["behandelaar_zaak_detail"]
    unknown = set(keys) - {s.key for s in READS}
    if unknown:
        print(f"no such read scenario: {sorted(unknown)}; one of {[s.key for s in READS]}")
        return 2
    out = over_http(Target(backend, int(zaken)), FULL, 8700, 8701, keys)  # as `make bench`
    for key, entry in out["scenarios"].items():
        for side in ("gateway", "baseline"):
            figures = entry[side]
            runs = ", ".join(f"{r['rps']:,.0f}" for r in figures["runs"])
            print(
                f"{key} {side}: req/s {runs}; p99 {figures['p99_us']['median'] / 1000:.1f} ms; "
                f"CPU {figures['server_cpu']['median']:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

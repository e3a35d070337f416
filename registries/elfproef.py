"""The 11-proef for BSN and RSIN (Open Zaak rejects numbers that fail it)."""

from __future__ import annotations


def is_geldig_bsn(nummer: str) -> bool:
    if len(nummer) != 9 or not nummer.isdigit():
        return False
    digits = [int(c) for c in nummer]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and nummer != "000000000"


#: an RSIN has the same check as a BSN
is_geldig_rsin = is_geldig_bsn


def geldige_bsns(start: int, aantal: int) -> list[str]:
    """`aantal` valid BSNs from `start` upwards (deterministic)."""
    found: list[str] = []
    n = start
    while len(found) < aantal:
        candidate = f"{n:09d}"
        if is_geldig_bsn(candidate):
            found.append(candidate)
        n += 1
    return found

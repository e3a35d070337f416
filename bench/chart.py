"""The chart: throughput and p99 latency per scenario, gateway and baseline, per target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def chart(results: dict[str, Any], path: Path) -> None:
    targets = {k: t for k, t in results["targets"].items() if "http" in t}
    if not targets:
        return
    fig, axes = plt.subplots(
        2, len(targets), figsize=(4.2 * len(targets), 7.5), squeeze=False, sharey="row"
    )
    for col, (_key, target) in enumerate(targets.items()):
        scenarios = target["http"]["scenarios"]
        names = list(scenarios)
        labels = [n.replace("behandelaar_", "beh_").replace("burger_", "") for n in names]
        xs = range(len(names))
        width = 0.38
        for row, (metric, title, scale) in enumerate(
            (("rps", "requests/s", 1.0), ("p99_us", "p99 latency (ms)", 1e-3))
        ):
            ax = axes[row][col]
            for offset, side, color in (
                (-width / 2, "gateway", "#1f77b4"),
                (width / 2, "baseline", "#aaaaaa"),
            ):
                med = [scenarios[n][side][metric]["median"] * scale for n in names]
                lo = [
                    m - scenarios[n][side][metric]["min"] * scale
                    for m, n in zip(med, names, strict=True)
                ]
                hi = [
                    scenarios[n][side][metric]["max"] * scale - m
                    for m, n in zip(med, names, strict=True)
                ]
                ax.bar(
                    [x + offset for x in xs],
                    med,
                    width,
                    yerr=[lo, hi],
                    label=side,
                    color=color,
                    capsize=2,
                )
            ax.set_xticks(list(xs))
            ax.set_xticklabels(labels, rotation=35, ha="right", fontsize=7)
            ax.set_yscale("log")
            ax.grid(axis="y", alpha=0.3)
            if col == 0:
                ax.set_ylabel(title)
            if row == 0:
                ax.set_title(target["label"], fontsize=9)
    axes[0][0].legend(fontsize=8)
    fig.suptitle(
        f"zgw-gateway vs hand-written SQL over HTTP (wrk, {results['plan']['connections']} "
        "connections; median, whiskers min-max)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

"""A few Prometheus metrics, in the text exposition format, at /metrics.

Kept small and dependency-free: operations by type and outcome, errors by code, how queries ran
(compiled plan or graphql-core), an operation latency histogram, and gauges that other parts
report through `Metrics.gauges` (audit queue, subscribers, ...).
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass
class Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    total: float = 0.0
    n: int = 0

    def observe(self, seconds: float) -> None:
        self.counts[bisect.bisect_left(BUCKETS, seconds)] += 1
        self.total += seconds
        self.n += 1


@dataclass
class Metrics:
    operations: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latency: dict[str, Histogram] = field(default_factory=dict)
    #: name -> a function giving the current value (added by the parts that own them)
    gauges: dict[str, Callable[[], float]] = field(default_factory=dict)
    started: float = field(default_factory=time.time)

    def operation(self, kind: str, outcome: str, seconds: float, codes: list[str]) -> None:
        self.operations[(kind, outcome)] += 1
        for code in codes:
            self.errors[code] += 1
        self.latency.setdefault(kind, Histogram()).observe(seconds)

    def render(self, execution_counts: dict[str, int]) -> str:
        lines = [
            "# HELP zgw_gateway_operations_total GraphQL operations by type and outcome.",
            "# TYPE zgw_gateway_operations_total counter",
        ]
        for (kind, outcome), n in sorted(self.operations.items()):
            lines.append(f'zgw_gateway_operations_total{{type="{kind}",outcome="{outcome}"}} {n}')
        lines += [
            "# HELP zgw_gateway_errors_total GraphQL errors by extensions.code.",
            "# TYPE zgw_gateway_errors_total counter",
        ]
        for code, n in sorted(self.errors.items()):
            lines.append(f'zgw_gateway_errors_total{{code="{code}"}} {n}')
        lines += [
            "# HELP zgw_gateway_executions_total How operations ran: compiled plan, plan stepped "
            "aside, graphql-core.",
            "# TYPE zgw_gateway_executions_total counter",
        ]
        for path, n in sorted(execution_counts.items()):
            lines.append(f'zgw_gateway_executions_total{{path="{path}"}} {n}')
        lines += [
            "# HELP zgw_gateway_operation_seconds Time to execute an operation (without HTTP).",
            "# TYPE zgw_gateway_operation_seconds histogram",
        ]
        for kind, h in sorted(self.latency.items()):
            cumulative = 0
            for bound, count in zip((*BUCKETS, float("inf")), h.counts, strict=True):
                cumulative += count
                le = "+Inf" if bound == float("inf") else repr(bound)
                lines.append(
                    f'zgw_gateway_operation_seconds_bucket{{type="{kind}",le="{le}"}} {cumulative}'
                )
            lines.append(f'zgw_gateway_operation_seconds_sum{{type="{kind}"}} {h.total}')
            lines.append(f'zgw_gateway_operation_seconds_count{{type="{kind}"}} {h.n}')
        for name, value in sorted(self.gauges.items()):
            lines += [f"# TYPE {name} gauge", f"{name} {value()}"]
        lines += [
            "# TYPE zgw_gateway_start_time_seconds gauge",
            f"zgw_gateway_start_time_seconds {self.started}",
        ]
        return "\n".join(lines) + "\n"

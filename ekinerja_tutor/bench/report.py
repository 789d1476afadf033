"""Figures, targets and the two outputs of every bench: a printed table and a JSON file."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank; 0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


@dataclass(frozen=True)
class Target:
    """One promise: ``value`` compared with ``limit`` (``<=`` unless ``at_least``)."""

    name: str
    value: float
    limit: float
    unit: str = ""
    at_least: bool = False

    @property
    def met(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def line(self) -> str:
        sign = "≥" if self.at_least else "≤"
        verdict = "target met" if self.met else "target NOT met"
        return (
            f"{self.name}: {self.value:.3g}{self.unit} "
            f"(target {sign} {self.limit:g}{self.unit}) — {verdict}"
        )


@dataclass
class Report:
    """What one bench found."""

    bench: str
    columns: list[str]
    rows: list[list[Any]]
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def all_met(self) -> bool:
        return all(t.met for t in self.targets)

    def table(self) -> str:
        cells = [[_cell(v) for v in row] for row in self.rows]
        widths = [len(c) for c in self.columns]
        for row in cells:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]

        def fmt(row: Sequence[str]) -> str:
            return "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=False))
            )

        lines = [f"== bench {self.bench} ==", fmt(self.columns), fmt(["-" * w for w in widths])]
        lines += [fmt(row) for row in cells]
        lines += [f"  {n}" for n in self.notes]
        lines += [t.line() for t in self.targets]
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "bench": self.bench,
            "machine": machine(),
            "columns": self.columns,
            "rows": self.rows,
            "targets": [asdict(t) | {"met": t.met} for t in self.targets],
            "all_met": self.all_met,
            "notes": self.notes,
            "data": self.data,
        }

    def write_json(self, path: str | os.PathLike[str]) -> None:
        Path(path).write_text(json.dumps(self.as_json(), indent=2, default=str), encoding="utf-8")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 100 else f"{value:.3g}"
    return str(value)


def machine() -> dict[str, Any]:
    """Where the figures came from."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mib": memory,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def rss_mib() -> float:
    """This process's resident set size in MiB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20

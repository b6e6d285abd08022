"""results.json → results.md (tables with ratios) and chart.png (matplotlib, optional)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

METRICS = ("rps_c10", "p50_ms_c1", "p99_ms_c1", "cpu_ms_per_request", "sql_per_request", "response_bytes", "errors")


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _ratio(a: Any, b: Any) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def markdown(report: dict[str, Any]) -> str:
    lines = [f"# junxiu benchmark {report.get('label') or ''} ({report['started']})", "",
             f"wrk, {report['duration_s']:.0f} s per run; requests/s at 10 connections, latency at 1 connection; "
             f"{report['machine']['cpus']} CPUs shared by server, database and load generator.", ""]
    for run in report["runs"]:
        targets = run["targets"]
        lines += [f"## {run['scale']} retirees, {run['dialect']}", "",
                  "| scenario | target | req/s (c=10) | p50 ms (c=1) | p99 ms (c=1) | server CPU ms/req | SQL/req "
                  "| response bytes | errors | ÷ lower bound | ÷ PostGraphile |",
                  "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
        names = [n for n in next(iter(targets.values())) if not n.startswith("_")] if targets else []
        for name in names:
            bound = targets.get("raw", {}).get(name, {}).get("rps_c10")
            pgl = targets.get("postgraphile", {}).get(name, {}).get("rps_c10")
            for target, results in targets.items():
                entry = results.get(name)
                if not entry:
                    continue
                if "error" in entry:
                    lines.append(f"| {name} | {target} | failed: {entry['error'][:80]!r} |||||||||")
                    continue
                cells = [_fmt(entry.get(m)) for m in METRICS]
                rps = entry.get("rps_c10")
                lines.append(f"| {name} | {target} | " + " | ".join(cells) +
                             f" | {_ratio(rps, bound) if target != 'raw' else ''} "
                             f"| {_ratio(rps, pgl) if target != 'postgraphile' else ''} |")
        lines.append("")
        lines.append("Peak server memory (VmHWM): " + ", ".join(
            f"{t} {r.get('_peak_memory_mib')} MiB" for t, r in targets.items()) + ".")
        lines.append(f"Data: {json.dumps(run['rows'], ensure_ascii=False)}; prepare timings (s): "
                     f"{json.dumps(run['prepare_timings'])}.")
        lines.append("")
    scales = sorted({r["scale"] for r in report["runs"]}, key=lambda s: next(
        x["retirees"] for x in report["runs"] if x["scale"] == s))
    if len(scales) > 1:
        lines += ["## Cost growth (junxiu req/s at c=10)", "", "| dialect | scenario | " + " | ".join(scales)
                  + f" | {scales[-1]} ÷ {scales[0]} (latency p50) |", "|---|---|" + "--:|" * (len(scales) + 1)]
        for dialect in sorted({r["dialect"] for r in report["runs"]}):
            for name in ("Q1", "Q2", "Q2deep", "S1"):
                cells, p50 = [], []
                for scale in scales:
                    run = next((r for r in report["runs"] if r["scale"] == scale and r["dialect"] == dialect), None)
                    entry = (run or {}).get("targets", {}).get("junxiu", {}).get(name, {})
                    cells.append(_fmt(entry.get("rps_c10")))
                    p50.append(entry.get("p50_ms_c1"))
                growth = f"{p50[-1] / p50[0]:.2f}×" if p50[0] and p50[-1] else "–"
                lines.append(f"| {dialect} | {name} | " + " | ".join(cells) + f" | {growth} |")
        lines.append("")
    return "\n".join(lines)


def chart(report: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    runs = report["runs"]
    fig, axes = plt.subplots(1, len(runs), figsize=(6 * len(runs), 4.2), squeeze=False)
    for ax, run in zip(axes[0], runs, strict=False):
        targets = run["targets"]
        names = [n for n in next(iter(targets.values())) if not n.startswith("_")]
        width = 0.8 / max(1, len(targets))
        for index, (target, results) in enumerate(targets.items()):
            values = [results.get(n, {}).get("rps_c10") or 0 for n in names]
            ax.bar([i + index * width for i in range(len(names))], values, width, label=target)
        ax.set_xticks([i + width * (len(targets) - 1) / 2 for i in range(len(names))], names)
        ax.set_yscale("log")
        ax.set_ylabel("requests/s (c=10, log scale)")
        ax.set_title(f"{run['scale']} retirees, {run['dialect']}")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_reports(report: dict[str, Any], workdir: Path) -> None:
    (workdir / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    (workdir / "results.md").write_text(markdown(report))
    chart(report, workdir / "chart.png")


if __name__ == "__main__":  # re-render: python -m bench.report bench/results/<run>
    directory = Path(sys.argv[1])
    write_reports(json.loads((directory / "results.json").read_text()), directory)

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
             f"wrk, {report['duration_s']:.0f} s per run"
             + (f", median of {report['repeat']} rounds (targets in turn)" if report.get("repeat", 1) > 1 else "")
             + "; requests/s at 10 connections, latency at 1 connection; "
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


def compare(before: dict[str, Any], after: dict[str, Any], target: str = "junxiu") -> str:
    """A Markdown table of one target's metrics in two runs (e.g. baseline → an optimisation)."""
    lines = ["| scale | db | scenario | req/s before → after | CPU ms/req before → after | SQL/req before → after |",
             "|---|---|---|--:|--:|--:|"]
    for run in after["runs"]:
        old_run = next(
            (r for r in before["runs"] if r["scale"] == run["scale"] and r["dialect"] == run["dialect"]), None)
        if old_run is None:
            continue
        for name, new in run["targets"].get(target, {}).items():
            old = old_run["targets"].get(target, {}).get(name)
            if name.startswith("_") or not old or "rps_c10" not in new or "rps_c10" not in old:
                continue
            lines.append(
                f"| {run['scale']} | {run['dialect']} | {name} | {_fmt(old['rps_c10'])} → {_fmt(new['rps_c10'])} "
                f"({new['rps_c10'] / old['rps_c10']:.2f}×) | {_fmt(old['cpu_ms_per_request'])} → "
                f"{_fmt(new['cpu_ms_per_request'])} | {_fmt(old.get('sql_per_request'))} → "
                f"{_fmt(new.get('sql_per_request'))} |")
    return "\n".join(lines) + "\n"


def publish(directory: Path, root: Path) -> None:
    """Copy a run's table (without its title) and chart to where docs/performance.md includes them."""
    text = (directory / "results.md").read_text().split("\n", 2)[2]
    (root / "bench" / "published").mkdir(exist_ok=True)
    (root / "bench" / "published" / "results.md").write_text(text.replace("\n## ", "\n### "))
    (root / "docs" / "assets" / "bench").mkdir(parents=True, exist_ok=True)
    if (directory / "chart.png").is_file():
        (root / "docs" / "assets" / "bench" / "chart.png").write_bytes((directory / "chart.png").read_bytes())


if __name__ == "__main__":
    # python -m bench.report <run dir>                  re-render results.md and chart.png
    # python -m bench.report --publish <run dir>        copy them for docs/performance.md
    # python -m bench.report --compare <before> <after> before/after table of junxiu
    if sys.argv[1] == "--publish":
        publish(Path(sys.argv[2]), Path(__file__).resolve().parent.parent)
    elif sys.argv[1] == "--compare":
        load = lambda d: json.loads((Path(d) / "results.json").read_text())  # noqa: E731
        print(compare(load(sys.argv[2]), load(sys.argv[3])))
    else:
        directory = Path(sys.argv[1])
        write_reports(json.loads((directory / "results.json").read_text()), directory)

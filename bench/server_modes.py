"""A/B of the HTTP server's modes (GATEWAY_SERVER=threads|leader|pool): an emulator per mode side by
side, the throughput loops interleaved round by round so all see the same machine load; medians and
the median of the per-round ratios (each mode / threads).

    python -m bench.server_modes --rounds 7 --seconds 1 --threads 1,8 --ops putobject,getobject,receive
    python -m bench.server_modes --modes threads,pool --ministack
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.run import _selected_operations
from bench.servers import Server, start_emulator, start_ministack, temp_dir
from bench.workloads import run_loop

MODES = ("threads", "leader", "pool")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_modes", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--threads", default="1,8")
    parser.add_argument("--ops", help="parts of operation names, as bench.run's --ops")
    parser.add_argument("--ministack", action="store_true", help="interleave MiniStack too")
    parser.add_argument("--busy", type=int, default=0, help="busy-loop processes to run meanwhile (load)")
    parser.add_argument(
        "--modes", default=",".join(MODES), help="GATEWAY_SERVER values, threads first; pool:VAR=x adds VAR"
    )
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    if modes[0] != "threads":
        modes.insert(0, "threads")
    threads = [int(n) for n in args.threads.split(",")]
    operations = _selected_operations(args.ops)
    tmp = temp_dir()
    servers: dict[str, Server] = {}
    results: dict = {"rounds": args.rounds, "seconds": args.seconds, "busy": args.busy, "load": []}
    results["rows"] = []
    busy: list[subprocess.Popen] = []
    try:
        for mode in modes:
            # "pool:NAME=value" runs a variant with one more environment variable set.
            base, _, variable = mode.partition(":")
            env = {"GATEWAY_SERVER": base}
            if variable:
                env[variable.partition("=")[0]] = variable.partition("=")[2]
            (tmp / mode.replace(":", "-")).mkdir()
            servers[mode] = _start(tmp / mode.replace(":", "-"), env)
        if args.ministack:
            servers["ministack"] = start_ministack(tmp)
        # Started once the servers are up: CPU contention from other processes, as on a CI machine
        # running test workers in parallel.
        busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
        for op in operations:
            for count in threads:
                calls = {}
                for name, server in servers.items():
                    # Bucket and queue names: lower-case letters, digits and dashes.
                    label = "".join(c for c in name.lower() if c.isalnum())[:12]
                    calls[name] = op.setup(
                        server.url, f"{label}-{count}-{int(time.time() * 1000) % 100000}", count
                    )
                samples: dict[str, list[tuple[float, float]]] = {name: [] for name in servers}
                for round_ in range(args.rounds):
                    results["load"].append(os.getloadavg()[0])
                    order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                    for name in order:
                        server = servers[name]
                        cpu_before = server.cpu_seconds()
                        ops, elapsed = run_loop(server.url, calls[name], count, args.seconds)
                        cpu = server.cpu_seconds() - cpu_before
                        samples[name].append((ops / elapsed, cpu * 1000 / max(ops, 1)))
                ratios = {
                    mode: [
                        other[0] / base[0]
                        for other, base in zip(samples[mode], samples["threads"], strict=True)
                        if base[0]
                    ]
                    for mode in modes[1:]
                }
                row = {
                    "operation": op.name,
                    "threads": count,
                    **{f"{name}_ops": statistics.median(s[0] for s in got) for name, got in samples.items()},
                    **{
                        f"{name}_cpu_ms": statistics.median(s[1] for s in got)
                        for name, got in samples.items()
                    },
                    **{f"{mode}_over_threads": statistics.median(r) for mode, r in ratios.items() if r},
                    "ratios": {mode: [round(x, 2) for x in r] for mode, r in ratios.items()},
                }
                results["rows"].append(row)
                cells = "  ".join(
                    f"{name} {row[f'{name}_ops']:>6.0f}/s ({row[f'{name}_cpu_ms']:.2f} ms)"
                    for name in servers
                )
                versus = "  ".join(
                    f"{mode}/threads {row.get(f'{mode}_over_threads', 0):.2f} {row['ratios'][mode]}"
                    for mode in modes[1:]
                )
                print(f"{op.name:<22} {count} thr  {cells}  {versus}", flush=True)
    finally:
        for process in busy:
            process.kill()
            process.wait()
        for server in servers.values():
            server.stop()
    load = results["load"]
    print(f"load (1 min) median {statistics.median(load):.1f}, min {min(load):.1f}, max {max(load):.1f}")
    print(json.dumps(results))
    return 0


def _start(work_dir: Path, env: dict[str, str]) -> Server:
    """Start an emulator; again on free ports if another process took one of them meanwhile."""
    for attempt in range(3):
        try:
            return start_emulator(work_dir, env)
        except RuntimeError as error:
            if "in use" not in str(error) or attempt == 2:
                raise
            shutil.rmtree(work_dir, ignore_errors=True)
            work_dir.mkdir()
    raise AssertionError("unreachable")


if __name__ == "__main__":
    raise SystemExit(main())

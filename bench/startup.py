"""`python -m bench.startup [--rounds N] [--no-moto]`: only the start-up, RSS and stop parts of
`bench.run`, repeated, with the same method (process start -> first S3 ListBuckets; RSS after one
call building each of S3, SQS, DynamoDB and SNS and 5 s idle; SIGTERM -> exit, children left).

On a machine shared with others one run says little: each round starts every server in turn and the
medians are printed with the load average seen during the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from bench.run import _first_calls
from bench.servers import Server, start_emulator, start_ministack, start_moto, temp_dir

FIGURES = ("ready_s", "ready_cpu_s", "rss_mb", "stop_s", "children_left")


def _start(starter: Callable[[Path], Server], tmp: Path) -> Server:
    """Start a server; again if a free port it was given was taken meanwhile (other engineers' test
    servers on this machine pick free ports too)."""
    for attempt in range(3):
        try:
            return starter(tmp)
        except RuntimeError as error:
            if "in use" not in str(error) or attempt == 2:
                raise
    raise AssertionError("unreachable")


def _round(names: list[str], idle_seconds: float) -> dict[str, dict[str, float]]:
    tmp = temp_dir()
    starters = {"localstack": start_emulator, "ministack": start_ministack, "moto": start_moto}
    servers: dict[str, Server] = {}
    figures: dict[str, dict[str, float]] = {}
    try:
        ready_cpu: dict[str, float] = {}
        for name in names:
            servers[name] = _start(starters[name], tmp)
            # CPU the server spent up to its first answer: unlike the wall clock, not inflated by load.
            ready_cpu[name] = servers[name].cpu_seconds()
            _first_calls(servers[name].url, name)
        time.sleep(idle_seconds)
        for name, server in servers.items():
            figures[name] = {
                "ready_s": server.ready_seconds,
                "ready_cpu_s": ready_cpu[name],
                "rss_mb": server.rss_mb(),
            }
        for name, server in servers.items():
            elapsed, alive = server.stop_timed()
            figures[name].update(stop_s=elapsed, children_left=alive)
    finally:
        for server in servers.values():
            server.stop()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-moto", action="store_true", help="compare with MiniStack only")
    parser.add_argument("--idle", type=float, default=5.0, help="seconds idle before reading RSS")
    args = parser.parse_args(argv)
    names = ["localstack", "ministack"] + ([] if args.no_moto else ["moto"])
    rounds: list[dict[str, dict[str, float]]] = []
    loads: list[float] = []
    for index in range(args.rounds):
        loads.append(os.getloadavg()[0])
        figures = _round(names, args.idle)
        rounds.append(figures)
        cells = "  ".join(
            f"{name}: {f['ready_s']:.3f} s (CPU {f['ready_cpu_s']:.2f} s) {f['rss_mb']:.1f} MB "
            f"stop {f['stop_s']:.3f} s/{f['children_left']:.0f}"
            for name, f in figures.items()
        )
        print(f"round {index + 1} (load {loads[-1]:.1f}): {cells}", flush=True)
    medians = {
        name: {key: round(statistics.median(r[name][key] for r in rounds), 3) for key in FIGURES}
        for name in names
    }
    print(f"\nmedians of {args.rounds} rounds, 1-min load average {min(loads):.1f}-{max(loads):.1f}:")
    for name, figure in medians.items():
        print(
            f"{name:<10} ready {figure['ready_s']:.3f} s (CPU {figure['ready_cpu_s']:.2f} s)  "
            f"RSS {figure['rss_mb']:.1f} MB  "
            f"stop {figure['stop_s']:.3f} s  children left {figure['children_left']:.0f}"
        )
    print(json.dumps({"medians": medians, "rounds": rounds, "load": loads}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

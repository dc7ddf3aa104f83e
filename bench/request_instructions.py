"""`python -m bench.request_instructions`: instructions the server executes per request of a throughput
row, counted by valgrind's callgrind over real sockets (the HTTP server, its threads and the app: what
`bench.cpu_profile`'s in-process replay leaves out), deterministic on a loaded machine.

The server (`localstack start` as `bench.startup` starts it, or MiniStack with `--ministack`) runs under
callgrind; the row's requests are replayed from this process as the throughput loop sends them (one
keep-alive connection per client thread), `--warm` calls first, then the counters are zeroed, `--calls`
calls are made and the counters dumped: Ir per call. `--against DIR` counts the localstack package found
in DIR too (e.g. `git archive <commit> localstack | tar -x -C DIR`), alternating with this tree's.
`--top N` prints the N functions with the most inclusive instructions of the last count (ours).

    python -m bench.request_instructions [--op putobject] [--port edge|legacy] [--threads 1] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.rawclient import Connection
from bench.servers import bench_venv, client, temp_dir
from bench.workloads import OPERATIONS, Operation
from tests.server_process import ROOT, clean_env, emulator_env, free_port


def _start(
    tmp: Path, ministack: bool, pythonpath: str | None
) -> tuple[subprocess.Popen, str, dict[str, int]]:
    if ministack:
        edge_port = free_port()
        env = {**clean_env(), "GATEWAY_PORT": str(edge_port), "BIND_HOST": "127.0.0.1"}
        program = [str(bench_venv() / "bin" / "python"), str(bench_venv() / "bin" / "ministack")]
        ports: dict[str, int] = {}
    else:
        extra = {"PYTHONPATH": pythonpath} if pythonpath else None
        env, edge_port, ports = emulator_env(tmp, extra_env=extra)
        program = [sys.executable, str(Path(sys.executable).parent / "localstack"), "start"]
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONHASHSEED"] = "0"
    out = tmp / "callgrind.out"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *program]
    log = open(tmp / "server.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(tmp))
    url = f"http://127.0.0.1:{edge_port}"
    s3 = client("s3", url, timeout=120)
    deadline = time.monotonic() + 600
    while True:
        if process.poll() is not None and "in use" in (tmp / "server.log").read_text(errors="replace"):
            raise _PortTaken()
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"server ended or timed out; log in {tmp / 'server.log'}")
        try:
            s3.list_buckets()
            return process, url, ports
        except Exception:
            time.sleep(0.3)


class _PortTaken(Exception):
    """A free port the server was given was taken meanwhile (other servers on this machine pick them too)."""


def _control(process: subprocess.Popen, *args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(process.pid)], capture_output=True, timeout=300)


def _calls(
    url: str, operation: Operation, threads: int, warm: int, calls: int, process: subprocess.Popen
) -> None:
    call = operation.setup(url, f"ir{os.getpid()}{time.monotonic_ns() % 100000}", threads)
    connections = [Connection(url) for _ in range(threads)]

    def run(thread: int, first: int, count: int) -> None:
        for i in range(first, first + count):
            call(connections[thread], thread, i)

    def all_threads(first: int, count: int) -> None:
        workers = [threading.Thread(target=run, args=(t, first, count)) for t in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    all_threads(0, warm)
    _control(process, "--zero")
    all_threads(warm, calls // threads)
    _control(process, "--dump=calls")
    for connection in connections:
        connection.close()


def count(
    operation: Operation,
    port: str,
    threads: int,
    warm: int,
    calls: int,
    ministack: bool = False,
    pythonpath: str | None = None,
    top: int = 0,
) -> float:
    """Instructions per call of `operation` (the dump after the zeroed counters, every thread)."""
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed")
    for attempt in range(3):
        tmp = temp_dir()
        try:
            process, url, ports = _start(tmp, ministack, pythonpath)
            break
        except _PortTaken:
            if attempt == 2:
                raise SystemExit("free ports kept being taken") from None
    try:
        if port == "legacy" and not ministack:
            url = f"http://127.0.0.1:{ports[operation.service]}"
        _calls(url, operation, threads, warm, calls, process)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=300)
    dumps = [
        path
        for path in sorted(tmp.glob("callgrind.out.*"))
        if "calls" in path.read_text(errors="replace")[:2000]
    ]
    if not dumps:
        raise SystemExit(f"no dump in {tmp}")
    total = 0
    for dump in dumps:
        match = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(errors="replace"), re.M)
        total += int(match.group(1)) if match else 0
    if top:
        for dump in dumps:
            annotate = subprocess.run(
                ["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(dump)],
                capture_output=True,
                text=True,
            )
            lines = [line for line in annotate.stdout.splitlines() if re.match(r"^\s*[\d,]+ \(", line)]
            print(f"--- {dump.name}")
            print("\n".join(lines[:top]))
    return total / (calls // threads * threads)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.request_instructions", description=__doc__)
    parser.add_argument("--op", default="putobject", help="part of a throughput row's name")
    parser.add_argument("--port", choices=("edge", "legacy"), default="edge")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warm", type=int, default=50, help="calls per thread before counting")
    parser.add_argument("--calls", type=int, default=400, help="calls counted (over all threads)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--ministack", action="store_true", help="count MiniStack too")
    parser.add_argument("--against", metavar="DIR", help="count the localstack package in DIR too")
    parser.add_argument("--top", type=int, default=0, help="print the top N inclusive functions")
    args = parser.parse_args(argv)
    operation = next(op for op in OPERATIONS if args.op.lower() in op.name.lower().replace(" ", ""))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "localstack")], check=False)
    if args.against:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(Path(args.against) / "localstack")], check=False
        )
    shape = f"{operation.name}, {args.port}, {args.threads} thread(s)"
    for index in range(args.rounds):
        if args.against:
            other = count(
                operation,
                args.port,
                args.threads,
                args.warm,
                args.calls,
                pythonpath=str(Path(args.against).resolve()),
            )
            print(
                f"round {index + 1}: {args.against}: {other:,.0f} instructions per call ({shape})", flush=True
            )
        ours = count(operation, args.port, args.threads, args.warm, args.calls, top=args.top)
        print(f"round {index + 1}: this tree: {ours:,.0f} instructions per call ({shape})", flush=True)
        if args.ministack:
            theirs = count(operation, "edge", args.threads, args.warm, args.calls, ministack=True)
            print(
                f"round {index + 1}: MiniStack: {theirs:,.0f} instructions per call ({ours / theirs:.2f}x)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

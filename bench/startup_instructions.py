"""`python -m bench.startup_instructions`: instructions `localstack start` executes up to its first S3
answer, counted by valgrind's callgrind (deterministic, unlike time on a loaded machine).

The server is `localstack start` with every service and every legacy port (as `bench.startup` starts
it), run under callgrind with all its threads; one S3 ListBuckets is sent from this process once the
edge port accepts. Right after the answer `callgrind_control --dump` writes the count so far (exec to
the answer), then SIGTERM. (The count used to be taken at the exit, stop included: a few M for us, but
MiniStack's stop runs ~0.3 s of its own work, which counted against it.)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.servers import bench_venv, client, temp_dir
from tests.server_process import ROOT, clean_env, emulator_env, free_port


def count(
    extra_env: dict[str, str] | None = None, python_args: tuple[str, ...] = (), ministack: bool = False
) -> int:
    """Instructions (Ir) of one start -> first S3 ListBuckets answered -> SIGTERM; again when a free
    port it was given was taken meanwhile (other test servers on this machine pick free ports)."""
    for attempt in range(3):
        try:
            return _count_once(extra_env, python_args, ministack)
        except RuntimeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _count_once(
    extra_env: dict[str, str] | None, python_args: tuple[str, ...], ministack: bool = False
) -> int:
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed")
    tmp = temp_dir()
    if ministack:
        # MiniStack 1.5.33 from the bench's own virtualenv, as bench.startup starts it.
        edge_port = free_port()
        env = {**clean_env(), "GATEWAY_PORT": str(edge_port), "BIND_HOST": "127.0.0.1"}
        python = str(bench_venv() / "bin" / "python")
        program = [python, *python_args, str(bench_venv() / "bin" / "ministack")]
    else:
        env, edge_port, _ports = emulator_env(tmp, extra_env=extra_env)
        program = [sys.executable, *python_args, str(Path(sys.executable).parent / "localstack"), "start"]
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = tmp / "callgrind.out"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *program]
    log = open(tmp / "server.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT))
    s3 = client("s3", f"http://127.0.0.1:{edge_port}", timeout=120)
    deadline = time.monotonic() + 600
    try:
        while True:
            if process.poll() is not None and "in use" in (tmp / "server.log").read_text():
                raise RuntimeError("a port was taken")
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server ended or timed out; log in {tmp / 'server.log'}")
            try:
                s3.list_buckets()
                break
            except Exception:
                time.sleep(0.2)
        subprocess.run(
            ["callgrind_control", "--dump=first-answer", str(process.pid)], capture_output=True, timeout=120
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
    dumps = sorted(tmp.glob("callgrind.out.*")) or [out]
    text = dumps[0].read_text(errors="replace")
    match = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    if not match:
        raise SystemExit(f"no totals in {dumps[0]}")
    return int(match.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup_instructions", description=__doc__)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--ministack", action="store_true", help="count MiniStack's start too")
    parser.add_argument(
        "--against",
        metavar="DIR",
        help="count also the localstack package found in DIR (e.g. `git archive <commit> localstack | tar "
        "-x -C DIR`), alternating with this tree's, for an A/B of a change",
    )
    args = parser.parse_args(argv)
    if args.against:
        compile_tree = [sys.executable, "-m", "compileall", "-q", str(Path(args.against) / "localstack")]
        subprocess.run(compile_tree, check=False)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "localstack")], check=False)
    for index in range(args.rounds):
        if args.against:
            other_tree = count(extra_env={"PYTHONPATH": str(Path(args.against).resolve())})
            print(f"round {index + 1}: {args.against}: {other_tree / 1e6:,.1f} M instructions")
        total = count()
        print(f"round {index + 1}: {total / 1e6:,.1f} M instructions to the first S3 answer")
        if args.against:
            print(f"round {index + 1}: this tree / {args.against}: {total / other_tree:.3f}x")
        if args.ministack:
            other = count(ministack=True)
            print(f"round {index + 1}: MiniStack {other / 1e6:,.0f} M ({total / other:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

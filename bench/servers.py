"""Launches what the bench compares: the emulator (timed to its first call), a bare moto_server and
MiniStack, the last two from PyPI in the bench's own virtualenv (never dependencies of the project)."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import psutil
from botocore.config import Config as BotoConfig

from tests.server_process import ROOT, clean_env, emulator_env, free_port

BENCH_VENV = ROOT / ".venv-bench"
# What the bench compares against, pinned: moto at the project's version, MiniStack as in issue 11.
COMPETITORS = ["moto[server]==5.2.5", "ministack==1.5.33"]

CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


def client(service: str, url: str, timeout: float = 30.0, **config_options: object):  # type: ignore[no-untyped-def]
    config = BotoConfig(
        retries={"max_attempts": 0},
        connect_timeout=timeout,
        read_timeout=timeout,
        max_pool_connections=16,
        **config_options,
    )
    return boto3.session.Session().client(service, endpoint_url=url, config=config, **CREDENTIALS)


@dataclass
class Server:
    """A server process the bench started, and where it listens."""

    name: str
    process: subprocess.Popen
    url: str
    ports: dict[str, int] = field(default_factory=dict)
    ready_seconds: float = 0.0
    log_path: Path | None = None

    def legacy_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def rss_mb(self) -> float:
        return psutil.Process(self.process.pid).memory_info().rss / 1024**2

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process and its children so far."""
        proc = psutil.Process(self.process.pid)
        times = proc.cpu_times()
        total = times.user + times.system
        for child in proc.children(recursive=True):
            try:
                child_times = child.cpu_times()
                total += child_times.user + child_times.system
            except psutil.Error:
                pass
        return total

    def stop_timed(self) -> tuple[float, int]:
        """SIGTERM; (seconds until the process exited, children still alive 1 s later)."""
        proc = psutil.Process(self.process.pid)
        children = proc.children(recursive=True)
        started = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        elapsed = time.perf_counter() - started
        _, alive = psutil.wait_procs(children, timeout=1)
        for child in alive:
            child.kill()
        return elapsed, len(alive)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""


def _wait_first_call(server: Server, started: float, timeout: float, s3: object = None) -> float:
    """Seconds from `started` to the first successful S3 ListBuckets through the server's URL."""
    s3 = s3 or client("s3", server.url, timeout=5)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n{server.log()}")
        try:
            s3.list_buckets()  # type: ignore[attr-defined]
            return time.perf_counter() - started
        except Exception:
            time.sleep(0.005)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer within {timeout}s:\n{server.log()}")


def start_emulator(tmp_dir: Path, extra_env: dict[str, str] | None = None, timeout: float = 60.0) -> Server:
    """`localstack start` with every service and every legacy port (on free ports), as a user starts
    it; timed to its first S3 call answered."""
    env, edge_port, ports = emulator_env(tmp_dir, extra_env=extra_env)
    # An installed package has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE=1
    # would compile every module of ours on each start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "localstack")], check=False)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    log_path = tmp_dir / "localstack.log"
    # The client is built before the clock starts: only the server's time counts.
    s3 = client("s3", f"http://127.0.0.1:{edge_port}", timeout=5)
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "localstack"), "start"],
        stdout=open(log_path, "wb"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=str(ROOT),
    )
    server = Server("localstack", process, f"http://127.0.0.1:{edge_port}", ports, log_path=log_path)
    server.ready_seconds = _wait_first_call(server, started, timeout, s3)
    return server


def bench_venv() -> Path:
    """The bench's own virtualenv with moto_server and MiniStack from PyPI (made on first use)."""
    stamp = BENCH_VENV / ".installed"
    if stamp.exists() and stamp.read_text() == " ".join(COMPETITORS):
        return BENCH_VENV
    subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    pip = [str(BENCH_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, *COMPETITORS], check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(BENCH_VENV / "lib")], check=False)
    stamp.write_text(" ".join(COMPETITORS))
    return BENCH_VENV


def _start_competitor(
    name: str, command: list[str], port: int, tmp_dir: Path, env: dict, timeout: float
) -> Server:
    log_path = tmp_dir / f"{name}.log"
    s3 = client("s3", f"http://127.0.0.1:{port}", timeout=5)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=open(log_path, "wb"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=str(tmp_dir),
    )
    server = Server(name, process, f"http://127.0.0.1:{port}", log_path=log_path)
    server.ready_seconds = _wait_first_call(server, started, timeout, s3)
    return server


def start_moto(tmp_dir: Path, timeout: float = 60.0) -> Server:
    """A bare `moto_server` on a free port, the reference the emulator is measured against."""
    port = free_port()
    command = [str(bench_venv() / "bin" / "moto_server"), "-p", str(port)]
    return _start_competitor("moto", command, port, tmp_dir, clean_env(), timeout)


def start_ministack(tmp_dir: Path, timeout: float = 60.0) -> Server:
    """MiniStack (PyPI) on a free port of 127.0.0.1."""
    port = free_port()
    env = {**clean_env(), "GATEWAY_PORT": str(port), "BIND_HOST": "127.0.0.1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return _start_competitor(
        "ministack", [str(bench_venv() / "bin" / "ministack")], port, tmp_dir, env, timeout
    )


def temp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="ls-bench-"))

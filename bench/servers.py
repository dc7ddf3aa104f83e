"""Launches what the bench compares: the emulator (timed to its first call) and a bare moto_server."""

from __future__ import annotations

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


def _wait_first_call(server: Server, started: float, timeout: float) -> float:
    """Seconds from `started` to the first successful SQS ListQueues through the server's URL."""
    sqs = client("sqs", server.url, timeout=5)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n{server.log()}")
        try:
            sqs.list_queues()
            return time.perf_counter() - started
        except Exception:
            time.sleep(0.005)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer within {timeout}s:\n{server.log()}")


def start_emulator(tmp_dir: Path, extra_env: dict[str, str] | None = None, timeout: float = 60.0) -> Server:
    """`python -m localstack.cli start` with every service on free ports; timed to its first call."""
    env, edge_port, ports = emulator_env(tmp_dir, extra_env=extra_env)
    log_path = tmp_dir / "localstack.log"
    # The client is built before the clock starts: only the server's time counts.
    client("sqs", "http://127.0.0.1:1")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "localstack.cli", "start"],
        stdout=open(log_path, "wb"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=str(ROOT),
    )
    server = Server("localstack", process, f"http://127.0.0.1:{edge_port}", ports, log_path=log_path)
    server.ready_seconds = _wait_first_call(server, started, timeout)
    return server


def start_moto(tmp_dir: Path, timeout: float = 60.0) -> Server:
    """A bare `moto_server` on a free port, the reference the emulator is measured against."""
    port = free_port()
    log_path = tmp_dir / "moto.log"
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-p", str(port)],
        stdout=open(log_path, "wb"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=clean_env(),
    )
    server = Server("moto", process, f"http://127.0.0.1:{port}", log_path=log_path)
    server.ready_seconds = _wait_first_call(server, started, timeout)
    return server


def temp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="ls-bench-"))

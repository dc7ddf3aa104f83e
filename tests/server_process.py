"""Starts the emulator as a subprocess on free ports and stops it (shared by tests and bench)."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from localstack import constants

ROOT = Path(__file__).resolve().parent.parent


_given_ports: set[int] = set()


def free_port() -> int:
    """A port free now, below the kernel's ephemeral range: a port the kernel handed out for bind(0)
    is soon reused as the source port of some client connection, racing the server that binds it."""
    while True:
        port = random.randrange(20000, 32000)
        if port in _given_ports:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _given_ports.add(port)
        return port


@dataclass
class ServerProcess:
    """A running emulator: its edge URL and the legacy port of each service."""

    process: subprocess.Popen
    edge_port: int
    ports: dict[str, int]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def edge_url(self) -> str:
        return f"http://127.0.0.1:{self.edge_port}"

    def legacy_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def clean_env() -> dict[str, str]:
    """This process's environment without anything that would steer the emulator or its clients."""
    env = dict(os.environ)
    for key in list(env):
        if key.startswith(("AWS_", "LOCALSTACK_")) or key in ("SERVICES", "EDGE_PORT", "DEBUG"):
            env.pop(key)
    return env


def emulator_env(
    tmp_dir: Path, services: list[str] | None = None, extra_env: dict[str, str] | None = None
) -> tuple[dict[str, str], int, dict[str, int]]:
    """(environment, edge port, service -> legacy port) for an emulator on free ports; services that
    share a legacy port by default share their free one too."""
    names = services or list(constants.ALL_SERVICES)
    by_default_port: dict[int, int] = {}
    ports = {}
    for name in names:
        if name in constants.LEGACY_PORTS:
            ports[name] = by_default_port.setdefault(constants.LEGACY_PORTS[name], free_port())
    edge_port = free_port()
    env = clean_env()
    env.update(
        {
            "EDGE_PORT": str(edge_port),
            "SERVICES": ",".join(f"{name}:{ports[name]}" if name in ports else name for name in names),
            "DATA_DIR": str(tmp_dir / "data"),
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra_env or {})
    return env, edge_port, ports


def start_server(
    tmp_dir: Path,
    services: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> ServerProcess:
    """Start `localstack start` with every port free-chosen; return once it answers."""
    env, edge_port, ports = emulator_env(tmp_dir, services, {"DEBUG": "1", **(extra_env or {})})
    log_path = tmp_dir / "localstack.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "localstack.cli", "start"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=str(ROOT),
    )
    server = ServerProcess(process, edge_port, ports, log_path, env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"emulator exited with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.edge_url}/_localstack/health", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"emulator not ready after {timeout}s:\n{server.log()}")

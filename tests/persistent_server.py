"""An emulator that keeps its state: started, stopped, killed and started again on the same ports and
data directory (shared by the persistence tests and bench)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config as BotoConfig

from localstack import constants
from tests.server_process import ROOT, emulator_env


class PersistentServer:
    """`start()`, `stop()` (SIGTERM), `kill()` (SIGKILL); `client(service)`; `state_dir`."""

    def __init__(
        self, tmp_dir: Path, services: list[str], persistence: bool = True, extra_env: dict | None = None
    ) -> None:
        tmp_dir.mkdir(parents=True, exist_ok=True)
        env_extra = {"PERSISTENCE": "1" if persistence else "0", "DEBUG": "1", **(extra_env or {})}
        self.env, self.edge_port, self.ports = emulator_env(tmp_dir, services, env_extra)
        self.data_dir = Path(self.env["DATA_DIR"])
        self.state_dir = self.data_dir / "state"
        self.log_path = tmp_dir / "localstack.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.edge_port}"

    def launch(self) -> subprocess.Popen:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "localstack.cli", "start"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=self.env,
            cwd=str(ROOT),
        )
        return self.process

    def start(self, timeout: float = 60.0) -> PersistentServer:
        process = self.launch()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"emulator exited with {process.returncode}:\n{self.log()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_localstack/health", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"emulator not ready after {timeout}s:\n{self.log()[-4000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self, kill: bool = False) -> PersistentServer:
        self.kill() if kill else self.stop()
        return self.start()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def client(self, service: str, **config: object):  # type: ignore[no-untyped-def]
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=constants.DEFAULT_REGION,
            aws_access_key_id=constants.TEST_ACCESS_KEY_ID,
            aws_secret_access_key=constants.TEST_SECRET_ACCESS_KEY,
            config=BotoConfig(retries={"max_attempts": 1}, **config),
        )

    def post(self, path: str, data: bytes = b"") -> tuple[int, bytes]:
        request = urllib.request.Request(f"{self.url}{path}", data=data, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

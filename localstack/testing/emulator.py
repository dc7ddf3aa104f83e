"""An emulator for a test session: `localstack start` in a child process on free ports, or one already
running elsewhere (LOCALSTACK_ENDPOINT), with boto3 clients, reset and saved-state helpers."""

from __future__ import annotations

import ctypes
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from localstack import constants
from localstack.config import TRUE_STRINGS, parse_services

# The checkout or site-packages directory that holds the `localstack` package: the child imports it.
PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent

_given_ports: set[int] = set()
_CLIENT_LOCK = threading.Lock()


class EmulatorError(RuntimeError):
    """The emulator did not start, or does not answer."""


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


def clean_env() -> dict[str, str]:
    """This process's environment without anything that would steer the emulator or its clients."""
    env = dict(os.environ)
    for key in list(env):
        if key.startswith(("AWS_", "LOCALSTACK_")) or key in ("SERVICES", "EDGE_PORT", "DEBUG", "DATA_DIR"):
            env.pop(key)
    return env


def emulator_env(
    work_dir: Path, services: list[str] | None = None, extra_env: dict[str, str] | None = None
) -> tuple[dict[str, str], int, dict[str, int]]:
    """(environment, edge port, service -> legacy port) for an emulator on free ports whose data lives
    in `work_dir/data`; services that share a legacy port by default share their free one too.
    `extra_env` may name the services (SERVICES=s3,sqs): they get free ports too, unless it gives one."""
    extra = dict(extra_env or {})
    given: dict[str, int] = {}
    if extra.get("SERVICES", "").strip():
        services, given = parse_services(extra.pop("SERVICES"))
    extra.pop("SERVICES", None)
    names = services or list(constants.ALL_SERVICES)
    legacy = extra.get("USE_LEGACY_PORTS", "1").strip().lower() in TRUE_STRINGS
    by_default_port: dict[int, int] = {}
    ports = dict(given)
    for name in names:
        if legacy and name in constants.LEGACY_PORTS and name not in ports:
            ports[name] = by_default_port.setdefault(constants.LEGACY_PORTS[name], free_port())
    if not legacy:
        ports = {}
    edge_port = free_port()
    env = clean_env()
    python_path = os.pathsep.join(p for p in (str(PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(
        {
            "EDGE_PORT": str(edge_port),
            "SERVICES": ",".join(f"{name}:{ports[name]}" if name in ports else name for name in names),
            "DATA_DIR": str(work_dir / "data"),
            "PYTHONPATH": python_path,
        }
    )
    # Without bytecode files every start compiles our ~270 modules again (0.3 s of CPU, most of a
    # start): a checkout run with PYTHONDONTWRITEBYTECODE=1 writes them once, as an installed package has.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    if "EDGE_PORT" in extra:
        edge_port = int(extra["EDGE_PORT"])
    return env, edge_port, ports


@dataclass
class Emulator:
    """A running emulator: its edge URL, the legacy port of each service, and (when this process
    started it) the child process, its log and its data directory."""

    process: subprocess.Popen | None
    edge_port: int
    ports: dict[str, int]
    log_path: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    scheme: str = "http"

    @property
    def endpoint_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.edge_port}"

    @property
    def edge_url(self) -> str:
        return self.endpoint_url

    @property
    def data_dir(self) -> Path | None:
        return Path(self.env["DATA_DIR"]) if "DATA_DIR" in self.env else None

    def legacy_url(self, service: str) -> str:
        if service not in self.ports:
            raise KeyError(f"{service} has no legacy port on this emulator (ports: {sorted(self.ports)})")
        return f"{self.scheme}://{self.host}:{self.ports[service]}"

    def client(
        self,
        service: str,
        legacy: bool = False,
        region: str = constants.DEFAULT_REGION,
        **kwargs: Any,
    ) -> Any:
        """A boto3 client bound to the edge (or to the service's legacy port), with the test credentials
        and `region`; `credentials={...}` and `config=` (a dict or a botocore Config) are merged in."""
        import boto3
        from botocore.config import Config

        credentials = {
            "aws_access_key_id": constants.TEST_ACCESS_KEY_ID,
            "aws_secret_access_key": constants.TEST_SECRET_ACCESS_KEY,
            **kwargs.pop("credentials", {}),
        }
        # A test should see the first answer, not a retried one.
        config = Config(retries={"max_attempts": 1})
        extra = kwargs.pop("config", None)
        if isinstance(extra, dict):
            config = config.merge(Config(**extra))
        elif extra is not None:
            config = config.merge(extra)
        # boto3's default session is not safe to build clients from in several threads at once.
        with _CLIENT_LOCK:
            return boto3.client(
                service,
                endpoint_url=self.legacy_url(service) if legacy else self.endpoint_url,
                region_name=region,
                config=config,
                **credentials,
                **kwargs,
            )

    def call(
        self, method: str, path: str, body: bytes | None = None, timeout: float = 600
    ) -> tuple[int, bytes]:
        """(status, body) of one request to the edge, e.g. `call("GET", "/_localstack/info")`."""
        request = urllib.request.Request(f"{self.endpoint_url}{path}", data=body, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def _internal(self, method: str, path: str, body: bytes | None = None) -> Any:
        status, answer = self.call(method, path, body)
        if status != 200:
            raise EmulatorError(f"{method} {path} answered {status}: {answer[:500].decode(errors='replace')}")
        return json.loads(answer) if answer.startswith(b"{") else answer

    def reset(self) -> list[str]:
        """Forget every resource (POST /_localstack/state/reset); the services that held state."""
        return self._internal("POST", "/_localstack/state/reset", b"")["reset"]

    def export_state(self, path: Path | str, services: list[str] | None = None) -> Path:
        """Write the state (of `services`) to the archive `path` (what `localstack state export` writes)."""
        query = f"?{urlencode({'services': ','.join(services)})}" if services else ""
        data = self._internal("POST", f"/_localstack/state/export{query}", b"")
        Path(path).write_bytes(data)
        return Path(path)

    def load_state(self, path: Path | str, services: list[str] | None = None) -> list[str]:
        """Replace the state of the archive's services (or of `services`) with the archive's."""
        query = f"?{urlencode({'services': ','.join(services)})}" if services else ""
        body = Path(path).read_bytes()
        return self._internal("POST", f"/_localstack/state/import{query}", body)["loaded"]

    def save_snapshot(self, name: str) -> None:
        """Keep the state as the named snapshot in the emulator's DATA_DIR (`localstack state save`)."""
        self._internal("POST", f"/_localstack/state/save?{urlencode({'name': name})}", b"")

    def load_snapshot(self, name: str, services: list[str] | None = None) -> list[str]:
        """Replace the state (of `services`) with the named snapshot (`localstack state load`)."""
        query = {"name": name, **({"services": ",".join(services)} if services else {})}
        return self._internal("POST", f"/_localstack/state/load?{urlencode(query)}", b"")["loaded"]

    def log(self) -> str:
        if self.log_path is None:
            return ""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """End the child and everything it started (Lambda runtimes): SIGTERM, then SIGKILL after 15 s.
        An emulator this process did not start is left running."""
        if self.process is None:
            return
        import psutil

        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        for child in children:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(children, timeout=5)


def _end_with_parent() -> None:
    """In the child, before exec: receive SIGTERM when the test process dies, even by SIGKILL."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_emulator(
    work_dir: Path,
    services: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
    timeout: float = 60.0,
    attempts: int = 3,
) -> Emulator:
    """Start `localstack start` with every port free-chosen; return once it answers. A port taken by
    someone else between choosing and binding it (another pytest-xdist worker) costs a retry."""
    work_dir.mkdir(parents=True, exist_ok=True)
    for attempt in range(attempts):
        env, edge_port, ports = emulator_env(work_dir, services, extra_env)
        log_path = work_dir / "localstack.log"
        log_start = log_path.stat().st_size if log_path.exists() else 0
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "localstack.cli", "start"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                # The death signal follows the thread that forked: only the main thread outlives the session.
                preexec_fn=_end_with_parent
                if sys.platform == "linux" and threading.current_thread() is threading.main_thread()
                else None,
            )
        emulator = Emulator(process, edge_port, ports, log_path, env)
        try:
            _wait_ready(emulator, timeout)
            return emulator
        except EmulatorError:
            emulator.stop()
            if "in use" not in emulator.log()[log_start:] or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _wait_ready(emulator: Emulator, timeout: float) -> None:
    """Until health answers 200 and the READY init scripts (if any) have run: a session starts with
    what they seed."""
    deadline = time.monotonic() + timeout
    url = f"{emulator.endpoint_url}/_localstack/health"
    healthy = False
    while time.monotonic() < deadline:
        if emulator.process is not None and emulator.process.poll() is not None:
            code = emulator.process.returncode
            raise EmulatorError(f"emulator exited with {code}:\n{emulator.log()[-4000:]}")
        try:
            if not healthy:
                with urllib.request.urlopen(url, timeout=1) as response:
                    healthy = response.status == 200
            if healthy:
                status, body = emulator.call("GET", "/_localstack/init/ready", timeout=1)
                # 404: an emulator without init hooks.
                if status == 404 or (status == 200 and json.loads(body).get("completed")):
                    return
        except OSError:
            pass
        time.sleep(0.01)
    if healthy:
        raise EmulatorError(
            f"the READY init scripts of {emulator.endpoint_url} did not end within {timeout}s"
        )
    raise EmulatorError(f"emulator not ready after {timeout}s at {url}:\n{emulator.log()[-4000:]}")


def connect_emulator(endpoint_url: str, timeout: float = 30.0) -> Emulator:
    """An emulator already running at `endpoint_url`: waits for its health check, reads its legacy
    ports from /_localstack/info. `stop()` leaves it running."""
    parts = urlsplit(endpoint_url if "://" in endpoint_url else f"http://{endpoint_url}")
    if not parts.hostname:
        raise EmulatorError(f"LOCALSTACK_ENDPOINT {endpoint_url!r} is not a URL like http://127.0.0.1:4566")
    default_port = 443 if parts.scheme == "https" else constants.EDGE_PORT
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    emulator = Emulator(None, parts.port or default_port, {}, host=host, scheme=parts.scheme or "http")
    _wait_ready(emulator, timeout)
    status, body = emulator.call("GET", "/_localstack/info")
    if status == 200:
        services, edge_port = json.loads(body).get("services", {}), emulator.edge_port
        # Services served by the edge only list the edge port.
        emulator.ports = {
            name: item["port"] for name, item in services.items() if item.get("port") not in (None, edge_port)
        }
    return emulator

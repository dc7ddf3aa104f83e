"""The command line: start, stop, status, wait, config.

Exit codes: 0 success; 1 failure (cannot start, timed out, error); 2 bad usage; 3 not running.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from localstack import __version__
from localstack.config import Config, ConfigError

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_NOT_RUNNING = 0, 1, 2, 3


def _setup_logging(config: Config) -> None:
    level = logging.DEBUG if config.ls_log in ("debug", "trace") else logging.INFO
    logging.basicConfig(
        level=level if config.debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if config.debug and level > logging.DEBUG:
        for noisy in ("werkzeug", "botocore", "urllib3", "docker"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


def _pid_file(config: Config) -> Path:
    return config.run_dir / "localstack.pid"


def _log_file(config: Config) -> Path:
    return config.run_dir / "localstack.log"


def _health_url(config: Config) -> str:
    host = config.edge_bind_host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://{host}:{config.edge_port}/_localstack/health"


def fetch_health(config: Config, timeout: float = 1.0) -> dict | None:
    try:
        with urllib.request.urlopen(_health_url(config), timeout=timeout) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def cmd_start(config: Config, detach: bool) -> int:
    if detach:
        return _start_detached(config)
    _setup_logging(config)
    from localstack.services.infra import Infrastructure

    infra = Infrastructure(config)

    def on_signal(signum: int, frame: object) -> None:
        infra.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        infra.start()
    except OSError as error:
        print(f"Error: {error}", file=sys.stderr)
        return EXIT_FAIL
    print("Ready.", flush=True)
    try:
        infra.wait()
    finally:
        infra.stop()
    return EXIT_OK


def _start_detached(config: Config) -> int:
    pid = _running_pid(config)
    if pid:
        print(f"Already running (pid {pid}).", file=sys.stderr)
        return EXIT_FAIL
    config.run_dir.mkdir(parents=True, exist_ok=True)
    log = open(_log_file(config), "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "localstack.cli", "start"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    _pid_file(config).write_text(str(process.pid))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            print(f"Failed to start; see {_log_file(config)}", file=sys.stderr)
            _pid_file(config).unlink(missing_ok=True)
            return EXIT_FAIL
        if fetch_health(config, timeout=0.5) is not None:
            print(f"Ready. (pid {process.pid}, log {_log_file(config)})")
            return EXIT_OK
        time.sleep(0.1)
    print("Timed out waiting for the emulator to start.", file=sys.stderr)
    return EXIT_FAIL


def _running_pid(config: Config) -> int | None:
    import psutil

    path = _pid_file(config)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    if psutil.pid_exists(pid):
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                return pid
        except psutil.NoSuchProcess:
            pass
    path.unlink(missing_ok=True)
    return None


def cmd_stop(config: Config) -> int:
    import psutil

    pid = _running_pid(config)
    if pid is None:
        print("Not running.", file=sys.stderr)
        return EXIT_NOT_RUNNING
    try:
        parent = psutil.Process(pid)
        processes = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        processes = []
    for process in processes:
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(processes, timeout=10)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=5)
    _pid_file(config).unlink(missing_ok=True)
    print(f"Stopped (pid {pid}).")
    return EXIT_OK


def cmd_status(config: Config) -> int:
    health = fetch_health(config)
    if health is None:
        print(f"Not running (nothing answers at {_health_url(config)}).")
        return EXIT_NOT_RUNNING
    services = health.get("services", {})
    width = max([len("SERVICE")] + [len(name) for name in services])
    print(f"{'SERVICE':<{width}}  {'PORT':>5}  STATE")
    for name, state in sorted(services.items()):
        port = config.port_of(name) if config.use_legacy_ports else config.edge_port
        print(f"{name:<{width}}  {port:>5}  {state}")
    print(f"edge port {config.edge_port}, version {health.get('version', '?')}")
    return EXIT_OK


def cmd_wait(config: Config, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        if fetch_health(config, timeout=0.5) is not None:
            print("Ready.")
            return EXIT_OK
        if time.monotonic() >= deadline:
            print(f"Not ready after {timeout:g}s.", file=sys.stderr)
            return EXIT_FAIL
        time.sleep(0.1)


def cmd_config(config: Config) -> int:
    for key, value in config.as_table().items():
        print(f"{key}={value}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="localstack",
        description="A local AWS cloud: every service on http://localhost:4566.",
        epilog="Exit codes: 0 success, 1 failure, 2 bad usage, 3 not running.",
    )
    parser.add_argument("--version", action="version", version=f"localstack {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    start = commands.add_parser("start", help="start the emulator (foreground unless -d)")
    start.add_argument("-d", "--detached", action="store_true", help="run in the background; pid and log under the data directory")
    commands.add_parser("stop", help="stop what 'start -d' started, with every child process")
    commands.add_parser("status", help="show each service with its port and state")
    wait = commands.add_parser("wait", help="wait until the emulator answers")
    wait.add_argument("--timeout", type=float, default=60.0, help="seconds to wait (default 60)")
    commands.add_parser("config", help="print the effective configuration")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        config = Config.from_env()
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "start":
        return cmd_start(config, args.detached)
    if args.command == "stop":
        return cmd_stop(config)
    if args.command == "status":
        return cmd_status(config)
    if args.command == "wait":
        return cmd_wait(config, args.timeout)
    return cmd_config(config)


if __name__ == "__main__":
    sys.exit(main())

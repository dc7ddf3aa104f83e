"""The command line: start, stop, status, wait, logs, config, state, completion.

Exit codes: 0 success; 1 failure (cannot start, timed out, error); 2 bad usage; 3 not running.
"""

from __future__ import annotations

from localstack.utils import collector

# The command line's imports (~100 modules, most of them the server's too) make objects that live as long
# as the process: the collector's passes over them while they are made were ~7 % of this import's CPU.
with collector.paused():
    import argparse
    import json
    import logging
    import os
    import signal
    import socket
    import subprocess
    import sys
    import threading
    import time
    import urllib.error
    import urllib.request
    from pathlib import Path

    from localstack import __version__
    from localstack.config import Config, ConfigError
    from localstack.persistence.files import StateFileError

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


def _endpoint_url(config: Config) -> str:
    """Where a client on this host reaches the edge (a wildcard bind is reached on loopback)."""
    host = config.edge_bind_host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{config.edge_port}"


def _health_url(config: Config) -> str:
    return f"{_endpoint_url(config)}/_localstack/health"


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
    # Before the server's imports: werkzeug's package module (imported with them) is replaced by one that
    # leaves out its development server and test client.
    from localstack.utils import lazy_imports

    lazy_imports.install()
    with collector.paused():  # the server's imports: objects that stay
        from localstack.services.infra import Infrastructure

        infra = Infrastructure(config)

    stop_requested = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        # Stopping is the expected end of a foreground run: exit 0 after SIGTERM or Ctrl-C. The handler
        # only asks; the main thread stops, because the handler may interrupt it inside a lock that
        # stopping needs (the READY init stage's, right after `Ready.`).
        if stop_requested.is_set():
            infra.stopped.set()  # a second signal: the SHUTDOWN init scripts end at once
        stop_requested.set()

    busy = _busy_port_message(config)
    if busy:
        print(busy, file=sys.stderr)
        return EXIT_FAIL
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        infra.start()
    except StateFileError as error:
        print(
            f"Error: cannot load the saved state: {error}. Nothing in the state directory was changed; "
            "move that file away to start without it.",
            file=sys.stderr,
        )
        return EXIT_FAIL
    except OSError as error:
        print(f"Error: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAIL
    except SystemExit:
        # werkzeug's make_server exits instead of raising when a port was taken meanwhile.
        infra.stop()
        print("Error: a port became busy while starting; see the message above.", file=sys.stderr)
        return EXIT_FAIL
    except Exception:
        logging.getLogger(__name__).exception("Failed to start")
        infra.stop()
        return EXIT_FAIL
    print(f"Ready. Endpoint: {_endpoint_url(config)}", flush=True)
    try:
        infra.after_ready()
        # With a timeout: a signal delivered to another thread runs its Python handler only once the
        # main thread runs again, and an untimed wait would never let it.
        while not stop_requested.wait(0.1):
            pass
    finally:
        infra.stop()
    # Every server, worker and child has ended: tearing down the interpreter (freeing moto's stores
    # and every module) only delays the exit by a few hundred ms after SIGTERM.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_OK)


def _port_in_use(host: str, port: int) -> bool:
    """Whether binding this port would fail (another emulator or program holds it)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        # As the server does: a port left in TIME_WAIT by a stopped emulator is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def _busy_port_message(config: Config) -> str | None:
    """A clear error if the edge port or a legacy port is taken, before anything starts."""
    wanted = {config.edge_port: "edge"} if config.edge_port else {}
    if config.use_legacy_ports:
        for name in config.enabled_services():
            port = config.port_of(name)
            if port is not None:
                wanted.setdefault(port, name)
    for port, name in wanted.items():
        if _port_in_use(config.edge_bind_host, port):
            variable = "EDGE_PORT" if name == "edge" else f"SERVICES={name}:<port>"
            return (
                f"Error: port {port} ({name}) on {config.edge_bind_host} is in use; "
                f"stop what holds it or choose another with {variable}."
            )
    return None


def _start_detached(config: Config) -> int:
    pid = _running_pid(config)
    if pid:
        print(f"Error: already running (pid {pid}); 'localstack stop' first.", file=sys.stderr)
        return EXIT_FAIL
    busy = _busy_port_message(config)
    if busy:
        print(busy, file=sys.stderr)
        return EXIT_FAIL
    config.run_dir.mkdir(parents=True, exist_ok=True)
    log_path = _log_file(config)
    env = dict(os.environ)
    # The child must import this very package, also when run from a checkout via bin/localstack.
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "localstack.cli", "start"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    _pid_file(config).write_text(str(process.pid))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _pid_file(config).unlink(missing_ok=True)
            print(f"Error: the emulator exited with {process.returncode}; see {log_path}", file=sys.stderr)
            _print_log_tail(log_path)
            return EXIT_FAIL
        if fetch_health(config, timeout=0.5) is not None:
            print(f"Ready. Endpoint: {_endpoint_url(config)} (pid {process.pid}, log {log_path})")
            return EXIT_OK
        time.sleep(0.1)
    print(f"Error: not ready after 60s; see {log_path}. Stopping it.", file=sys.stderr)
    cmd_stop(config, quiet=True)
    return EXIT_FAIL


def _print_log_tail(path: Path, lines: int = 5) -> None:
    try:
        tail = path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return
    for line in tail:
        print(f"  {line}", file=sys.stderr)


def _running_pid(config: Config) -> int | None:
    """The pid that 'start -d' recorded, if that process still runs and is ours; else clean up."""
    import psutil

    path = _pid_file(config)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        process = psutil.Process(pid)
        # A recycled pid belongs to some other program: never signal that.
        if process.status() != psutil.STATUS_ZOMBIE and "localstack" in " ".join(process.cmdline()):
            return pid
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    path.unlink(missing_ok=True)
    return None


def cmd_stop(config: Config, quiet: bool = False) -> int:
    """End what 'start -d' started and every child of it: SIGTERM, then SIGKILL after 10 s."""
    import psutil

    pid = _running_pid(config)
    if pid is None:
        if not quiet:
            print(f"Not running (no live pid in {_pid_file(config)}).", file=sys.stderr)
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
    alive = _wait_ended(processes, timeout=10)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    _wait_ended(alive, timeout=5)
    _pid_file(config).unlink(missing_ok=True)
    if not quiet:
        print(f"Stopped (pid {pid}).")
    return EXIT_OK


def _wait_ended(processes: list, timeout: float) -> list:
    """Wait until every process has exited; return those still running. A zombie has exited: the
    detached emulator's parent is init, which collects its status when it gets to it (this machine's
    init took ~2 s; psutil's wait_procs waited for that)."""
    import psutil

    deadline = time.monotonic() + timeout
    alive = list(processes)
    while alive:
        still = []
        for process in alive:
            try:
                if process.status() != psutil.STATUS_ZOMBIE:
                    still.append(process)
            except psutil.NoSuchProcess:
                pass
        alive = still
        if not alive or time.monotonic() >= deadline:
            break
        time.sleep(0.01)
    return alive


def cmd_status(config: Config) -> int:
    health = fetch_health(config)
    if health is None:
        print(f"Not running (nothing answers at {_health_url(config)}).", file=sys.stderr)
        return EXIT_NOT_RUNNING
    services = health.get("services", {})
    width = max([len("SERVICE")] + [len(name) for name in services])
    print(f"{'SERVICE':<{width}}  {'PORT':>5}  STATE")
    for name, state in sorted(services.items()):
        port = (config.port_of(name) if config.use_legacy_ports else None) or config.edge_port
        print(f"{name:<{width}}  {port:>5}  {state}")
    print(f"edge port {config.edge_port}, version {health.get('version', '?')}")
    # A service whose backend failed to build makes the whole emulator unhealthy.
    return EXIT_FAIL if "error" in services.values() else EXIT_OK


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


def cmd_logs(config: Config, follow: bool) -> int:
    """Print the log of 'start -d'; with -f, keep printing what is appended until interrupted."""
    path = _log_file(config)
    try:
        log = open(path, "rb")
    except OSError:
        print(f"No log at {path}: 'localstack start -d' writes it.", file=sys.stderr)
        return EXIT_NOT_RUNNING
    with log:
        out = sys.stdout.buffer
        out.write(log.read())
        out.flush()
        try:
            while follow:
                chunk = log.read()
                if chunk:
                    out.write(chunk)
                    out.flush()
                else:
                    time.sleep(0.2)
        except KeyboardInterrupt:
            pass
    return EXIT_OK


COMMANDS = ("start", "stop", "status", "wait", "logs", "config", "completion")

_BASH_COMPLETION = """# bash completion for localstack: eval "$(localstack completion bash)"
_localstack() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "%(commands)s --help --version" -- "$cur"))
        return
    fi
    case ${COMP_WORDS[1]} in
        start) COMPREPLY=($(compgen -W "-d --detached --help" -- "$cur")) ;;
        wait) COMPREPLY=($(compgen -W "--timeout --help" -- "$cur")) ;;
        logs) COMPREPLY=($(compgen -W "-f --follow --help" -- "$cur")) ;;
        completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "--help" -- "$cur")) ;;
    esac
}
complete -F _localstack localstack
"""

_ZSH_COMPLETION = """#compdef localstack
# zsh completion for localstack: eval "$(localstack completion zsh)"
_localstack() {
    local -a commands
    commands=(%(described)s)
    if (( CURRENT == 2 )); then
        _describe 'command' commands
        return
    fi
    case $words[2] in
        start) _arguments '(-d --detached)'{-d,--detached}'[run in the background]' ;;
        wait) _arguments '--timeout[seconds to wait]:seconds:' ;;
        logs) _arguments '(-f --follow)'{-f,--follow}'[keep printing new lines]' ;;
        completion) _values 'shell' bash zsh ;;
    esac
}
compdef _localstack localstack
"""


def cmd_completion(shell: str) -> int:
    if shell == "bash":
        print(_BASH_COMPLETION % {"commands": " ".join(COMMANDS)}, end="")
    else:
        described = " ".join(f"'{name}:{EXIT_CODES[name].split(';')[0]}'" for name in COMMANDS)
        print(_ZSH_COMPLETION % {"described": described}, end="")
    return EXIT_OK


def cmd_config(config: Config) -> int:
    for key, value in config.as_table().items():
        print(f"{key}={value}")
    return EXIT_OK


EXIT_CODES = {
    "start": "0 stopped cleanly (SIGTERM/SIGINT) or started in the background; 1 cannot start "
    "(port in use, already running, error)",
    "stop": "0 stopped; 3 not running",
    "status": "0 running; 1 running but a service is in error; 3 not running",
    "wait": "0 the emulator answers; 1 nothing answered within the timeout",
    "logs": "0 printed; 3 no log (nothing was started with -d)",
    "config": "0 printed; 2 a variable holds an invalid value",
    "completion": "0 printed",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. With `only` (a command given without -h), the top level and that
    command's parser alone: all that parsing its arguments reads, and the same answers and errors
    (the top level's usage names no command). Each parser costs argparse ~0.2 ms (gettext's locale
    probing for every help string), ~2 ms of every `localstack start` for all of them."""
    parser = argparse.ArgumentParser(
        prog="localstack",
        description="A local AWS cloud: every service on http://localhost:4566 (EDGE_PORT).",
        epilog="Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 not running.",
    )
    parser.add_argument("--version", action="version", version=f"localstack {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser | None:
        if only is not None and only != name:
            return None
        return commands.add_parser(
            name, help=summary, description=summary, epilog=f"Exit codes: {EXIT_CODES[name]}."
        )

    start = command("start", "start the emulator: in the foreground (prints Ready.) unless -d")
    if start is not None:
        start.add_argument(
            "-d",
            "--detached",
            action="store_true",
            help="run in the background; pid and log file under DATA_DIR (or ~/.cache/localstack)",
        )
    command("stop", "stop what 'start -d' started, with every child process, by pid")
    command("status", "show each service with its port and state (available, running, error)")
    wait = command("wait", "wait until the emulator answers its health check")
    if wait is not None:
        wait.add_argument("--timeout", type=float, default=60.0, help="seconds to wait (default 60)")
    logs = command("logs", "print the log of what 'start -d' started")
    if logs is not None:
        logs.add_argument("-f", "--follow", action="store_true", help="keep printing new lines until Ctrl-C")
    command("config", "print the effective configuration (environment and defaults)")
    completion = command(
        "completion", 'print a shell completion script: eval "$(localstack completion bash)"'
    )
    if completion is not None:
        completion.add_argument("shell", choices=["bash", "zsh"])
    if only in (None, "state"):
        from localstack.persistence import state_cli

        state_cli.add_parser(commands)
    return parser


def _command_given(argv: list[str]) -> str | None:
    """The command `argv` names first, if it asks for no help (help lists every command)."""
    if not argv or argv[0] not in (*EXIT_CODES, "state") or "-h" in argv or "--help" in argv:
        return None
    return argv[0]


def main(argv: list[str] | None = None) -> int:
    try:
        code = _run(argv)
        sys.stdout.flush()  # inside the try: a closed pipe surfaces here, not at interpreter exit
        return code
    except BrokenPipeError:
        # The reader went away (`localstack status | head`): the rest of the output has no one to read it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _run(argv: list[str] | None) -> int:
    parser = build_parser(_command_given(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "completion":
        return cmd_completion(args.shell)
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
    if args.command == "logs":
        return cmd_logs(config, args.follow)
    if args.command == "state":
        from localstack.persistence import state_cli

        return state_cli.run(config, args)
    return cmd_config(config)


if __name__ == "__main__":
    sys.exit(main())

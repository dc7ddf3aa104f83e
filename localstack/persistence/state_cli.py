"""`localstack state export|import|save|load|list|reset`: the state endpoints from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from localstack.config import Config

EXIT_OK, EXIT_FAIL, EXIT_NOT_RUNNING = 0, 1, 3
EXIT_CODES = "0 done; 1 the emulator refused (bad file, unknown snapshot); 3 not running"


def add_parser(commands: argparse._SubParsersAction) -> None:
    state = commands.add_parser(
        "state",
        help="export, import, save and load the emulator's state (all services, or --services)",
        description="Move the state of a running emulator: to and from a portable archive file "
        "(export/import), or to and from named snapshots kept in DATA_DIR (save/load).",
        epilog=f"Exit codes: {EXIT_CODES}.",
    )
    actions = state.add_subparsers(dest="state_command", metavar="ACTION", required=True)
    for name, target, summary in (
        ("export", "FILE", "write the state to FILE (a .lsstate archive)"),
        ("import", "FILE", "replace the state of the archive's services with FILE's"),
        ("save", "NAME", "keep the state as snapshot NAME in DATA_DIR/state/snapshots"),
        ("load", "NAME", "replace the state with snapshot NAME"),
    ):
        action = actions.add_parser(name, help=summary, description=summary)
        action.add_argument(target.lower(), metavar=target)
        action.add_argument("--services", default="", help="comma list of services (default: all)")
    actions.add_parser("list", help="list the named snapshots")
    actions.add_parser("reset", help="forget every resource (and what persistence holds)")


def _url(config: Config, action: str, **params: str) -> str:
    host = config.edge_bind_host
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    query = urlencode({k: v for k, v in params.items() if v})
    return f"http://{host}:{config.edge_port}/_localstack/state/{action}" + (f"?{query}" if query else "")


def _call(url: str, data: bytes | None = None, method: str = "POST") -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def run(config: Config, args: argparse.Namespace) -> int:
    action = args.state_command
    services = getattr(args, "services", "")
    try:
        if action == "export":
            status, body = _call(_url(config, "export", services=services), b"")
            if status == 200:
                _write_file(Path(args.file), body)
                print(f"Exported to {args.file} ({len(body)} bytes).")
        elif action == "import":
            data = Path(args.file).read_bytes()
            status, body = _call(_url(config, "import", services=services), data)
            if status == 200:
                print(f"Imported: {', '.join(json.loads(body)['loaded']) or 'nothing'}.")
        elif action in ("save", "load"):
            status, body = _call(_url(config, action, name=args.name, services=services), b"")
            if status == 200:
                print(f"{'Saved' if action == 'save' else 'Loaded'} snapshot {args.name}.")
        elif action == "list":
            status, body = _call(_url(config, "snapshots"), method="GET")
            if status == 200:
                for item in json.loads(body)["snapshots"]:
                    print(f"{item['name']}\t{item['size']}")
        else:
            status, body = _call(_url(config, "reset"), b"")
            if status == 200:
                print("State reset.")
    except OSError as error:
        if isinstance(error, (urllib.error.URLError, ConnectionError)):
            print(f"Not running (nothing answers on port {config.edge_port}).", file=sys.stderr)
            return EXIT_NOT_RUNNING
        print(f"Error: {error}", file=sys.stderr)
        return EXIT_FAIL
    if status != 200:
        print(f"Error: {_message(body)}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def _message(body: bytes) -> str:
    try:
        parsed = json.loads(body)
        return parsed.get("message") or parsed.get("Message") or body.decode()
    except ValueError:
        return body.decode(errors="replace")[:500]


def _write_file(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)

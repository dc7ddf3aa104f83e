"""GET /_localstack/info (version, uptime, services and their ports, persistence) and GET
/_localstack/diagnose (the effective configuration and the last log lines, credentials redacted)."""

from __future__ import annotations

import collections
import datetime
import functools
import logging
import platform
import re
import time
import uuid
from typing import TYPE_CHECKING

from werkzeug.wrappers import Response

import localstack
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

if TYPE_CHECKING:
    from localstack.services.infra import Infrastructure

INFO_PATH = "/_localstack/info"
DIAGNOSE_PATH = "/_localstack/diagnose"
KEPT_LOG_LINES = 200

# What a log line may carry that must not leave the machine in a diagnosis: (pattern, flags, replacement).
_SECRETS = [
    (r"(Credential=)[^/\s,]+", 0, r"\1<redacted>"),
    (r"((?:X-Amz-)?Signature=)[0-9a-fA-F]+", 0, r"\1<redacted>"),
    (r"((?:X-Amz-)?Security-?Token['\"]?\s*[=:]\s*['\"]?)[^'\"\s&,]+", re.I, r"\1<redacted>"),
    (r"((?:aws_)?secret_?access_?key['\"]?\s*[=:]\s*['\"]?)[^'\"\s&,]+", re.I, r"\1<redacted>"),
    (r"\b(A[SK]IA)[A-Z0-9]{12,}\b", 0, r"\1<redacted>"),
]


@functools.cache
def _compiled_secrets() -> list[tuple[re.Pattern[str], str]]:
    """Compiled at the first line redacted, not at every start-up (~1 ms)."""
    return [(re.compile(pattern, flags), replacement) for pattern, flags, replacement in _SECRETS]


def redact(line: str) -> str:
    for pattern, replacement in _compiled_secrets():
        line = pattern.sub(replacement, line)
    return line


class LogBuffer(logging.Handler):
    """Keeps the last formatted log lines in memory for the diagnosis."""

    def __init__(self, size: int = KEPT_LOG_LINES) -> None:
        super().__init__()
        self.lines: collections.deque[str] = collections.deque(maxlen=size)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # noqa: BLE001 - a log line that cannot be formatted is left out
            pass


class InfoEndpoints:
    """The two handlers, bound to the running emulator."""

    def __init__(self, infra: Infrastructure) -> None:
        self.infra = infra
        self.started = time.monotonic()
        self.session_id = str(uuid.uuid4())
        self.logs = LogBuffer()
        logging.getLogger().addHandler(self.logs)

    def close(self) -> None:
        logging.getLogger().removeHandler(self.logs)

    def info(self) -> dict:
        config = self.infra.config
        ports = self.infra.port_map()
        return {
            "version": localstack.__version__,
            "edition": "community",
            "session_id": self.session_id,
            "system": platform.system().lower(),
            "python": platform.python_version(),
            "server_time_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "uptime": int(time.monotonic() - self.started),
            "edge_port": self.infra.edge_port,
            "persistence": config.persistence,
            "data_dir": str(config.data_dir or ""),
            "services": {
                name: {"state": proxy.state, "port": ports.get(name, self.infra.edge_port)}
                for name, proxy in sorted(self.infra.proxies.items())
            },
        }

    def handle_info(self, request: Request) -> Response:
        _only_get(request, INFO_PATH)
        return json_response(self.info())

    def handle_diagnose(self, request: Request) -> Response:
        _only_get(request, DIAGNOSE_PATH)
        config = {key: redact(str(value)) for key, value in self.infra.config.as_table().items()}
        return json_response(
            {"info": self.info(), "config": config, "logs": [redact(line) for line in list(self.logs.lines)]}
        )


def _only_get(request: Request, path: str) -> None:
    if request.method not in ("GET", "HEAD"):
        raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {path}: GET", 405)

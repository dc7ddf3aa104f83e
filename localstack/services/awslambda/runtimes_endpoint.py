"""GET /_aws/lambda/runtimes: the Lambda runtimes this host can run, and how."""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from functools import lru_cache

from werkzeug.wrappers import Response

from localstack.services.awslambda.awslambda_starter import RUNTIMES_PATH
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

# Runtimes still listed by AWS that the local executor starts: python on this interpreter, nodejs on the
# host's `node`, provided.* with the function's own `bootstrap`.
PYTHON_RUNTIMES = ("python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14")
NODE_RUNTIMES = ("nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x")
PROVIDED_RUNTIMES = ("provided.al2", "provided.al2023")


@lru_cache(maxsize=1)
def _node_version() -> str | None:
    node = shutil.which("node")
    if node is None:
        return None
    try:
        return subprocess.run([node, "--version"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def runtimes() -> list[dict[str, str]]:
    python = f"{sys.executable} (Python {platform.python_version()})"
    out = [{"Runtime": name, "Runs": python} for name in PYTHON_RUNTIMES]
    node = _node_version()
    if node:
        out += [
            {"Runtime": name, "Runs": f"{shutil.which('node')} (Node.js {node})"} for name in NODE_RUNTIMES
        ]
    out += [{"Runtime": name, "Runs": "the function's own bootstrap"} for name in PROVIDED_RUNTIMES]
    return out


def handle_runtimes(request: Request) -> Response:
    if request.method != "GET":
        raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {RUNTIMES_PATH}: GET", 405)
    from localstack.services import infra

    return json_response({"Runtimes": runtimes(), "Executor": infra.current().config.lambda_executor})

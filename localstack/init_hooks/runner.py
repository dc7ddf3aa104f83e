"""Runs one init script in a child process: its environment (endpoint, test credentials, awslocal on
PATH), its combined output, and ending it (with whatever it started) when the emulator stops."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from localstack import constants

# The tail of a script's output that goes into the log.
KEPT_OUTPUT = 16 * 1024

_AWSLOCAL_SHIM = """#!/bin/sh
# awslocal for init scripts where awscli-local is not installed: the AWS CLI, pointed at the emulator.
exec aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"
"""


@dataclass
class Outcome:
    ok: bool
    returncode: int | None
    output: str
    seconds: float


def script_env(endpoint_url: str | None, region: str, shim_dir: Path | None) -> dict[str, str]:
    """The emulator's own environment, plus what a script needs to reach it: AWS_ENDPOINT_URL (honoured
    by boto3, the AWS CLI and awslocal), test credentials and a region where none are set, and the
    directories of this interpreter's scripts (where awslocal is installed) first on PATH."""
    env = dict(os.environ)
    if endpoint_url is not None:
        env["AWS_ENDPOINT_URL"] = endpoint_url
        env["LOCALSTACK_HOST"] = endpoint_url.split("://", 1)[-1]
    env.setdefault("AWS_ACCESS_KEY_ID", constants.TEST_ACCESS_KEY_ID)
    env.setdefault("AWS_SECRET_ACCESS_KEY", constants.TEST_SECRET_ACCESS_KEY)
    env.setdefault("AWS_DEFAULT_REGION", region)
    paths = [str(Path(sys.executable).parent)]
    if shim_dir is not None:
        paths.append(str(shim_dir))
    env["PATH"] = os.pathsep.join([*paths, env.get("PATH", os.defpath)])
    return env


def awslocal_shim(run_dir: Path) -> Path | None:
    """A folder with an `awslocal` that calls `aws`, for hosts with the AWS CLI but not awscli-local."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath)])
    if shutil.which("awslocal", path=search) or not shutil.which("aws", path=search):
        return None
    folder = run_dir / "init-bin"
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "awslocal"
    shim.write_text(_AWSLOCAL_SHIM)
    shim.chmod(0o755)
    return folder


def command_for(path: Path) -> list[str]:
    """Python scripts run with the emulator's interpreter (boto3 is there); a shell script runs as its
    shebang says when it is executable, else with sh (a script mounted without its mode bits)."""
    if path.suffix == ".py":
        return [sys.executable, str(path)]
    if os.access(path, os.X_OK):
        with open(path, "rb") as script:
            if script.read(2) == b"#!":
                return [str(path)]
    return ["/bin/sh", str(path)]


def run_script(
    path: Path, env: dict[str, str], stop: threading.Event | None = None, timeout: float | None = None
) -> Outcome:
    """Run `path` to its end (or until `stop` is set or `timeout` passes: then it and its children are
    ended); never raises for the script's own failure."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as output:
        try:
            process = subprocess.Popen(
                command_for(path),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=str(path.parent),
                start_new_session=True,
            )
        except OSError as error:
            return Outcome(False, None, f"cannot run {path}: {error}", time.monotonic() - started)
        returncode = _wait(process, stop, None if timeout is None else started + timeout)
        output.seek(0, os.SEEK_END)
        size = output.tell()
        output.seek(max(0, size - KEPT_OUTPUT))
        text = output.read().decode(errors="replace")
    if returncode is None:
        reason = "the emulator stopped" if stop is not None and stop.is_set() else f"it ran over {timeout:g}s"
        text += f"\n[ended: {reason}]"
    return Outcome(returncode == 0, returncode, text, time.monotonic() - started)


def _wait(process: subprocess.Popen, stop: threading.Event | None, deadline: float | None) -> int | None:
    while True:
        try:
            return process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            pass
        if (stop is not None and stop.is_set()) or (deadline is not None and time.monotonic() > deadline):
            _end_group(process)
            return None


def _end_group(process: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue

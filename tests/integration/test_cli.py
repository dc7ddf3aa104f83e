"""The command line (bin/localstack) as a user runs it: help, config, start -d / status / wait / stop,
foreground start and signals, exit codes. Every server here runs on free ports under a tmp DATA_DIR."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.server_process import ROOT, free_port

CLI = [sys.executable, str(ROOT / "bin" / "localstack")]
SUBCOMMANDS = ["start", "stop", "status", "wait", "logs", "config", "completion"]


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))}
    for key in ("SERVICES", "EDGE_PORT", "DEBUG", "DATA_DIR", "EDGE_BIND_HOST", "PYTHONPATH"):
        env.pop(key, None)
    env.update(
        {
            "EDGE_PORT": str(free_port()),
            "SERVICES": f"s3:{free_port()},sqs:{free_port()}",
            "DATA_DIR": str(tmp_path / "data"),
        }
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run(
        CLI + args, env=env, capture_output=True, text=True, timeout=timeout, cwd=str(ROOT.parent)
    )


def test_help(tmp_path):
    result = run(["--help"], cli_env(tmp_path))
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout
    assert "Exit codes" in result.stdout


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_subcommand_help(tmp_path, command):
    result = run([command, "--help"], cli_env(tmp_path))
    assert result.returncode == 0
    assert f"usage: localstack {command}" in result.stdout
    assert "Exit codes" in result.stdout


def test_no_command_and_unknown_command_are_usage_errors(tmp_path):
    assert run([], cli_env(tmp_path)).returncode == 2
    assert run(["frobnicate"], cli_env(tmp_path)).returncode == 2


def test_config_prints_the_effective_configuration(tmp_path):
    env = cli_env(tmp_path, EDGE_PORT="14566", SERVICES="s3,sqs:4999", DEBUG="1")
    result = run(["config"], env)
    assert result.returncode == 0, result.stderr
    lines = set(result.stdout.splitlines())
    assert {"EDGE_PORT=14566", "SERVICES=s3,sqs", "DEBUG=1"} <= lines
    assert f"DATA_DIR={tmp_path / 'data'}" in lines


def test_config_with_an_invalid_value_is_a_usage_error(tmp_path):
    result = run(["config"], cli_env(tmp_path, EDGE_PORT="not-a-port"))
    assert result.returncode == 2
    assert "EDGE_PORT" in result.stderr


def test_detached_lifecycle(tmp_path):
    env = cli_env(tmp_path)
    data_dir = Path(env["DATA_DIR"])
    started = run(["start", "-d"], env)
    assert started.returncode == 0, started.stdout + started.stderr
    assert f"Ready. Endpoint: http://127.0.0.1:{env['EDGE_PORT']}" in started.stdout
    pid = int((data_dir / "localstack.pid").read_text())
    assert (data_dir / "localstack.log").exists()
    process = psutil.Process(pid)
    family = [process] + process.children(recursive=True)
    try:
        status = run(["status"], env)
        assert status.returncode == 0, status.stderr
        rows = [line.split() for line in status.stdout.splitlines()]
        assert rows[0] == ["SERVICE", "PORT", "STATE"]
        ports = dict(item.split(":") for item in env["SERVICES"].split(","))
        assert ["s3", ports["s3"], "available"] in rows
        assert ["sqs", ports["sqs"], "available"] in rows

        assert run(["wait", "--timeout", "10"], env).returncode == 0
        # A reader that stops early (`localstack status | head -1`) ends the output quietly.
        for reader in ("head -1", "true"):
            piped = subprocess.run(
                " ".join(CLI + ["status"]) + f" | {reader}",
                shell=True,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert piped.stdout.startswith("SERVICE") or reader == "true"
            assert "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr
        logs = run(["logs"], env)
        assert logs.returncode == 0 and "Ready. Endpoint:" in logs.stdout
        follower = subprocess.Popen(CLI + ["logs", "-f"], env=env, stdout=subprocess.PIPE)
        try:
            # -f never ends by itself: read what it printed so far without blocking on more.
            os.set_blocking(follower.stdout.fileno(), False)
            seen = b""
            deadline = time.monotonic() + 15
            while b"Ready. Endpoint:" not in seen and time.monotonic() < deadline:
                seen += follower.stdout.read() or b""
                time.sleep(0.1)
            assert b"Ready. Endpoint:" in seen
            assert follower.poll() is None  # still following
        finally:
            follower.terminate()
            follower.wait(timeout=10)
        again = run(["start", "-d"], env)
        assert again.returncode == 1
        assert "already running" in again.stderr
    finally:
        stopped = run(["stop"], env)
    assert stopped.returncode == 0, stopped.stderr
    _, alive = psutil.wait_procs(family, timeout=5)
    assert alive == []
    assert not (data_dir / "localstack.pid").exists()

    assert run(["status"], env).returncode == 3
    assert run(["stop"], env).returncode == 3
    assert run(["wait", "--timeout", "0.5"], env).returncode == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_foreground_start_prints_ready_and_exits_0_on_signal(tmp_path, signum):
    env = cli_env(tmp_path, DEBUG="0")
    process = subprocess.Popen(
        CLI + ["start"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == f"Ready. Endpoint: http://127.0.0.1:{env['EDGE_PORT']}"
        process.send_signal(signum)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("detached", [False, True], ids=["foreground", "detached"])
def test_start_on_a_busy_port_fails_clearly(tmp_path, detached):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = cli_env(tmp_path, EDGE_PORT=str(port))
        started = time.monotonic()
        result = run(["start", "-d"] if detached else ["start"], env, timeout=60)
    assert result.returncode == 1
    assert "Error:" in result.stderr and str(port) in result.stderr
    assert "Ready." not in result.stdout
    assert time.monotonic() - started < 60
    assert not (Path(env["DATA_DIR"]) / "localstack.pid").exists()


def test_logs_without_a_detached_start_says_so(tmp_path):
    result = run(["logs"], cli_env(tmp_path))
    assert result.returncode == 3
    assert "start -d" in result.stderr


def test_bash_completion_loads_and_completes_commands(tmp_path):
    script = run(["completion", "bash"], cli_env(tmp_path))
    assert script.returncode == 0
    probe = subprocess.run(
        [
            "bash",
            "-c",
            'eval "$1"; COMP_WORDS=(localstack st); COMP_CWORD=1; _localstack; echo "${COMPREPLY[@]}"',
            "_",
            script.stdout,
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert probe.stdout.split() == ["start", "stop", "status"]


def test_zsh_completion_is_a_compdef_script(tmp_path):
    script = run(["completion", "zsh"], cli_env(tmp_path))
    assert script.returncode == 0
    assert script.stdout.startswith("#compdef localstack")
    assert "'logs:" in script.stdout
    if shutil.which("zsh"):
        assert subprocess.run(["zsh", "-n"], input=script.stdout, text=True, timeout=30).returncode == 0

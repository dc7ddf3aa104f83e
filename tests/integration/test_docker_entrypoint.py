"""The container files, tested without a Docker engine: the entrypoint script runs on the host, and
the Dockerfile and docker-compose.yml are checked for what a user relies on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import psutil
import pytest
import yaml

from tests.server_process import ROOT, free_port

ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


@pytest.fixture
def path_with_localstack(tmp_path: Path) -> str:
    """A PATH whose `localstack` runs this checkout, as the console script does inside the image."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "localstack"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "bin" / "localstack"}" "$@"\n')
    shim.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"


def entrypoint_env(tmp_path: Path, path: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))}
    for key in ("SERVICES", "EDGE_PORT", "DEBUG", "DATA_DIR", "EDGE_BIND_HOST"):
        env.pop(key, None)
    env.update({"PATH": path, "EDGE_PORT": str(free_port()), "SERVICES": f"sqs:{free_port()}"})
    env.update(extra)
    return env


def test_entrypoint_starts_the_emulator_on_all_interfaces(tmp_path, path_with_localstack):
    data_dir = tmp_path / "volume" / "data"
    env = entrypoint_env(tmp_path, path_with_localstack, DATA_DIR=str(data_dir))
    process = subprocess.Popen(
        ["sh", str(ENTRYPOINT)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == f"Ready. Endpoint: http://127.0.0.1:{env['EDGE_PORT']}"
        assert data_dir.is_dir()
        url = f"http://127.0.0.1:{env['EDGE_PORT']}/_localstack/health"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
        # exec: the shell is replaced, so the emulator itself is the process that gets SIGTERM.
        emulator = psutil.Process(process.pid)
        listening = {
            (conn.laddr.ip, conn.laddr.port)
            for conn in emulator.net_connections(kind="tcp")
            if conn.status == psutil.CONN_LISTEN
        }
        assert ("0.0.0.0", int(env["EDGE_PORT"])) in listening
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_entrypoint_runs_a_subcommand(tmp_path, path_with_localstack):
    env = entrypoint_env(tmp_path, path_with_localstack, DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), "config"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "EDGE_BIND_HOST=0.0.0.0" in lines
    assert f"DATA_DIR={tmp_path / 'data'}" in lines


def test_entrypoint_keeps_an_explicit_bind_host(tmp_path, path_with_localstack):
    env = entrypoint_env(tmp_path, path_with_localstack, EDGE_BIND_HOST="127.0.0.1", DATA_DIR=str(tmp_path))
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), "config"], env=env, capture_output=True, text=True, timeout=60
    )
    assert "EDGE_BIND_HOST=127.0.0.1" in result.stdout.splitlines()


def test_compose_file_maps_ports_and_a_data_volume():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    service = compose["services"]["localstack"]
    assert service["build"] == "."
    ports = [str(p) for p in service["ports"]]
    assert any(p.endswith("4566:4566") for p in ports)
    assert any(p.endswith("4567-4650:4567-4650") for p in ports)
    data_dir = service["environment"]["DATA_DIR"]
    volume, _, target = service["volumes"][0].partition(":")
    assert target == data_dir
    assert volume in compose["volumes"]
    assert "./init:/etc/localstack/init:ro" in service["volumes"]


def test_dockerfile_runs_the_entrypoint_with_a_healthcheck():
    text = (ROOT / "Dockerfile").read_text()
    logical_lines = text.replace("\\\n", " ").splitlines()  # join continued lines
    instructions = [line.split(None, 1) for line in logical_lines if line and not line.startswith("#")]
    keywords = {parts[0]: parts[1] if len(parts) > 1 else "" for parts in instructions}
    assert keywords["FROM"].startswith("python:3.11-slim")
    assert "4566" in keywords["EXPOSE"].split() and "4567-4650" in keywords["EXPOSE"].split()
    assert "docker-entrypoint.sh" in keywords["ENTRYPOINT"]
    # `localstack wait` polls /_localstack/health
    assert 'CMD ["localstack", "wait"' in keywords["HEALTHCHECK"]
    assert "EDGE_BIND_HOST=0.0.0.0" in text
    assert "COPY docker/entrypoint.sh" in text
    # nodejs functions need node in the image; `pip install .` needs MANIFEST.in for the runtime files.
    assert any(parts[0] == "RUN" and "install" in parts[1] and "nodejs" in parts[1] for parts in instructions)
    assert "MANIFEST.in" in text
    # Init scripts: the folders exist to mount over, and ready.d scripts find awslocal.
    assert "/etc/localstack/init/ready.d" in text
    assert any(parts[0] == "RUN" and "awscli-local" in parts[1] for parts in instructions)
    # Files the build COPYs must exist and must not be excluded by .dockerignore.
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for line in text.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
                assert source.rstrip("/") not in ignored

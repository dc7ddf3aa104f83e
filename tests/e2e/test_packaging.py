"""A built wheel, installed outside the checkout, carries everything a function needs to run: the
python and nodejs runtime clients are files of the package, not of the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import boto3
import pytest
from botocore.config import Config as BotoConfig

from tests.integration.lambda_functions import create_function, invoke_json, zip_of
from tests.server_process import ROOT, emulator_env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built from a copy of the sources: a build/ folder left in the checkout would leak stale files in.
    source = tmp_path_factory.mktemp("source")
    for name in ("setup.py", "MANIFEST.in", "requirements.txt", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "localstack", source / "localstack", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("localstack-*.whl")
    return built


def test_wheel_holds_the_runtime_clients(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "localstack/services/awslambda/runtimes/node_runtime.js" in names
    assert "localstack/services/awslambda/runtimes/node_esm_hooks.mjs" in names
    assert "localstack/services/awslambda/runtimes/python_runtime.py" in names


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_installed_wheel_runs_python_and_nodejs_functions(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # The dependencies come from the test environment; the package itself only from the wheel.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    env, edge_port, _ = emulator_env(tmp_path, ["lambda", "iam", "logs", "sts"])
    env.pop("PYTHONPATH")
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    log = open(tmp_path / "server.log", "wb")
    process = subprocess.Popen(
        [str(python), "-m", "localstack.cli", "start"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        located = subprocess.run(
            [str(python), "-c", "import localstack; print(localstack.__file__)"],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert located.startswith(str(venv))
        endpoint = f"http://127.0.0.1:{edge_port}"
        _wait_healthy(endpoint, process)
        client = boto3.client(
            "lambda",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=BotoConfig(retries={"max_attempts": 1}),
        )
        cleanup: list = []
        create_function(
            client, "py-from-wheel", "python3.11", "py_echo.handler", zip_of("py_echo.py"), cleanup
        )
        create_function(
            client, "node-from-wheel", "nodejs20.x", "node_echo.handler", zip_of("node_echo.js"), cleanup
        )
        for name in ("py-from-wheel", "node-from-wheel"):
            response, payload = invoke_json(client, name, {"hello": name})
            assert "FunctionError" not in response, payload
            assert payload["event"] == {"hello": name}
            assert payload["function_name"] == name
    finally:
        process.terminate()
        process.wait(timeout=15)


def _wait_healthy(endpoint: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the installed emulator exited"
        try:
            with urllib.request.urlopen(f"{endpoint}/_localstack/health", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the installed emulator did not answer within 60 s")


def test_wheel_registers_the_pytest_plugin(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    assert "localstack/testing/pytest_plugin.py" in names
    assert "localstack/init_hooks/manager.py" in names
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    text = archive.read(entry_points).decode()
    assert "[pytest11]\nlocalstack = localstack.testing.pytest_plugin" in text

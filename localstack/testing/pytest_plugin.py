"""The pytest plugin (entry point `pytest11`): an emulator per test session (per pytest-xdist worker),
boto3 clients bound to it, an opt-in per-test reset, and saved state loaded by a marker.

    def test_upload(aws_client, localstack_reset):
        s3 = aws_client("s3")
        s3.create_bucket(Bucket="b")

Fixtures: `localstack` (session; `.endpoint_url`), `aws_client` (session; a factory of boto3 clients),
`localstack_reset` (POST /_localstack/state/reset before the test), `localstack_env` (session; override it
to pass configuration such as {"SERVICES": "s3,sqs"}). Marker: `@pytest.mark.localstack_state("f.lsstate")`
or `@pytest.mark.localstack_state(snapshot="name")`. LOCALSTACK_ENDPOINT (or --localstack-endpoint) points
the fixtures at an emulator already running instead of starting one; `localstack_init_dir` (ini) or
--localstack-init-dir gives the emulator init scripts, run before the session's first test.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

import pytest

from localstack.testing.emulator import Emulator, connect_emulator, start_emulator

ENDPOINT_VARIABLE = "LOCALSTACK_ENDPOINT"
STATE_MARKER = "localstack_state"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("localstack", "localstack emulator")
    group.addoption(
        "--localstack-endpoint",
        default=None,
        metavar="URL",
        help=f"use the emulator already running at URL instead of starting one (or {ENDPOINT_VARIABLE})",
    )
    group.addoption(
        "--localstack-init-dir",
        default=None,
        metavar="DIR",
        help="init scripts for the emulator: DIR/{boot,start,ready,shutdown}.d (or ini localstack_init_dir)",
    )
    parser.addini(
        "localstack_init_dir",
        "init scripts for the emulator: a folder of boot.d, start.d, ready.d, shutdown.d (from the ini file)",
        default="",
    )
    group.addoption(
        "--localstack-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait for the emulator to answer its health check (default 60)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{STATE_MARKER}(path=None, snapshot=None, services=None): before the test, load the state archive "
        "at path (written by `localstack state export`; relative to the test file, else to the rootdir) or "
        "the emulator's named snapshot (`localstack state save NAME`)",
    )


def _endpoint(config: pytest.Config) -> str | None:
    return config.getoption("localstack_endpoint") or os.environ.get(ENDPOINT_VARIABLE) or None


def _init_dir(config: pytest.Config) -> Path | None:
    option, ini = config.getoption("localstack_init_dir"), config.getini("localstack_init_dir")
    if option:
        raw, base = option, config.invocation_params.dir
    elif ini:
        raw, base = ini, config.inipath.parent if config.inipath else config.rootpath
    else:
        return None
    path = base / raw
    if not path.is_dir():
        raise pytest.UsageError(f"localstack_init_dir {raw!r}: no folder {path}")
    return path.resolve()


@pytest.fixture(scope="session")
def localstack_env() -> dict[str, str]:
    """Extra environment for the emulator this session starts (SERVICES, PERSISTENCE, DEBUG...).
    Override it in a conftest.py; it has no effect with LOCALSTACK_ENDPOINT."""
    return {}


@pytest.fixture(scope="session")
def localstack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, localstack_env: dict[str, str]
) -> Iterator[Emulator]:
    """The emulator of this session: started on free ports with its own data directory (one per
    pytest-xdist worker), stopped with every child at the end; or the one at LOCALSTACK_ENDPOINT."""
    timeout = request.config.getoption("localstack_timeout")
    endpoint = _endpoint(request.config)
    if endpoint:
        yield connect_emulator(endpoint, timeout)
        return
    work_dir = tmp_path_factory.mktemp("localstack")
    init_dir = _init_dir(request.config)
    if init_dir is not None:
        # Each worker's data directory sees the same scripts; their state stays apart.
        (work_dir / "data").mkdir()
        (work_dir / "data" / "init").symlink_to(init_dir, target_is_directory=True)
    emulator = start_emulator(work_dir, extra_env=localstack_env, timeout=timeout)
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture(scope="session")
def aws_client(localstack: Emulator) -> Callable[..., object]:
    """`aws_client("s3")`: a boto3 client for the emulator, with test credentials and us-east-1;
    `aws_client("sqs", region="eu-west-1", legacy=True, config={...})` for the rest."""
    return localstack.client


@pytest.fixture
def localstack_reset(localstack: Emulator) -> Emulator:
    """Start the test from an empty emulator: every service's resources are forgotten first."""
    localstack.reset()
    return localstack


@pytest.fixture(autouse=True)
def _localstack_state_marker(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker(STATE_MARKER)
    if marker is None:
        return
    if "localstack_reset" in request.fixturenames:
        # The reset must come first, or it would wipe the state just loaded.
        request.getfixturevalue("localstack_reset")
    emulator: Emulator = request.getfixturevalue("localstack")
    path = marker.args[0] if marker.args else marker.kwargs.get("path")
    snapshot = marker.kwargs.get("snapshot")
    services = marker.kwargs.get("services")
    if (path is None) == (snapshot is None):
        raise pytest.UsageError(f"@pytest.mark.{STATE_MARKER} takes an archive path or snapshot=NAME: one")
    if snapshot is not None:
        emulator.load_snapshot(snapshot, services)
        return
    emulator.load_state(_state_file(request, Path(path)), services)


def _state_file(request: pytest.FixtureRequest, path: Path) -> Path:
    if path.is_absolute():
        return path
    for base in (request.path.parent, request.config.rootpath):
        if (base / path).is_file():
            return base / path
    raise pytest.UsageError(
        f"@pytest.mark.{STATE_MARKER}: no file {path} beside {request.path.name} "
        f"or under {request.config.rootpath}"
    )

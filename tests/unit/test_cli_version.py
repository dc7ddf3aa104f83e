"""`localstack --version` prints the package version and exits 0, before reading any configuration."""

from __future__ import annotations

import pytest

import localstack
from localstack import cli


def test_version_flag(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGE_PORT", "not-a-port")  # a bad configuration does not matter here
    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"localstack {localstack.__version__}\n"

"""Starts the emulator as a subprocess on free ports and stops it (shared by tests and bench): the pytest
plugin's emulator (localstack.testing.emulator) under the names the tests and benches use."""

from __future__ import annotations

from pathlib import Path

from localstack.testing.emulator import Emulator, clean_env, emulator_env, free_port, start_emulator

ROOT = Path(__file__).resolve().parent.parent

ServerProcess = Emulator

__all__ = ["ROOT", "ServerProcess", "clean_env", "emulator_env", "free_port", "start_server"]


def start_server(
    tmp_dir: Path,
    services: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> Emulator:
    """Start `localstack start` with every port free-chosen and DEBUG on; return once it answers."""
    return start_emulator(tmp_dir, services, {"DEBUG": "1", **(extra_env or {})}, timeout)

"""Which init scripts exist: the four stages, where their directories are, and the order they run in."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

# Where a container mounts its scripts (LocalStack's layout), and the one folder older images used
# (its scripts run once the emulator is ready).
SYSTEM_INIT_DIR = Path("/etc/localstack/init")
LEGACY_READY_DIR = Path("/docker-entrypoint-initaws.d")

SCRIPT_SUFFIXES = (".sh", ".py")


class Stage(enum.Enum):
    """BOOT before anything listens; START once the ports serve, before `Ready.`; READY after `Ready.`;
    SHUTDOWN when stopping, while the ports still serve."""

    BOOT = "boot"
    START = "start"
    READY = "ready"
    SHUTDOWN = "shutdown"


class State(enum.Enum):
    UNKNOWN = "UNKNOWN"
    RUNNING = "RUNNING"
    SUCCESSFUL = "SUCCESSFUL"
    ERROR = "ERROR"


@dataclass
class Script:
    stage: Stage
    path: Path
    state: State = State.UNKNOWN

    @property
    def name(self) -> str:
        return self.path.name

    def as_json(self) -> dict[str, str]:
        """LocalStack's shape of a script in GET /_localstack/init."""
        return {"stage": self.stage.name, "name": self.name, "state": self.state.value}


def init_roots(data_dir: Path | None) -> list[Path]:
    """The directories holding `<stage>.d` folders: the system one, then the data directory's."""
    roots = [SYSTEM_INIT_DIR]
    if data_dir is not None:
        roots.append(data_dir / "init")
    return roots


def _order_key(relative: Path) -> tuple:
    """A folder's own scripts run before those of its subfolders, each level by name."""
    parts = relative.parts
    return tuple((1, part) for part in parts[:-1]) + ((0, parts[-1]),)


def _scripts_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [
        path
        for path in folder.rglob("*")
        if path.suffix in SCRIPT_SUFFIXES and path.is_file() and not path.name.startswith(".")
    ]


def discover(
    roots: list[Path], legacy_ready_dir: Path | None = LEGACY_READY_DIR
) -> dict[Stage, list[Script]]:
    """Every stage's scripts in the order they run: by name (folders after a level's own files), and for
    equal names in the order of `roots`; the legacy folder's scripts join the READY stage."""
    found: dict[Stage, list[Script]] = {}
    for stage in Stage:
        folders = [root / f"{stage.value}.d" for root in roots]
        if stage is Stage.READY and legacy_ready_dir is not None:
            folders.append(legacy_ready_dir)
        keyed = []
        for rank, folder in enumerate(folders):
            for path in _scripts_under(folder):
                keyed.append((_order_key(path.relative_to(folder)), rank, path))
        found[stage] = [Script(stage, path) for _, _, path in sorted(keyed)]
    return found

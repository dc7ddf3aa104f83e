"""Init hooks in the emulator's lifecycle: each stage's scripts run once, in order, a failure is logged
with its output and the rest go on; GET /_localstack/init[/<stage>] reports them."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.wrappers import Response

from localstack.init_hooks import runner
from localstack.init_hooks.scripts import LEGACY_READY_DIR, Script, Stage, State, discover, init_roots
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

if TYPE_CHECKING:
    from localstack.config import Config
    from localstack.services.infra import Infrastructure

LOG = logging.getLogger(__name__)
INIT_PATH = "/_localstack/init"

# `localstack stop` sends SIGKILL 10 s after SIGTERM: the SHUTDOWN scripts together get less than that.
SHUTDOWN_BUDGET_S = 8.0


class InitHooks:
    """The scripts of every stage, found once at start-up, and what became of each."""

    def __init__(
        self, config: Config, roots: list[Path] | None = None, legacy_dir: Path | None = LEGACY_READY_DIR
    ):
        self.config = config
        self.scripts = discover(init_roots(config.data_dir) if roots is None else roots, legacy_dir)
        self.completed = {stage: False for stage in Stage}
        self._started: set[Stage] = set()
        self._lock = threading.Lock()
        self._shim_dir: Path | None = None
        if any(self.scripts.values()):
            found = ", ".join(
                f"{stage.value}: {len(scripts)}" for stage, scripts in self.scripts.items() if scripts
            )
            LOG.info("Init scripts found (%s)", found)

    def run_stage(
        self, stage: Stage, endpoint_url: str | None = None, stop: threading.Event | None = None
    ) -> None:
        """Run the stage's scripts one after another; a second call for the same stage returns at once
        (a second SIGTERM during the SHUTDOWN scripts stops without waiting for them again)."""
        with self._lock:
            if stage in self._started:
                return
            self._started.add(stage)
        scripts = self.scripts[stage]
        if scripts:
            env = runner.script_env(endpoint_url, self.config.default_region, self._awslocal_shim())
            deadline = _Budget(SHUTDOWN_BUDGET_S if stage is Stage.SHUTDOWN else None)
            for script in scripts:
                if stop is not None and stop.is_set():
                    break
                self._run(script, env, stop, deadline.left())
        self.completed[stage] = True

    def _awslocal_shim(self) -> Path | None:
        if self._shim_dir is None:
            try:
                self._shim_dir = runner.awslocal_shim(self.config.run_dir)
            except OSError as error:
                LOG.warning(
                    "Init scripts: cannot write an awslocal shim in %s: %s", self.config.run_dir, error
                )
        return self._shim_dir

    def _run(
        self, script: Script, env: dict[str, str], stop: threading.Event | None, timeout: float | None
    ) -> None:
        script.state = State.RUNNING
        LOG.info("Init script %s (%s): running", script.path, script.stage.name)
        outcome = runner.run_script(script.path, env, stop, timeout)
        script.state = State.SUCCESSFUL if outcome.ok else State.ERROR
        if outcome.ok:
            output = outcome.output.rstrip() or "(none)"
            LOG.info(
                "Init script %s succeeded in %.2fs; its output:\n%s", script.path, outcome.seconds, output
            )
        else:
            status = "could not start" if outcome.returncode is None else f"exited with {outcome.returncode}"
            LOG.error(
                "Init script %s (%s) %s after %.2fs; start-up goes on. Its output:\n%s",
                script.path,
                script.stage.name,
                status,
                outcome.seconds,
                outcome.output.rstrip() or "(none)",
            )

    def as_json(self) -> dict:
        """LocalStack's shape: {"completed": {"BOOT": true, ...}, "scripts": [{"stage", "name", "state"}]}."""
        return {
            "completed": {stage.name: done for stage, done in self.completed.items()},
            "scripts": [script.as_json() for stage in Stage for script in self.scripts[stage]],
        }

    def stage_json(self, stage: Stage) -> dict:
        return {"completed": self.completed[stage], "scripts": [s.as_json() for s in self.scripts[stage]]}

    def handle(self, request: Request) -> Response:
        """GET /_localstack/init, GET /_localstack/init/<stage>."""
        path = request.path_only.rstrip("/")
        if request.method not in ("GET", "HEAD"):
            raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {path}: GET", 405)
        name = path[len(INIT_PATH) :].strip("/")
        if not name:
            return json_response(self.as_json())
        try:
            stage = Stage[name.upper()]
        except KeyError:
            known = ", ".join(stage.value for stage in Stage)
            raise AWSError("NotFound", f"No init stage {name!r}; known: {known}", 404) from None
        return json_response(self.stage_json(stage))


class _Budget:
    """What is left of a time limit shared by several scripts (None: no limit)."""

    def __init__(self, seconds: float | None) -> None:
        import time

        self._clock = time.monotonic
        self._deadline = None if seconds is None else self._clock() + seconds

    def left(self) -> float | None:
        return None if self._deadline is None else max(0.0, self._deadline - self._clock())


def attach(infra: Infrastructure) -> InitHooks:
    """Find the scripts and run BOOT (the lifecycle manager calls this first thing in `start`)."""
    hooks = InitHooks(infra.config)
    hooks.run_stage(Stage.BOOT, stop=infra.stopped)
    return hooks

"""Work that goes on after its request answered (Step Functions executions, CloudFormation stack
operations): what it leaves behind is logged as state records of its own, and replayed as such.

Such work runs in threads the request started. The calls it makes to other services are requests
of their own and are logged as any other; what it changes in its own service's store (an execution's
status, output and history; a stack's status, resources, events and outputs) is no request. When the
work ends, the objects it changed are pickled into a `STATE` record (service, a kind naming how to
put them back, the pickle). A replay never starts the work again: the request that started it
leaves the object as it was when it answered, the work's own calls replay from their records, and
the `STATE` record puts the finished object back. Work cut off by a crash (no `STATE` record yet)
ends the way a stop ends it: a running execution is aborted, a stack operation fails.

A request that waits for the work it started (CreateStack waits up to 2 s so that quick stacks
answer finished; StartSyncExecution waits for its execution) has its record appended before it
waits, and lets go of the write lock meanwhile, so the work's own calls are not held up behind it.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import sys
import time
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, Callable, Iterator

from localstack.persistence import pickling

if TYPE_CHECKING:
    from localstack.persistence.recorder import Recorder

LOG = logging.getLogger(__name__)

STATE_METHOD = "STATE"
INTERRUPTED = "Stack operation interrupted: the emulator stopped before it finished"

_recorder: Recorder | None = None
# True while the log is replayed: background work is neither started nor waited for.
replaying = False
_installed: set[str] = set()
HOOKED_SERVICES = frozenset(("cloudformation", "stepfunctions"))


def set_recorder(recorder: Recorder | None) -> None:
    global _recorder
    _recorder = recorder


def ensure_installed(service: str) -> None:
    """Hook the service's background work (once; its modules are imported by then anyway)."""
    if service in _installed or service not in _INSTALLERS:
        return
    _installed.add(service)
    _INSTALLERS[service]()


def _detached() -> Any:
    recorder = _recorder
    return recorder.detached() if recorder is not None else nullcontext()


@contextmanager
def holding_writes() -> Iterator[None]:
    """Background work that changes a store outside any request (an SQS move task taking messages from
    one queue and sending them to another) does it holding the write lock, so that no snapshot is
    pictured in the middle of it (a message then in neither queue). No-op without persistence."""
    recorder = _recorder
    if recorder is None or replaying:
        yield
        return
    from localstack.persistence.recorder import LOCK_TIMEOUT  # loaded: the recorder exists

    acquired = recorder.lock.acquire(timeout=LOCK_TIMEOUT)
    try:
        yield
    finally:
        if acquired:
            recorder.lock.release()


def record_state(service: str, kind: str, key: dict, value: Any) -> None:
    """Log what background work left behind (no-op without persistence or while replaying). The
    pickle is taken under the write lock, so no logged write falls between it and its record."""
    recorder = _recorder
    if recorder is None or replaying:
        return

    def body() -> bytes | None:
        try:
            return pickling.dumps(value, pickling.BodySink())
        except Exception:  # noqa: BLE001 - the next snapshot still holds it
            LOG.exception("persistence: could not log the state %s %s left", kind, key)
            return None

    recorder.record_state(service, f"/{kind}?{json.dumps(key, separators=(',', ':'))}", body)


def apply(path: str, body: bytes) -> None:
    """Put back what a `STATE` record holds."""
    kind, _, key = path.lstrip("/").partition("?")
    value = pickling.loads(body, pickling.BodySource(_no_bodies))
    _APPLIERS[kind](json.loads(key), value)


def _no_bodies(digest: str) -> Callable[[], io.BytesIO]:
    raise LookupError(f"a state record refers to body {digest}")


# CloudFormation ---------------------------------------------------------------------------------


def _install_cloudformation() -> None:
    from localstack.services.cloudformation import deployer

    original = deployer.run_in_background

    def run_in_background(stack: Any, name: str, work: Callable[[], None]) -> None:
        if replaying:
            # What the operation did comes back from its STATE record (or it is settled as cut off).
            return

        def recorded_work() -> None:
            # Recorded after a failure too, so the record holds the failed status.
            try:
                deployer.run_guarded(stack, name, work)
            finally:
                _record_stacks(stack)

        with _detached():
            original(stack, name, recorded_work)

    deployer.run_in_background = run_in_background  # type: ignore[assignment]


def _record_stacks(stack: Any) -> None:
    from localstack.services.cloudformation.models import stores

    store = stores[stack.account_id][stack.region]
    stacks = {
        sid: s
        for sid, s in list(store.stacks.items())
        if sid == stack.stack_id or stack.stack_id in (s.parent_id, s.root_id)
    }
    change_sets = {cid: cs for cid, cs in list(store.change_sets.items()) if cs.stack_id in stacks}
    key = {"account": stack.account_id, "region": stack.region}
    record_state(
        "cloudformation", "cloudformation-stacks", key, {"stacks": stacks, "change_sets": change_sets}
    )


def _apply_stacks(key: dict, value: dict) -> None:
    from localstack.services.cloudformation.models import stores

    store = stores[key["account"]][key["region"]]
    for stack_id, stack in value["stacks"].items():
        stack.done.set()
        store.stacks[stack_id] = stack
    store.change_sets.update(value["change_sets"])


def _settle_stacks() -> int:
    models = sys.modules.get("localstack.services.cloudformation.models")
    if models is None:
        return 0
    from localstack.services.cloudformation.deployer import settle_failed

    settled = 0
    for store in list(models.stores.all()):
        for stack in list(store.stacks.values()):
            settled += settle_failed(stack, INTERRUPTED)
            # No operation runs after a start: a request waiting for one must not wait.
            stack.done.set()
    return settled


# Step Functions ---------------------------------------------------------------------------------


def _install_stepfunctions() -> None:
    from moto.stepfunctions.parser.backend import execution as execution_module

    from localstack.services.stepfunctions import sync_executions

    communication = execution_module.BaseExecutionWorkerCommunication
    original_terminated = communication.terminated

    def terminated(self: Any) -> None:
        original_terminated(self)
        _record_execution(self.execution)

    communication.terminated = terminated  # type: ignore[method-assign]

    original_wait = sync_executions._wait_for_end

    def wait_for_end(sfn: Any, execution_arn: str) -> dict:
        if replaying:
            # The execution is not run again; its STATE record follows.
            return sfn.describe_execution(executionArn=execution_arn)
        with _detached():
            return original_wait(sfn, execution_arn)

    sync_executions._wait_for_end = wait_for_end  # type: ignore[assignment]


_EXECUTION_FIELDS = ("exec_status", "stop_date", "output", "error", "cause", "sync_execution_status")


def _record_execution(execution: Any) -> None:
    value = {name: getattr(execution, name) for name in _EXECUTION_FIELDS if hasattr(execution, name)}
    value["exec_worker"] = execution.exec_worker
    key = {"account": execution.account_id, "region": execution.region_name, "arn": execution.exec_arn}
    record_state("stepfunctions", "stepfunctions-execution", key, value)


def _executions() -> list[Any]:
    if "moto.stepfunctions.models" not in sys.modules:
        return []
    from moto.stepfunctions.models import stepfunctions_backends

    found = []
    for _account, _region, backend in stepfunctions_backends.iter_backends():
        getter = getattr(backend, "_get_executions", None)
        if getter is not None:
            found.extend(getter())
    return found


def _apply_execution(key: dict, value: dict) -> None:
    for execution in _executions():
        if execution.exec_arn == key["arn"]:
            for name, field_value in value.items():
                setattr(execution, name, field_value)
            return
    LOG.warning("persistence: replayed state of unknown execution %s", key["arn"])


def _settle_executions() -> int:
    from moto.stepfunctions.parser.api import ExecutionStatus

    settled = 0
    for execution in _executions():
        if execution.exec_status == ExecutionStatus.RUNNING:
            # As a stop ends it (StopExecution without error or cause).
            execution.exec_status = ExecutionStatus.ABORTED
            execution.stop_date = datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc)
            if hasattr(execution, "sync_execution_status"):
                execution.sync_execution_status = "FAILED"
            settled += 1
    return settled


def settle() -> int:
    """After a start: end the work a crash cut off (see the module docstring); how many objects."""
    return _settle_stacks() + _settle_executions()


_INSTALLERS: dict[str, Callable[[], None]] = {
    "cloudformation": _install_cloudformation,
    "stepfunctions": _install_stepfunctions,
}
_APPLIERS: dict[str, Callable[[dict, Any], None]] = {
    "cloudformation-stacks": _apply_stacks,
    "stepfunctions-execution": _apply_execution,
    "sqs-move-task": lambda key, value: _move_tasks().apply_record(key, value),
}


def _move_tasks() -> Any:
    from localstack.services.sqs import move_tasks

    return move_tasks

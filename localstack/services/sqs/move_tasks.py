"""Message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask): redrive
from a dead-letter queue back to each message's source queue or to a named queue, at a rate, on the
event dispatcher. moto has none of it."""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.utils import fast_ids
from localstack.utils.aws.arns import arn_parts
from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset({"StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask"})
# Without MaxNumberOfMessagesPerSecond AWS picks a system-optimized rate; this is ours.
DEFAULT_RATE = 500
MAX_RATE = 500
XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/"

# Thread-local: the queue a receive is running on, so that a dead-lettered message remembers it.
receiving = threading.local()


@dataclass
class MoveTask:
    task_id: str
    source_arn: str
    destination_arn: str | None
    rate: int | None
    to_move: int
    started: int = field(default_factory=lambda: int(time.time() * 1000))
    status: str = "RUNNING"
    moved: int = 0
    failure: str | None = None
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def handle(self) -> str:
        raw = json.dumps({"taskId": self.task_id, "sourceArn": self.source_arn})
        return base64.b64encode(raw.encode()).decode()

    def view(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "Status": self.status,
            "SourceArn": self.source_arn,
            "ApproximateNumberOfMessagesMoved": self.moved,
            "ApproximateNumberOfMessagesToMove": self.to_move,
            "StartedTimestamp": self.started,
        }
        if self.status == "RUNNING":
            out["TaskHandle"] = self.handle
        if self.destination_arn:
            out["DestinationArn"] = self.destination_arn
        if self.rate is not None:
            out["MaxNumberOfMessagesPerSecond"] = self.rate
        if self.failure:
            out["FailureReason"] = self.failure
        return out


_lock = threading.Lock()
# Source queue ARN -> its tasks, newest last (persisted: localstack/persistence/state.py).
_tasks: dict[str, list[MoveTask]] = {}
# The tasks (by object: a restored task is a new one) a worker of this process runs: a RUNNING task
# restored from a snapshot or an import has none.
_working: set[int] = set()


def reset() -> None:
    with _lock:
        for tasks in _tasks.values():
            for task in tasks:
                task.cancel.set()
        _tasks.clear()


def _queue_for_arn(arn: str) -> Any | None:
    from moto.sqs.models import sqs_backends

    try:
        _, region, account, name = arn_parts(arn)
    except ValueError:
        return None
    if account not in sqs_backends or not region:
        return None
    return sqs_backends[account][region].queues.get(name)


def _backend_for_arn(arn: str) -> Any:
    from moto.sqs.models import sqs_backends

    _, region, account, _ = arn_parts(arn)
    return sqs_backends[account][region]


def _is_dead_letter_queue(queue: Any) -> bool:
    from moto.sqs.models import sqs_backends

    for backend in sqs_backends[queue.account_id].values():
        for other in list(backend.queues.values()):
            if (
                other.dead_letter_queue is queue
                or (other.redrive_policy or {}).get("deadLetterTargetArn") == queue.queue_arn
            ):
                return True
    return False


def handle(operation: str, params: dict[str, Any], json_protocol: bool) -> Response:
    if operation == "StartMessageMoveTask":
        result: dict[str, Any] = {"TaskHandle": start(params).handle}
    elif operation == "ListMessageMoveTasks":
        result = {"Results": list_tasks(params)}
    else:
        result = {"ApproximateNumberOfMessagesMoved": cancel(params.get("TaskHandle") or "")}
    if json_protocol:
        return Response(json.dumps(result), status=200, mimetype="application/x-amz-json-1.0")
    return _xml(operation, result)


def _arn_format(name: str) -> AWSError:
    return AWSError(
        "InvalidParameterValue",
        f"You must use this format to specify the {name}: "
        "arn:<partition>:<service>:<region>:<account-id>:<resource-id>",
    )


def _not_found(message: str) -> AWSError:
    """ResourceNotFoundException answers with status 404 (recorded against AWS)."""
    return AWSError("ResourceNotFoundException", message, status=404)


def _no_such(parameter: str) -> AWSError:
    return _not_found(f"The resource that you specified for the {parameter} parameter doesn't exist.")


def start(params: dict[str, Any]) -> MoveTask:
    source_arn = params.get("SourceArn") or ""
    if not source_arn.startswith("arn:") or len(source_arn.split(":")) != 6:
        raise _arn_format("SourceArn")
    source = _queue_for_arn(source_arn)
    if source is None:
        raise _no_such("SourceArn")
    if not _is_dead_letter_queue(source):
        raise AWSError("InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue.")
    destination_arn = params.get("DestinationArn") or None
    if destination_arn:
        if not destination_arn.startswith("arn:") or len(destination_arn.split(":")) != 6:
            raise _arn_format("DestinationArn")
        if destination_arn == source_arn:
            raise AWSError(
                "InvalidParameterValue", "Source queue arn and destination queue arn cannot be the same."
            )
        destination = _queue_for_arn(destination_arn)
        if destination is None:
            raise _no_such("DestinationArn")
        if bool(destination.fifo_queue) != bool(source.fifo_queue):
            raise AWSError(
                "InvalidParameterValue",
                "The source queue and destination queue must be of the same queue type.",
            )
    rate = params.get("MaxNumberOfMessagesPerSecond")
    if rate is not None:
        rate = int(rate)
        if not 1 <= rate <= MAX_RATE:
            raise AWSError(
                "InvalidParameterValue",
                "Value for parameter MaxNumberOfMessagesPerSecond is invalid. "
                f"Reason: You must enter a number that's between 1 and {MAX_RATE}.",
            )
    with _lock:
        tasks = _tasks.setdefault(source_arn, [])
        if any(t.status == "RUNNING" for t in tasks):
            raise AWSError(  # InvalidParameterValue, as recorded against AWS
                "InvalidParameterValue",
                "There is already a task running. Only one active task is allowed for a source queue arn "
                "at a given time.",
            )
        task = MoveTask(uuid.uuid4().hex, source_arn, destination_arn, rate, len(source._messages))
        tasks.append(task)
    from localstack.persistence import background

    if not background.replaying:
        # A replay (persistence, after a kill -9) does not start the work: its state records move each
        # batch where it was moved, and a task cut off with no final record is resumed after the replay.
        _submit(task)
    return task


def _submit(task: MoveTask) -> None:
    from localstack.services import infra

    with _lock:
        _working.add(id(task))
    infra.current().dispatcher.submit(_run, task)


def resume() -> None:
    """Tasks restored RUNNING from a snapshot (the emulator stopped mid-move) go on moving."""
    with _lock:
        orphans = [t for ts in _tasks.values() for t in ts if t.status == "RUNNING" and id(t) not in _working]
    for task in orphans:
        _submit(task)


def list_tasks(params: dict[str, Any]) -> list[dict[str, Any]]:
    source_arn = params.get("SourceArn") or ""
    if _queue_for_arn(source_arn) is None:
        raise _no_such("SourceArn")
    limit = int(params.get("MaxResults") or 1)
    if not 1 <= limit <= 10:
        raise AWSError(
            "InvalidParameterValue",
            "Value for parameter MaxResults is invalid. "
            "Reason: You must enter a number that's between 1 and 10.",
        )
    with _lock:
        tasks = list(_tasks.get(source_arn, []))
    return [task.view() for task in reversed(tasks)][:limit]


def cancel(task_handle: str) -> int:
    try:
        decoded = json.loads(base64.b64decode(task_handle, validate=True))
        task_id, source_arn = decoded["taskId"], decoded["sourceArn"]
    except (ValueError, KeyError, TypeError):
        # Recorded against AWS: a handle that does not decode, a source queue that does not exist, a
        # task the queue never had; each in its own words.
        raise AWSError("InvalidParameterValue", "Value for parameter TaskHandle is invalid.") from None
    if not isinstance(source_arn, str) or _queue_for_arn(source_arn) is None:
        raise _no_such("SourceArn")
    with _lock:
        task = next((t for t in _tasks.get(source_arn, []) if t.task_id == task_id), None)
        if task is None:
            raise _not_found("Task does not exist.")
        if task.status != "RUNNING":
            raise AWSError("FailedPrecondition", "Only active tasks can be cancelled.")
        task.status = "CANCELLING"
        task.cancel.set()
    return task.moved


def _run(task: MoveTask) -> None:
    """Move the messages present at start, `rate` a second, until done or cancelled."""
    try:
        _move_all(task)
    finally:
        with _lock:
            _working.discard(id(task))


def _move_all(task: MoveTask) -> None:
    from localstack.persistence import background

    source = _queue_for_arn(task.source_arn)
    per_second = task.rate or DEFAULT_RATE
    try:
        while task.moved < task.to_move and not task.cancel.is_set() and source is not None:
            window_start = time.monotonic()
            # Each batch is done holding the persistence write lock (no snapshot sees a message in
            # neither queue) and logged as a state record, so a replay moves it at the same point.
            with background.holding_writes():
                if not _listed(task):
                    return  # the state was reset, imported or loaded meanwhile: the task is gone
                moved, error = _move_batch(task, source, min(per_second, task.to_move - task.moved))
                if moved:
                    _record(task, {"moved": moved})
                if error is not None:
                    raise error
                if not moved:
                    break
            elapsed = time.monotonic() - window_start
            if task.moved < task.to_move and elapsed < 1:
                task.cancel.wait(1 - elapsed)
        status, failure = ("CANCELLED" if task.cancel.is_set() else "COMPLETED"), None
    except Exception as error:  # a failed task is reported on the task, as AWS does
        # AWS names the error code the move met (recorded: a deleted destination queue).
        status, failure = "FAILED", getattr(error, "code", None) or type(error).__name__
    with background.holding_writes():
        if _listed(task):
            task.status, task.failure = status, failure
            _record(task, {"moved": 0, "status": status, "failure": failure})


def _listed(task: MoveTask) -> bool:
    with _lock:
        return any(listed is task for listed in _tasks.get(task.source_arn, ()))


def _move_batch(task: MoveTask, source: Any, count: int) -> tuple[int, Exception | None]:
    """Move up to `count` messages; how many moved, and the error that stopped the batch if one did."""
    batch = _take(source, count)
    for index, message in enumerate(batch):
        try:
            _deliver(task, source, message)
        except Exception as error:  # noqa: BLE001 - reported on the task
            _put_back(source, batch[index:])  # a failed move loses no message
            return index, error
        task.moved += 1
    return len(batch), None


def _record(task: MoveTask, change: dict[str, Any]) -> None:
    from localstack.persistence import background

    background.record_state("sqs", "sqs-move-task", {"source": task.source_arn, "task": task.task_id}, change)


def apply_record(key: dict[str, Any], change: dict[str, Any]) -> None:
    """A replay puts back what a task did after its StartMessageMoveTask answered (see `_run`)."""
    with _lock:
        task = next((t for t in _tasks.get(key["source"], []) if t.task_id == key["task"]), None)
    if task is None:
        return
    source = _queue_for_arn(task.source_arn)
    if change.get("moved") and source is not None:
        _move_batch(task, source, change["moved"])
    if change.get("status"):
        task.status, task.failure = change["status"], change.get("failure")


def _take(queue: Any, count: int) -> list[Any]:
    with queue._messages_lock:
        taken = [m for m in queue._messages if m.visible and not m.delayed][:count]
        for message in taken:
            queue._messages.remove(message)
            queue.pending_messages.discard(message)
    return taken


def _put_back(queue: Any, messages: list[Any]) -> None:
    """Messages taken for a move that did not happen return to the head of their queue, in order."""
    with queue._messages_lock:
        queue._messages[0:0] = messages


def _deliver(task: MoveTask, source: Any, message: Any) -> None:
    destination_arn = task.destination_arn or getattr(message, "ls_dead_letter_source", None)
    if not destination_arn:
        from moto.sqs.models import sqs_backends

        sources = [
            q
            for backend in sqs_backends[source.account_id].values()
            for q in list(backend.queues.values())
            if q.dead_letter_queue is source
        ]
        destination_arn = sources[0].queue_arn if sources else None
    destination = _queue_for_arn(destination_arn) if destination_arn else None
    if destination is None:
        from moto.sqs.exceptions import QueueDoesNotExist

        raise QueueDoesNotExist()
    _backend_for_arn(destination_arn).send_message(
        destination.name,
        message.body,
        message_attributes=message.message_attributes or None,
        group_id=message.group_id if destination.fifo_queue else None,
        deduplication_id=(message.deduplication_id or message.id) if destination.fifo_queue else None,
    )


def _xml(operation: str, result: dict[str, Any]) -> Response:
    def render(value: Any, name: str) -> str:
        if isinstance(value, dict):
            return f"<{name}>{''.join(render(v, k) for k, v in value.items())}</{name}>"
        if isinstance(value, list):
            return "".join(render(item, name) for item in value)
        return f"<{name}>{escape(str(value))}</{name}>"

    inner = "".join(render(v, k) for k, v in result.items())
    body = (
        f'<{operation}Response xmlns="{XMLNS}"><{operation}Result>{inner}</{operation}Result>'
        f"<ResponseMetadata><RequestId>{fast_ids.request_id()}</RequestId></ResponseMetadata></{operation}Response>"
    )
    return Response(body, status=200, mimetype="text/xml")

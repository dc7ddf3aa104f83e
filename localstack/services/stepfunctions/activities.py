"""Activities: each activity's queue of scheduled tasks, and GetActivityTask's long poll handing them out.

moto's interpreter already runs a Task state whose Resource is an activity ARN: it puts the task on the
activity it finds in the execution's activity store, then waits for a worker to start it and for the
worker's SendTaskSuccess/Failure (TimeoutSeconds and HeartbeatSeconds included). moto gave every
execution an empty store and never served GetActivityTask; here the store is the backend's queues.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import FailureEventException
from moto.stepfunctions.parser.asl.component.state.exec.state_task.state_task_activitiy import (
    StateTaskActivity,
)
from moto.stepfunctions.parser.asl.eval.callback.callback import (
    ActivityCallbackEndpoint,
    ActivityTaskStartEndpoint,
)
from moto.stepfunctions.parser.backend.activity import ActivityTask
from moto.stepfunctions.parser.backend.execution import Execution

# AWS holds a poll for at most 60 seconds, then answers without a task.
POLL_SECONDS = 60.0
# The interpreter queues a task a moment before it registers the task's token: how long a poller
# that took the task waits for the token to appear.
REGISTER_SECONDS = 2.0


class ActivityQueue:
    """The tasks scheduled on one activity, oldest first; pollers wait on a condition, bounded."""

    def __init__(self, arn: str) -> None:
        self.arn = arn
        self._tasks: deque[ActivityTask] = deque()
        self._ready = threading.Condition()
        self._closed = False

    def __getstate__(self) -> dict[str, Any]:
        # A restored server has no running execution to hand tasks of, and a queue closed at
        # shutdown must not stay closed (its pollers would return at once, forever).
        return {"arn": self.arn}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["arn"])  # type: ignore[misc]

    def add_task(self, task: ActivityTask) -> None:
        with self._ready:
            self._tasks.append(task)
            self._ready.notify()

    def take(self, deadline: float) -> ActivityTask | None:
        """The oldest task, waiting for one until `deadline` (monotonic) or until the queue closes."""
        with self._ready:
            while not self._tasks and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._ready.wait(remaining)
            return self._tasks.popleft() if self._tasks else None

    def close(self) -> None:
        """The activity is deleted or the server stops: waiting pollers answer at once."""
        with self._ready:
            self._closed = True
            self._tasks.clear()
            self._ready.notify_all()


class ActivityStore:
    """What the interpreter calls its activity store: `get(arn)` gives the activity's queue."""

    def __init__(self, account_id: str, region_name: str) -> None:
        self._account_id = account_id
        self._region_name = region_name

    def get(self, activity_arn: str) -> ActivityQueue | None:
        from moto.stepfunctions.models import stepfunctions_backends

        backend = stepfunctions_backends[self._account_id][self._region_name]
        return backend.activity_queue(activity_arn)  # type: ignore[no-any-return]


class ActivityExecution(Execution):
    """An execution whose Task states find the activities of its account and region."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["activity_store"] = ActivityStore(kwargs["account_id"], kwargs["region_name"])
        super().__init__(*args, **kwargs)


def wake_start_wait(endpoint: Any) -> None:
    """A stopped execution's activity task may still wait to be started (up to its TimeoutSeconds,
    99999999 s by default): release it (it then sees no worker and ends)."""
    if isinstance(endpoint, ActivityCallbackEndpoint):
        endpoint.get_activity_task_start_endpoint()._next_activity_task_start_event.set()


# moto's cause when a Task's activity does not exist: the words "activity_arn", not the ARN.
_MOTO_MISSING_CAUSE = "The activity activity_arn does not exist."


def _naming_missing_activity(original: Any) -> Any:
    def eval_execution(self: StateTaskActivity, env: Any) -> None:
        try:
            original(self, env)
        except FailureEventException as failure:
            for details in (failure.failure_event.event_details or {}).values():
                if isinstance(details, dict) and details.get("cause") == _MOTO_MISSING_CAUSE:
                    details["cause"] = f"The activity {self.resource.resource_arn} does not exist."
            raise

    return eval_execution


def install() -> None:
    from localstack.services.stepfunctions.asl_fixes import rebind

    StateTaskActivity._eval_execution = _naming_missing_activity(StateTaskActivity._eval_execution)  # type: ignore[method-assign]

    # moto reads the start outcome before any was set when no worker came (AttributeError, so a
    # task that timed out waiting for a worker failed with States.Runtime instead of States.Timeout).
    ActivityTaskStartEndpoint._outcome = None  # type: ignore[misc]
    rebind("Execution", Execution, ActivityExecution)

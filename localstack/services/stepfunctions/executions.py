"""The stepfunctions backend that runs executions: moto's interpreter backend with AWS's execution API."""

from __future__ import annotations

import base64
import copy
import datetime
import json
import logging
import time
import uuid
from typing import Any

from moto.core.exceptions import AWSError as MotoAWSError
from moto.core.responses import ActionResult, EmptyResult
from moto.stepfunctions.exceptions import ActivityDoesNotExist, InvalidExecutionInput
from moto.stepfunctions.parser.api import (
    ExecutionStatus,
    InvalidDefinition,
    InvalidOutput,
    InvalidToken,
    TaskTimedOut,
)
from moto.stepfunctions.parser.asl.eval.callback.callback import (
    CallbackOutcomeFailure,
    CallbackOutcomeSuccess,
)
from moto.stepfunctions.parser.models import StepFunctionsParserBackend
from moto.stepfunctions.responses import StepFunctionResponse
from moto.stepfunctions.utils import PAGINATION_MODEL
from moto.utilities.paginator import paginate

from localstack.services.stepfunctions import activities, aliases, logging_config, validation, versions
from localstack.services.stepfunctions.resources import ResourceChecks

LOG = logging.getLogger(__name__)


def _now() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.timezone.utc)


class StateMachineAlreadyExists(MotoAWSError):
    TYPE = "StateMachineAlreadyExists"
    STATUS = 400


class StateMachineTypeNotSupported(MotoAWSError):
    TYPE = "StateMachineTypeNotSupported"
    STATUS = 400


def _same_definition(first: str, second: str) -> bool:
    try:
        return bool(json.loads(first) == json.loads(second))
    except ValueError:
        return first == second


class ExecutingBackend(ResourceChecks, StepFunctionsParserBackend):
    """Each execution runs in its own background thread from StartExecution on (moto's interpreter)."""

    @property
    def activity_queues(self) -> dict[str, activities.ActivityQueue]:
        # Created on first use: a backend restored from an older archive has none yet.
        return self.__dict__.setdefault("_activity_queues", {})  # type: ignore[no-any-return]

    def activity_queue(self, activity_arn: str) -> activities.ActivityQueue | None:
        """The queue of an existing activity (None if there is no such activity)."""
        if activity_arn not in self.activities:
            return None
        queue = self.activity_queues.get(activity_arn)
        if queue is None:
            queue = self.activity_queues.setdefault(activity_arn, activities.ActivityQueue(activity_arn))
        return queue

    def create_activity(
        self,
        name: str,
        tags: list[dict[str, str]] | None = None,
        encryption_configuration: dict[str, Any] | None = None,
    ) -> Any:
        # Idempotent on the name (other tags are ignored); only another encryption configuration is
        # refused. moto refused every second call.
        existing = next((a for a in self.activities.values() if a.name == name), None)
        if existing is not None and existing.encryption_configuration == encryption_configuration:
            return existing
        return super().create_activity(name, tags, encryption_configuration)

    def describe_activity(self, activity_arn: str) -> Any:
        try:
            return super().describe_activity(activity_arn)
        except ActivityDoesNotExist:
            raise ActivityDoesNotExist(f"Activity Does Not Exist: '{activity_arn}'") from None

    def delete_activity(self, activity_arn: str) -> None:
        super().delete_activity(activity_arn)
        queue = self.activity_queues.pop(activity_arn, None)
        if queue is not None:
            queue.close()

    def get_activity_task(self, activity_arn: str, worker_name: str | None) -> Any:
        """The next task scheduled on the activity, waiting up to 60 s for one (None: no task)."""
        self.describe_activity(activity_arn)
        queue = self.activity_queue(activity_arn)
        if queue is None:  # deleted meanwhile
            return None
        deadline = time.monotonic() + activities.POLL_SECONDS
        while True:
            task = queue.take(deadline)
            if task is None:
                return None
            endpoint = self._scheduled_activity(task.task_token)
            if endpoint is not None:
                endpoint.notify_activity_task_start(worker_name)
                return task

    def _scheduled_activity(self, task_token: str) -> Any:
        """The endpoint of a task still waiting for a worker; None once its execution has ended."""
        deadline = time.monotonic() + activities.REGISTER_SECONDS
        while True:
            for execution in self._get_executions():
                env = execution.exec_worker.env if execution.exec_worker is not None else None
                endpoint = env.callback_pool_manager.get(task_token) if env is not None else None
                if endpoint is not None:
                    return endpoint if execution.exec_status == ExecutionStatus.RUNNING else None
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)

    def close_activities(self) -> None:
        for queue in self.activity_queues.values():
            queue.close()

    def create_state_machine(
        self, name: str, definition: str, roleArn: str, *args: Any, **kwargs: Any
    ) -> Any:  # type: ignore[override]
        # Idempotent on the name with the same definition, type and configurations (AWS ignores a
        # different role or tags then); another definition or type under the name is refused. moto
        # answered the existing machine whatever the request held.
        self._validate_definition(definition, kwargs.get("sm_type") or "STANDARD")
        logging_config.check(kwargs.get("loggingConfiguration"), self.account_id, self.region_name)
        existing = next((machine for machine in self.state_machines if machine.name == name), None)
        if existing is not None:
            requested_type = kwargs.get("sm_type") or "STANDARD"
            if not _same_definition(existing.definition, definition) or existing.type != requested_type:
                raise StateMachineAlreadyExists(f"State Machine Already Exists: '{existing.arn}'")
        return super().create_state_machine(name, definition, roleArn, *args, **kwargs)

    @staticmethod
    def _validate_definition(definition: str, machine_type: str = "STANDARD") -> None:
        """AWS refuses a definition ValidateStateMachineDefinition fails, with its first error (moto's
        parser alone let transitions to nowhere and unreachable states through)."""
        errors = [d for d in validation.diagnose(definition, machine_type) if d.severity == "ERROR"]
        if errors:
            raise InvalidDefinition(validation.invalid_definition_message(errors[0]))

    def update_state_machine(  # type: ignore[override]
        self, arn: str, definition: str | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        if definition is not None:
            # Checked against the machine's own type (an Express machine takes no task tokens).
            self._validate_definition(definition, self.describe_state_machine(arn).type)
        machine = self.describe_state_machine(arn)
        logging_config.check(kwargs.get("logging_configuration"), self.account_id, self.region_name)
        before = versions.revision_of(machine)
        publish = kwargs.pop("publish", None)
        updated = super().update_state_machine(arn, definition, *args, publish=False, **kwargs)
        versions.update_revision(machine, before)
        if publish:
            # An unchanged revision answers the version already published from it (recorded).
            versions.publish_if_changed(machine, kwargs.get("version_description"))
        return updated

    @property
    def _url_module(self) -> Any:
        # moto finds a backend's URL table beside the module that defines its class.
        import moto.stepfunctions.urls

        return moto.stepfunctions.urls

    def start_execution(  # type: ignore[override]
        self,
        state_machine_arn: str,
        name: str | None = None,
        execution_input: str | None = None,
        trace_header: str | None = None,
    ) -> Any:
        # moto's interpreter names unnamed executions "None"; AWS gives them a UUID.
        if name:
            self._validate_name(name)
        else:
            name = str(uuid.uuid4())
        if execution_input is not None:
            try:
                json.loads(execution_input)
            except json.JSONDecodeError as error:
                # In the JSON parser's words AWS answers (recorded); an empty input has its own.
                reason = (
                    "Invalid execution input."
                    if not execution_input.strip()
                    else validation.json_syntax_reason(execution_input, error)[0]
                )
                raise InvalidExecutionInput(f"Invalid State Machine Execution Input: '{reason}'") from None
        target_arn, alias = aliases.resolve(self, state_machine_arn)
        target = self.describe_state_machine(target_arn)
        source_arn = getattr(target, "source_arn", None)
        if source_arn is None:
            execution = super().start_execution(target_arn, name, execution_input, trace_header)
        else:
            execution = self._start_version(target, source_arn, name, execution_input, trace_header)
        execution.alias_arn = None if alias is None else alias.arn
        return execution

    def _start_version(
        self, version: Any, source_arn: str, name: str, execution_input: str | None, trace_header: str | None
    ) -> Any:
        """moto fails on a version (it lacks the machine's name check and backend) and would keep its
        executions where Describe and List do not look: run it as the machine's own execution."""
        machine = self.describe_state_machine(source_arn)
        existing = machine._handle_name_input_idempotency(name, execution_input)
        if existing is not None:
            return existing
        version.backend = machine.backend
        execution = super().start_execution(version.arn, name, execution_input, trace_header)
        if execution in version.executions:
            version.executions.remove(execution)
        machine.executions.append(execution)
        return execution

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_executions(  # type: ignore[override]
        self, state_machine_arn: str, status_filter: str | None = None
    ) -> list[Any]:
        """A version ARN lists that version's executions; the machine's ARN lists them all (recorded)."""
        target = self.describe_state_machine(state_machine_arn)
        if target.type == "EXPRESS":
            # AWS keeps no list of Express executions (recorded).
            raise StateMachineTypeNotSupported(
                "This operation is not supported by this type of state machine"
            )
        source_arn = getattr(target, "source_arn", None)
        machine = target if source_arn is None else self.describe_state_machine(source_arn)
        executions = [
            execution
            for execution in machine.executions
            if (source_arn is None or execution.state_machine.arn == target.arn)
            and (not status_filter or execution.status == status_filter)
        ]
        return sorted(executions, key=lambda execution: execution.start_date, reverse=True)

    def stop_execution(  # type: ignore[override]
        self, execution_arn: str, error: str | None = None, cause: str | None = None
    ) -> Any:
        execution = self.describe_execution(execution_arn)
        if execution.exec_status == ExecutionStatus.RUNNING:
            stop_date = _now()
            worker = execution.exec_worker
            if worker is not None and worker.env is not None:
                worker.stop(stop_date=stop_date, error=error, cause=cause)
                # Tasks waiting for a token or a heartbeat would otherwise hold the execution's
                # threads until their own timeout (60 s to forever).
                for endpoint in list(worker.env.callback_pool_manager._pool.values()):
                    endpoint.interrupt_all()
                    activities.wake_start_wait(endpoint)
            # AWS reports ABORTED from StopExecution on; the worker thread winds down after.
            execution.exec_status = ExecutionStatus.ABORTED
            execution.stop_date = stop_date
            execution.error = error
            execution.cause = cause
        return execution

    def _open_task(self, task_token: str) -> Any:
        """The callback endpoint of a task waiting for this token; AWS tells an unknown token
        (InvalidToken) from one whose task has closed (TaskTimedOut)."""
        for execution in self._get_executions():
            env = execution.exec_worker.env if execution.exec_worker is not None else None
            endpoint = env.callback_pool_manager.get(task_token) if env is not None else None
            if endpoint is None:
                continue
            closed = endpoint.get_outcome() is not None or endpoint.consumer_error is not None
            if closed or execution.exec_status != ExecutionStatus.RUNNING:
                raise TaskTimedOut("Task Timed Out: 'Provided task does not exist anymore'")
            return endpoint
        raise InvalidToken("Invalid Token: 'Invalid token'")

    def send_task_success(self, task_token: str, outcome: str) -> None:  # type: ignore[override]
        try:
            json.loads(outcome)
        except (TypeError, ValueError):
            raise InvalidOutput(f"Invalid Output: '{outcome}'") from None
        self._open_task(task_token).notify(CallbackOutcomeSuccess(callback_id=task_token, output=outcome))

    def send_task_failure(  # type: ignore[override]
        self, task_token: str, error: str | None = None, cause: str | None = None
    ) -> None:
        endpoint = self._open_task(task_token)
        endpoint.notify(CallbackOutcomeFailure(callback_id=task_token, error=error, cause=cause))

    def send_task_heartbeat(self, task_token: str) -> None:  # type: ignore[override]
        # Tasks without HeartbeatSeconds accept heartbeats too; they just have no timer to reset.
        self._open_task(task_token).notify_heartbeat()

    def stop_all(self) -> None:
        """End every running execution of this account and region (reset, shutdown)."""
        for execution in self._get_executions(ExecutionStatus.RUNNING):
            try:
                self.stop_execution(execution.exec_arn)
            except Exception:
                LOG.exception("Could not stop execution %s", execution.exec_arn)

    def reset(self) -> None:
        self.stop_all()
        self.close_activities()
        super().reset()


def _start_execution(self: StepFunctionResponse) -> ActionResult:
    execution = self.stepfunction_backend.start_execution(
        self._get_param("stateMachineArn"),
        self._get_param("name"),
        self._get_param("input", if_none="{}"),
        self._get_param("traceHeader"),
    )
    return ActionResult({"executionArn": execution.exec_arn, "startDate": execution.start_date})


def _describe_execution(self: StepFunctionResponse) -> ActionResult:
    execution = self.stepfunction_backend.describe_execution(self._get_param("executionArn"))
    output = execution.to_describe_output()
    if output.get("status") == ExecutionStatus.RUNNING:
        output.pop("stopDate", None)
    output.update(_versioning_of(execution))
    output["redriveCount"] = 0
    if output.get("status") == ExecutionStatus.SUCCEEDED:
        output["redriveStatus"] = "NOT_REDRIVABLE"
        output["redriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven"
    return ActionResult({key: value for key, value in output.items() if value is not None})


def _versioning_of(execution: Any) -> dict[str, str]:
    """The machine, version and alias an execution ran: AWS names the machine's own ARN as
    stateMachineArn, and the version and the alias beside it (recorded)."""
    machine = execution.state_machine
    source_arn = getattr(machine, "source_arn", None)
    if source_arn is None:
        return {"stateMachineArn": machine.arn}
    fields = {"stateMachineArn": source_arn, "stateMachineVersionArn": machine.arn}
    alias_arn = getattr(execution, "alias_arn", None)
    if alias_arn:
        fields["stateMachineAliasArn"] = alias_arn
    return fields


def _describe_state_machine_for_execution(self: StepFunctionResponse) -> ActionResult:
    """The machine as the execution ran it (a version's definition and revision), in the fields AWS
    answers: no status, type or creationDate (recorded)."""
    execution = self.stepfunction_backend.describe_execution(self._get_param("executionArn"))
    machine = execution.state_machine
    answer = {
        "stateMachineArn": getattr(machine, "source_arn", None) or machine.arn,
        "name": machine.name,
        "definition": machine.definition,
        "roleArn": machine.roleArn,
        "updateDate": machine.update_date,
        "loggingConfiguration": {"includeExecutionData": False, **(machine.loggingConfiguration or {})},
        "tracingConfiguration": machine.tracingConfiguration or {"enabled": False},
    }
    revision = getattr(machine, "revision_id", None)
    if revision:
        answer["revisionId"] = revision
    return ActionResult(answer)


def _list_executions(self: StepFunctionResponse) -> ActionResult:
    answer = _original_list_executions(self)
    backend = self.stepfunction_backend
    for item in answer.result.get("executions", []):
        item.update(_versioning_of(backend.describe_execution(item["executionArn"])))
        item["redriveCount"] = 0
    return answer


def _stop_execution(self: StepFunctionResponse) -> ActionResult:
    execution = self.stepfunction_backend.stop_execution(
        self._get_param("executionArn"), error=self._get_param("error"), cause=self._get_param("cause")
    )
    return ActionResult({"stopDate": execution.stop_date or _now()})


def _history_token(execution_arn: str, position: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([execution_arn, position]).encode()).decode()


def _history_position(execution_arn: str, token: str | None) -> int:
    if not token:
        return 0
    try:
        arn, position = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError):
        arn, position = None, None
    if arn != execution_arn or not isinstance(position, int):
        raise InvalidToken(f"Invalid Token: '{token}'")
    return position


def _without_data(event: dict) -> dict:
    """includeExecutionData=false: events keep their shape, without inputs, outputs and parameters."""
    event = copy.deepcopy(event)
    for details in event.values():
        if isinstance(details, dict):
            for key in ("input", "output", "parameters"):
                details.pop(key, None)
    return event


def _get_execution_history(self: StepFunctionResponse) -> ActionResult:
    """moto answers every event at once, oldest first: AWS pages them (maxResults, default 100)
    and honours reverseOrder and includeExecutionData."""
    execution_arn = self._get_param("executionArn")
    execution = self.stepfunction_backend.describe_execution(execution_arn)
    events = list(execution.to_history_output()["events"])
    if self._get_param("reverseOrder"):
        events.reverse()
    if self._get_param("includeExecutionData") is False:
        events = [_without_data(event) for event in events]
    page_size = self._get_int_param("maxResults") or 100
    start = _history_position(execution_arn, self._get_param("nextToken"))
    result: dict[str, Any] = {"events": events[start : start + page_size]}
    if start + page_size < len(events):
        result["nextToken"] = _history_token(execution_arn, start + page_size)
    return ActionResult(result)


def _send_task_failure(self: StepFunctionResponse) -> ActionResult:
    self.stepfunction_backend.send_task_failure(
        self._get_param("taskToken"), error=self._get_param("error"), cause=self._get_param("cause")
    )
    return EmptyResult()


def _get_activity_task(self: StepFunctionResponse) -> ActionResult:
    task = self.stepfunction_backend.get_activity_task(
        self._get_param("activityArn"), self._get_param("workerName")
    )
    if task is None:
        return ActionResult({})
    return ActionResult({"taskToken": task.task_token, "input": task.task_input})


def _validate_state_machine_definition(self: StepFunctionResponse) -> ActionResult:
    definition = self._get_param("definition") or ""
    diagnostics = validation.diagnose(definition, self._get_param("type") or "STANDARD")
    failed = any(d.severity == "ERROR" for d in diagnostics)
    if (self._get_param("severity") or "ERROR") == "ERROR":
        diagnostics = [d for d in diagnostics if d.severity == "ERROR"]
    limit = self._get_int_param("maxResults") or 100
    return ActionResult(
        {
            "result": "FAIL" if failed else "OK",
            "diagnostics": [d.to_dict() for d in diagnostics[:limit]],
            "truncated": len(diagnostics) > limit,
        }
    )


_original_list_executions = StepFunctionResponse.list_executions


def patch_responses() -> None:
    """moto's handlers drop StopExecution's and SendTaskFailure's error and cause, StartExecution's
    trace header, write DescribeExecution's output with spaces AWS does not send, and do not page
    GetExecutionHistory."""
    StepFunctionResponse.start_execution = _start_execution  # type: ignore[method-assign]
    StepFunctionResponse.describe_execution = _describe_execution  # type: ignore[method-assign]
    StepFunctionResponse.list_executions = _list_executions  # type: ignore[method-assign]
    StepFunctionResponse.describe_state_machine_for_execution = _describe_state_machine_for_execution  # type: ignore[method-assign]
    StepFunctionResponse.stop_execution = _stop_execution  # type: ignore[method-assign]
    StepFunctionResponse.send_task_failure = _send_task_failure  # type: ignore[method-assign]
    StepFunctionResponse.get_execution_history = _get_execution_history  # type: ignore[method-assign]
    StepFunctionResponse.get_activity_task = _get_activity_task  # type: ignore[attr-defined]
    StepFunctionResponse.validate_state_machine_definition = _validate_state_machine_definition  # type: ignore[attr-defined]

"""Corrections to the semantics of moto's States Language interpreter where it differs from AWS."""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

from moto.stepfunctions.parser import api
from moto.stepfunctions.parser.api import HistoryEventType, TaskFailedEventDetails
from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
    FailureEvent,
    FailureEventException,
)
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import StatesErrorName
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
    StatesErrorNameType,
)
from moto.stepfunctions.parser.asl.component.state.choice.state_choice import StateChoice
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service import (
    StateTaskService,
)
from moto.stepfunctions.parser.asl.eval.environment import Environment
from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
from moto.stepfunctions.parser.asl.eval.program_state import ProgramStopped
from moto.stepfunctions.parser.asl.utils import json_path

from localstack.services.stepfunctions.parse_cache import json_path_ext as parse_json_path

PARSER_PACKAGE = "moto.stepfunctions.parser"

# Quoted names ($['a.b']) may hold any character; drop them before looking at the path's shape.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
# Wildcards, deep scans, filters, slices and unions select any number of values.
_INDEFINITE = re.compile(r"\*|\.\.|\[\s*\?|\[[^\]]*[:,][^\]]*\]")


def rebind(name: str, old: Any, new: Any) -> None:
    """Swap a name the interpreter's modules imported with `from x import name` (bound at import)."""
    for module_name, module in list(sys.modules.items()):
        if (
            module_name.startswith(PARSER_PACKAGE)
            and module is not None
            and getattr(module, name, None) is old
        ):
            setattr(module, name, new)


def is_indefinite_path(path: str) -> bool:
    return bool(_INDEFINITE.search(_QUOTED.sub("''", path)))


def extract_json(path: str, data: Any) -> Any:
    """A definite path ($.a[1].b) gives its one value, an indefinite one ($.a[*].b, filters) a list.

    moto returns a list for any path passing an array index, so `$[1].x` after a Parallel state
    gave `[x]` where AWS gives `x`."""
    matches = parse_json_path(path).find(data)
    indefinite = is_indefinite_path(path)
    if not matches:
        if indefinite:
            return []
        raise json_path.NoSuchJsonPathError(json_path=path, data=data)
    if indefinite:
        return [match.value for match in matches]
    return matches[0].value


def _choice_eval_state(self: StateChoice, env: Environment) -> None:
    """moto raises a bare RuntimeError (States.Runtime) when no rule matches and there is no Default;
    AWS fails the state with States.NoChoiceMatched."""
    for rule in self.choices_decl.rules:
        rule.eval(env)
        if env.stack.pop() is True:
            env.stack.append(rule.next_stmt.name)
            return
    if self.default_state is not None:
        env.stack.append(self.default_state.state_name)
        return
    error = StatesErrorNameType.StatesNoChoiceMatched.to_name()
    raise FailureEventException(
        failure_event=FailureEvent(
            env=env,
            error_name=StatesErrorName(typ=StatesErrorNameType.StatesNoChoiceMatched),
            event_type=HistoryEventType.TaskFailed,
            event_details=EventDetails(
                taskFailedEventDetails=TaskFailedEventDetails(
                    error=error, cause=f"No Choice rule matched and the state '{self.name}' has no Default"
                )
            ),
        )
    )


@functools.cache
def _service_model(service: str) -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


@functools.lru_cache(maxsize=2048)
def operation_model(service: str, action: str) -> Any:
    """botocore's model of `action` (snake or camel case) of `service`, or None if it has none."""
    try:
        model = _service_model(service)
    except Exception:
        return None
    wanted = action.replace("_", "").lower()
    for name in model.operation_names:
        if name.lower() == wanted:
            return model.operation_model(name)
    return None


def _normalise_parameters(
    self: StateTaskService,
    parameters: dict,
    boto_service_name: str | None = None,
    service_action_name: str | None = None,
) -> None:
    """Task parameters are written as AWS's PascalCase; boto3 wants each API's own member names
    (stateMachineArn) and strings for JSON given as objects. moto left this step out."""
    model = operation_model(
        self._get_boto_service_name(boto_service_name), self._get_boto_service_action(service_action_name)
    )
    if model is not None and model.input_shape is not None:
        self._to_boto_request(parameters, model.input_shape)


def _normalise_response(
    self: StateTaskService,
    response: Any,
    boto_service_name: str | None = None,
    service_action_name: str | None = None,
) -> None:
    """Task results come back in PascalCase (ExecutionArn), bodies as text, as on AWS."""
    model = operation_model(
        self._get_boto_service_name(boto_service_name), self._get_boto_service_action(service_action_name)
    )
    if model is not None and model.output_shape is not None:
        self._from_boto_response(response, model.output_shape)


def _blob_text_as_is(to_boto_request_value: Any) -> Any:
    """A text blob (an S3 object's Body) is sent as its text; moto wrote it as a JSON string."""

    def convert(self: StateTaskService, request_value: Any, value_shape: Any) -> Any:
        if value_shape.type_name == "blob" and isinstance(request_value, str):
            return request_value.encode("utf-8")
        return to_boto_request_value(self, request_value, value_shape)

    return convert


def _unless_stopped(set_state: Any) -> Any:
    """StopExecution is final: moto let a failure or timeout raised while the stopped execution wound
    down overwrite it (an ABORTED execution turned FAILED)."""

    def guarded(self: Environment, *args: Any, **kwargs: Any) -> None:
        if isinstance(self._program_state, ProgramStopped):
            return
        set_state(self, *args, **kwargs)

    return guarded


def _fix_api_errors() -> None:
    """The interpreter's API errors (InvalidDefinition, InvalidToken, TaskDoesNotExist, ...) set
    `code` where moto's serializer reads `TYPE`: they reached clients without an error code."""

    def init(
        self: Any, message: str | None = None, exception_type: str | None = None, status: int | None = None
    ):
        default = getattr(type(self), "message", "")
        api.ServiceException.__init__(
            self, message if message is not None else default, exception_type, status
        )

    for value in vars(api).values():
        if (
            isinstance(value, type)
            and issubclass(value, api.ServiceException)
            and value is not api.ServiceException
        ):
            code = value.__dict__.get("code")
            if isinstance(code, str) and not value.__dict__.get("TYPE"):
                value.TYPE = code
                value.STATUS = value.__dict__.get("status_code", 400)
                value.__init__ = init


def install() -> None:
    rebind("extract_json", json_path.extract_json, extract_json)
    json_path.extract_json = extract_json
    StateChoice._eval_state = _choice_eval_state  # type: ignore[method-assign]
    Environment.set_error = _unless_stopped(Environment.set_error)  # type: ignore[method-assign]
    Environment.set_timed_out = _unless_stopped(Environment.set_timed_out)  # type: ignore[method-assign]
    StateTaskService._normalise_parameters = _normalise_parameters  # type: ignore[method-assign]
    StateTaskService._normalise_response = _normalise_response  # type: ignore[method-assign]
    StateTaskService._to_boto_request_value = _blob_text_as_is(  # type: ignore[method-assign]
        StateTaskService._to_boto_request_value
    )
    _fix_api_errors()

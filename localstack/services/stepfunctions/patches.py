"""Corrections to moto's stepfunctions backend, applied by the starter before the backend is built.

moto ships an Amazon States Language interpreter (`moto.stepfunctions.parser`) but leaves it off and
aims it at a separate moto_server; these patches make it the one stepfunctions backend of this emulator.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from localstack import constants

_applied = False
_lock = threading.Lock()


class _DiscardingList(list):
    """Stands in for moto's `TMP_THREADS`, a module-level list it appends every thread to and never
    empties (a leak of one Thread object per execution, branch and Map iteration)."""

    def append(self, item: Any) -> None:
        pass


def _account_of_running_execution() -> str:
    """The account of the execution whose thread calls: every interpreter frame has its `env`."""
    frame = sys._getframe(2)
    while frame is not None:
        details = getattr(frame.f_locals.get("env"), "aws_execution_details", None)
        if details is not None:
            return details.account
        frame = frame.f_back
    return constants.DEFAULT_ACCOUNT_ID


def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
    """The interpreter's AWS client: this emulator in-process, as the execution's account."""
    from localstack.utils.aws.internal_client import connect_to

    return connect_to(service, account_id=_account_of_running_execution(), region=region)


def _compact_json(encoder: type) -> Any:
    def compact(obj: Any, separators: tuple[str, str] | None = None) -> str:
        return json.dumps(obj, cls=encoder, separators=separators or (",", ":"), ensure_ascii=False)

    return compact


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        from moto.stepfunctions import models as sfn_models
        from moto.stepfunctions.parser import models as parser_models
        from moto.stepfunctions.parser import utils as parser_utils
        from moto.stepfunctions.parser.asl.utils import boto_client, encoding

        from localstack.services.stepfunctions import (
            activities,
            aliases,
            asl_fixes,
            executions,
            parse_cache,
            versions,
        )

        rebind = asl_fixes.rebind

        # moto's default backend never runs a state machine: build its interpreter backend in the
        # one BackendDict every caller uses (responses, CloudFormation, reset), not a second one.
        sfn_models.stepfunctions_backends.clear()
        sfn_models.stepfunctions_backends.backend = executions.ExecutingBackend
        parser_models.stepfunctions_parser_backends = sfn_models.stepfunctions_backends

        # The interpreter's calls go to http://localhost:<moto port> with fake keys (account
        # 123456789012): send them through this gateway as the execution's account instead.
        rebind("boto_client_for", boto_client.boto_client_for, boto_client_for)
        boto_client.boto_client_for = boto_client_for

        # Outputs and history details (inputs, task parameters, results) are compact JSON on AWS,
        # with text as it is (moto wrote "\u00e9" for "é").
        compact = _compact_json(encoding._DateTimeEncoder)
        rebind("to_json_str", encoding.to_json_str, compact)
        encoding.to_json_str = compact

        discard = _DiscardingList()
        rebind("TMP_THREADS", parser_utils.TMP_THREADS, discard)
        parser_utils.TMP_THREADS = discard

        executions.patch_responses()
        asl_fixes.install()
        parse_cache.install()
        activities.install()
        versions.install()
        aliases.install()
        _describe_logging_in_full()
        _applied = True


def _describe_logging_in_full() -> None:
    """DescribeStateMachine names every logging setting: `{"level": "OFF", "includeExecutionData":
    false}` for a machine created without any (recorded); moto answered the level alone."""
    from moto.stepfunctions.responses import StepFunctionResponse

    original = StepFunctionResponse.describe_state_machine

    def describe_state_machine(self: Any) -> Any:
        answer = original(self)
        logging = answer.result.get("loggingConfiguration") if isinstance(answer.result, dict) else None
        if isinstance(logging, dict):
            answer.result["loggingConfiguration"] = {"includeExecutionData": False, **logging}
        return answer

    StepFunctionResponse.describe_state_machine = describe_state_machine

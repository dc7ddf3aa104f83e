"""Hooks around the stepfunctions backend: StartSyncExecution, which moto does not serve, and the
requests moto would crash on."""

from __future__ import annotations

import json
from typing import Any

from localstack import constants
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.errors import ValidationError


class StepfunctionsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        target = headers.get(constants.HEADER_TARGET) or ""
        if target.endswith(".StartSyncExecution"):
            from localstack.services.stepfunctions.sync_executions import start_sync_execution

            return start_sync_execution(data, headers)
        if target.endswith(".ListExecutions"):
            _check_list_executions(data)
        return True


def _check_list_executions(data: bytes) -> None:
    """ListExecutions lists a state machine's or a Map Run's executions: it needs one of the two ARNs
    (the model marks both optional; moto crashed on neither)."""
    body = json.loads(data or b"{}")
    arns = [name for name in ("stateMachineArn", "mapRunArn") if body.get(name) is not None]
    if not arns:
        raise ValidationError("Must provide a StateMachine ARN or a MapRun ARN")
    if len(arns) == 2:
        raise ValidationError("Must provide only one of StateMachine ARN or MapRun ARN")

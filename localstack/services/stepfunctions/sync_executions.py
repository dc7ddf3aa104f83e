"""StartSyncExecution (Express workflows): start an execution, wait for its end, answer its result.

moto serves no such operation; the listener answers it with the ordinary execution machinery."""

from __future__ import annotations

import json
import time
from typing import Any

from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.internal_client import as_aws_error, connect_to

# AWS ends an Express execution after five minutes.
MAX_DURATION_SECONDS = 300.0


def start_sync_execution(data: bytes, headers: Any) -> dict:
    try:
        return _start_sync_execution(data, headers)
    except Exception as error:
        raise as_aws_error(error) from None


def _start_sync_execution(data: bytes, headers: Any) -> dict:
    try:
        params = json.loads(data or b"{}")
    except ValueError:
        raise AWSError("SerializationException", "The request body is not valid JSON") from None
    arn = params.get("stateMachineArn")
    if not arn:
        raise AWSError("ValidationException", "stateMachineArn is required")
    account, region = request_context.account_and_region(headers)
    sfn = connect_to("stepfunctions", account, region)
    machine = sfn.describe_state_machine(stateMachineArn=arn)
    if machine.get("type") != "EXPRESS":
        raise AWSError(
            "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine"
        )
    start = {"stateMachineArn": arn, "input": params.get("input", "{}")}
    if params.get("name"):
        start["name"] = params["name"]
    execution_arn = sfn.start_execution(**start)["executionArn"]
    described = _wait_for_end(sfn, execution_arn)
    return _result(described)


def _wait_for_end(sfn: Any, execution_arn: str) -> dict:
    deadline = time.monotonic() + MAX_DURATION_SECONDS
    pause = 0.002
    while True:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        if time.monotonic() >= deadline:
            sfn.stop_execution(
                executionArn=execution_arn, error="States.Timeout", cause="Execution timed out"
            )
            described = sfn.describe_execution(executionArn=execution_arn)
            described["status"] = "TIMED_OUT"
            return described
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _result(described: dict) -> dict:
    started, stopped = described["startDate"], described.get("stopDate") or described["startDate"]
    result = {
        "executionArn": described["executionArn"],
        "stateMachineArn": described["stateMachineArn"],
        "name": described["name"],
        "startDate": started.timestamp(),
        "stopDate": stopped.timestamp(),
        "status": described["status"],
        "input": described.get("input", "{}"),
        "inputDetails": {"included": True},
        "billingDetails": {
            "billedMemoryUsedInMB": 64,
            "billedDurationInMilliseconds": max(100, int((stopped - started).total_seconds() * 1000)),
        },
    }
    if "output" in described:
        result["output"] = described["output"]
        result["outputDetails"] = {"included": True}
    for field in ("error", "cause"):
        if described.get(field) is not None:
            result[field] = described[field]
    return result

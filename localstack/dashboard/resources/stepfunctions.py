"""Step Functions in the dashboard: state machines, their executions, and an execution's history."""

from __future__ import annotations

from typing import Any

from localstack.dashboard.scope import Scope, required


def machines(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    return aws.client("stepfunctions").list_state_machines(maxResults=1000).get("stateMachines", [])


def executions(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    from botocore.exceptions import ClientError

    try:
        listed = aws.client("stepfunctions").list_executions(
            stateMachineArn=required(params, "machine"), maxResults=100
        )
    except ClientError as error:
        # ListExecutions refuses Express machines, as AWS does: they keep no execution list to show.
        if error.response["Error"]["Code"] == "StateMachineTypeNotSupported":
            return []
        raise
    return listed.get("executions", [])


def history(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    sfn = aws.client("stepfunctions")
    arn = required(params, "execution")
    described = sfn.describe_execution(executionArn=arn)
    events = sfn.get_execution_history(executionArn=arn, maxResults=1000).get("events", [])
    return {"execution": described, "events": events}


ACTIONS = {"machines": machines, "executions": executions, "history": history}

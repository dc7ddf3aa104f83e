"""Step Functions figures: StartExecution to SUCCEEDED as seen by a polling client, for a three-state
Pass machine and for one SQS sendMessage task (`python -m bench.bench_stepfunctions`)."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from tests.server_process import start_server

ROLE = "arn:aws:iam::000000000000:role/bench"


def _client(service: str, edge_url: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=edge_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def _pass_machine() -> dict:
    return {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.a", "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"y.$": "$.a.x"}, "Next": "C"},
            "C": {"Type": "Succeed"},
        },
    }


def _sqs_machine(queue_url: str) -> dict:
    return {
        "StartAt": "Send",
        "States": {
            "Send": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": queue_url, "MessageBody.$": "$"},
                "End": True,
            }
        },
    }


def _latencies(sfn: Any, machine_arn: str, count: int) -> list[float]:
    out = []
    for _ in range(count):
        started = time.perf_counter()
        execution_arn = sfn.start_execution(stateMachineArn=machine_arn, input='{"n": 1}')["executionArn"]
        while sfn.describe_execution(executionArn=execution_arn)["status"] == "RUNNING":
            time.sleep(0.001)
        out.append((time.perf_counter() - started) * 1000)
    return out


def _summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
    }


def run(quick: bool = False) -> dict:
    count = 30 if quick else 200
    server = start_server(Path(tempfile.mkdtemp()), services=["stepfunctions", "sqs"])
    try:
        sfn, sqs = _client("stepfunctions", server.edge_url), _client("sqs", server.edge_url)
        queue_url = sqs.create_queue(QueueName="bench-sfn")["QueueUrl"]
        pass_arn = sfn.create_state_machine(
            name="bench-pass", definition=json.dumps(_pass_machine()), roleArn=ROLE
        )["stateMachineArn"]
        sqs_arn = sfn.create_state_machine(
            name="bench-sqs", definition=json.dumps(_sqs_machine(queue_url)), roleArn=ROLE
        )["stateMachineArn"]
        _latencies(sfn, pass_arn, 5)  # warm the interpreter and the SQS backend
        _latencies(sfn, sqs_arn, 5)
        return {
            "sfn_pass_execution": _summary(_latencies(sfn, pass_arn, count)),
            "sfn_sqs_task_execution": _summary(_latencies(sfn, sqs_arn, count)),
        }
    finally:
        server.stop()


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

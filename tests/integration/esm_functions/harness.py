"""Test-side helpers for event source mappings: the recorder function and reading what it recorded."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

import pytest

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
# runtime -> (source file, handler)
RECORDERS = {
    "python3.12": ("recorder.py", "recorder.handler"),
    "nodejs20.x": ("recorder.js", "recorder.handler"),
}


def recorder_zip(runtime: str = "python3.12") -> bytes:
    source = RECORDERS[runtime][0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(source, Path(__file__).with_name(source).read_text())
    return buffer.getvalue()


class Recorder:
    """A function that sends every event it gets to its own results queue."""

    def __init__(self, lam: Any, sqs: Any, name: str, mode: str = "ok", runtime: str = "python3.12") -> None:
        self.lam, self.sqs, self.name = lam, sqs, name
        self.results_url = sqs.create_queue(QueueName=f"{name}-results")["QueueUrl"]
        created = lam.create_function(
            FunctionName=name,
            Runtime=runtime,
            Role=ROLE,
            Handler=RECORDERS[runtime][1],
            Code={"ZipFile": recorder_zip(runtime)},
            Timeout=3,
            Environment={"Variables": {"RESULT_QUEUE_URL": self.results_url, "MODE": mode}},
        )
        self.arn = created["FunctionArn"]

    def require_invoke(self) -> None:
        """Skip when the Lambda engine cannot run this function (it is built beside these pollers)."""
        response = self.lam.invoke(FunctionName=self.arn, Payload=json.dumps({"Records": []}))
        if response.get("FunctionError") or not self.events(lambda events: len(events) >= 1, timeout=10):
            pytest.skip("the Lambda engine cannot run this function here")

    def events(self, done: Callable[[list[dict]], bool], timeout: float = 20) -> list[dict]:
        """Events recorded so far (read destructively), waiting until `done(events)` or the deadline."""
        found: list[dict] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = self.sqs.receive_message(
                QueueUrl=self.results_url, MaxNumberOfMessages=10, WaitTimeSeconds=1
            )
            for message in response.get("Messages", []):
                found.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=self.results_url, ReceiptHandle=message["ReceiptHandle"])
            if done(found):
                break
        return found

    def drain(self) -> None:
        self.events(lambda events: False, timeout=1)

    def delete(self) -> None:
        self.lam.delete_function(FunctionName=self.name)
        self.sqs.delete_queue(QueueUrl=self.results_url)


def records(events: list[dict]) -> list[dict]:
    return [record for event in events for record in event["Records"]]


def wait_for(check: Callable[[], Any], timeout: float = 15, interval: float = 0.2) -> Any:
    """The first truthy result of `check()`, or an AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


def delete_mappings(lam: Any, function_name: str) -> None:
    for mapping in lam.list_event_source_mappings(FunctionName=function_name)["EventSourceMappings"]:
        lam.delete_event_source_mapping(UUID=mapping["UUID"])

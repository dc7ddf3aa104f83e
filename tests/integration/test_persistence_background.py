"""What Step Functions executions and CloudFormation stack operations do after their request answered
survives a kill -9 that comes right after (before any snapshot), and work a kill cuts off ends as a
stop ends it."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Callable

from tests.persistent_server import PersistentServer

SERVICES = ["sqs", "stepfunctions", "cloudformation", "iam", "sts"]
ROLE = "arn:aws:iam::000000000000:role/background"


def _wait(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


class _KeepWriting:
    """Writes every 0.3 s, so the server never sits idle long enough (2 s) to take a snapshot."""

    def __init__(self, server: PersistentServer) -> None:
        sqs = server.client("sqs")
        self.queue = sqs.create_queue(QueueName="bg-busy")["QueueUrl"]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(sqs,), daemon=True)
        self.thread.start()

    def _run(self, sqs: object) -> None:
        while not self.stop.wait(0.3):
            try:
                sqs.send_message(QueueUrl=self.queue, MessageBody="busy")  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - the server is killed under it
                return


def _plain(answer: dict) -> dict:
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


def _stack_status(cfn: object) -> str:
    return cfn.describe_stacks(StackName="bg-stack")["Stacks"][0]["StackStatus"]  # type: ignore[attr-defined]


def _snapshot_written(server: PersistentServer) -> float:
    path = server.state_dir / "snapshot.lsstate"
    return path.stat().st_mtime if path.exists() else 0.0


def test_finished_executions_and_stacks_survive_a_kill_right_after(tmp_path: Path) -> None:
    server = PersistentServer(tmp_path, SERVICES).start()
    try:
        sqs, sfn, cfn = server.client("sqs"), server.client("stepfunctions"), server.client("cloudformation")
        queue = sqs.create_queue(QueueName="bg-target")["QueueUrl"]
        definition = {
            "StartAt": "Send",
            "States": {
                "Send": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::sqs:sendMessage",
                    "Parameters": {"QueueUrl": queue, "MessageBody.$": "$.text"},
                    "ResultPath": "$.sent",
                    "Next": "Done",
                },
                "Done": {"Type": "Pass", "Result": "finished", "ResultPath": "$.result", "End": True},
            },
        }
        machine = sfn.create_state_machine(name="bg", definition=json.dumps(definition), roleArn=ROLE)
        template = {
            "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
            "Outputs": {"QueueName": {"Value": {"Fn::GetAtt": ["Queue", "QueueName"]}}},
        }
        busy = _KeepWriting(server)
        time.sleep(0.5)
        snapshot_before = _snapshot_written(server)
        execution = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input='{"text": "hi"}')
        arn = execution["executionArn"]
        cfn.create_stack(StackName="bg-stack", TemplateBody=json.dumps(template))
        _wait(lambda: sfn.describe_execution(executionArn=arn)["status"] == "SUCCEEDED")
        _wait(lambda: _stack_status(cfn) == "CREATE_COMPLETE")
        described = sfn.describe_execution(executionArn=arn)
        history = sfn.get_execution_history(executionArn=arn)["events"]
        stack = cfn.describe_stacks(StackName="bg-stack")["Stacks"][0]
        resources = cfn.describe_stack_resources(StackName="bg-stack")["StackResources"]
        events = cfn.describe_stack_events(StackName="bg-stack")["StackEvents"]
        queues = sorted(sqs.list_queues()["QueueUrls"])
        # Nothing of this may come from a snapshot: the kill comes before the log is compacted.
        assert _snapshot_written(server) == snapshot_before
        server.kill()
        busy.stop.set()
        busy.thread.join()

        server.start()
        sqs, sfn, cfn = server.client("sqs"), server.client("stepfunctions"), server.client("cloudformation")
        assert _plain(sfn.describe_execution(executionArn=arn)) == _plain(described)
        assert json.loads(described["output"])["result"] == "finished"
        assert sfn.get_execution_history(executionArn=arn)["events"] == history
        assert cfn.describe_stacks(StackName="bg-stack")["Stacks"][0] == stack
        assert cfn.describe_stack_resources(StackName="bg-stack")["StackResources"] == resources
        assert cfn.describe_stack_events(StackName="bg-stack")["StackEvents"] == events
        # The stack's queue and the execution's message were made once, not again by the replay.
        assert sorted(sqs.list_queues()["QueueUrls"]) == queues
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
        assert [m["Body"] for m in messages] == ["hi"]
    finally:
        server.stop()


def test_work_cut_off_by_a_kill_ends_as_a_stop_ends_it(tmp_path: Path) -> None:
    server = PersistentServer(tmp_path, SERVICES).start()
    try:
        sfn = server.client("stepfunctions")
        definition = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 600, "End": True}}}
        machine = sfn.create_state_machine(name="bg-long", definition=json.dumps(definition), roleArn=ROLE)
        arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"])["executionArn"]
        assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
        server.kill()

        server.start()
        sfn = server.client("stepfunctions")
        described = sfn.describe_execution(executionArn=arn)
        assert described["status"] == "ABORTED" and "stopDate" in described
        # It stays so: the settled state is kept by the snapshot start-up wrote.
        server.kill()
        server.start()
        again = server.client("stepfunctions").describe_execution(executionArn=arn)
        assert _plain(again) == _plain(described)
    finally:
        server.stop()

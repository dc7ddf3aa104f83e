"""Step Functions activities over HTTP: a Task on an activity ARN waits for a worker polling
GetActivityTask, which completes it with SendTaskSuccess/Failure/Heartbeat."""

from __future__ import annotations

import json
import threading
import time

import pytest
from botocore.exceptions import ClientError

from tests.integration.test_stepfunctions import ROLE, history, types_of, wait_until_done


@pytest.fixture
def sfn(aws_client):
    return aws_client("stepfunctions")


@pytest.fixture
def activity(sfn, unique_name, cleanup) -> str:
    arn = sfn.create_activity(name=unique_name("act"))["activityArn"]
    cleanup.append(lambda: sfn.delete_activity(activityArn=arn))
    return arn


@pytest.fixture
def start(sfn, unique_name, cleanup):
    """`start(task_fields, input)` runs a one-Task machine on the activity; returns the execution ARN."""

    def run(activity_arn: str, execution_input: dict, **task: object) -> str:
        definition = {
            "StartAt": "Work",
            "States": {"Work": {"Type": "Task", "Resource": activity_arn, "End": True, **task}},
        }
        machine = sfn.create_state_machine(
            name=unique_name("sm"), definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=machine))
        execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps(execution_input))
        arn = execution["executionArn"]
        cleanup.append(lambda: sfn.stop_execution(executionArn=arn))
        return arn

    return run


def test_worker_gets_the_input_and_its_success_completes_the_state(sfn, activity, start):
    execution = start(activity, {"job": 7})
    task = sfn.get_activity_task(activityArn=activity, workerName="worker-1")
    assert json.loads(task["input"]) == {"job": 7}
    assert task["taskToken"]
    sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"done": True}))
    description = wait_until_done(sfn, execution)
    assert description["status"] == "SUCCEEDED"
    assert json.loads(description["output"]) == {"done": True}
    events = history(sfn, execution)
    assert types_of(events)[2:5] == ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"]
    assert events[2]["activityScheduledEventDetails"]["resource"] == activity
    assert events[3]["activityStartedEventDetails"]["workerName"] == "worker-1"


def test_a_waiting_poll_receives_a_task_scheduled_later(sfn, activity, start):
    received: dict = {}
    poller = threading.Thread(
        target=lambda: received.update(sfn.get_activity_task(activityArn=activity)), daemon=True
    )
    poller.start()
    time.sleep(0.3)
    assert poller.is_alive()
    execution = start(activity, {"late": 1})
    poller.join(timeout=10)
    assert json.loads(received["input"]) == {"late": 1}
    sfn.send_task_success(taskToken=received["taskToken"], output="{}")
    assert wait_until_done(sfn, execution)["status"] == "SUCCEEDED"


def test_worker_failure_fails_the_execution_with_its_error(sfn, activity, start):
    execution = start(activity, {})
    token = sfn.get_activity_task(activityArn=activity)["taskToken"]
    sfn.send_task_failure(taskToken=token, error="Worker.Broke", cause="disk full")
    description = wait_until_done(sfn, execution)
    assert description["status"] == "FAILED"
    assert (description["error"], description["cause"]) == ("Worker.Broke", "disk full")
    assert "ActivityFailed" in types_of(history(sfn, execution))


def test_heartbeats_keep_the_task_alive_until_they_stop(sfn, activity, start):
    execution = start(activity, {}, HeartbeatSeconds=1)
    token = sfn.get_activity_task(activityArn=activity)["taskToken"]
    for _ in range(3):
        time.sleep(0.5)
        sfn.send_task_heartbeat(taskToken=token)
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    description = wait_until_done(sfn, execution, timeout=10)
    assert description["status"] == "FAILED"
    assert description["error"] == "States.Timeout"
    assert "ActivityTimedOut" in types_of(history(sfn, execution))
    with pytest.raises(ClientError) as error:
        sfn.send_task_success(taskToken=token, output="{}")
    assert error.value.response["Error"]["Code"] == "TaskTimedOut"


def test_a_task_no_worker_takes_times_out(sfn, activity, start):
    execution = start(activity, {}, TimeoutSeconds=1)
    description = wait_until_done(sfn, execution, timeout=10)
    assert description["status"] == "FAILED"
    assert description["error"] == "States.Timeout"


def test_unknown_and_malformed_activity_arns(sfn, activity):
    missing = activity + "-missing"
    with pytest.raises(ClientError) as error:
        sfn.get_activity_task(activityArn=missing)
    assert error.value.response["Error"]["Code"] == "ActivityDoesNotExist"
    assert error.value.response["Error"]["Message"] == f"Activity Does Not Exist: '{missing}'"
    with pytest.raises(ClientError) as error:
        sfn.get_activity_task(activityArn="bad")
    assert error.value.response["Error"]["Code"] == "InvalidArn"
    assert error.value.response["Error"]["Message"] == "Invalid Arn: 'Invalid ARN prefix: bad'"


def test_a_bad_task_token_is_refused(sfn):
    for call in (
        lambda: sfn.send_task_success(taskToken="nope", output="{}"),
        lambda: sfn.send_task_failure(taskToken="nope"),
        lambda: sfn.send_task_heartbeat(taskToken="nope"),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert error.value.response["Error"]["Code"] == "InvalidToken"


def test_deleting_the_activity_ends_waiting_polls_and_it_is_gone(sfn, unique_name):
    arn = sfn.create_activity(name=unique_name("act"))["activityArn"]
    answers: list = []
    poller = threading.Thread(
        target=lambda: answers.append(sfn.get_activity_task(activityArn=arn)), daemon=True
    )
    poller.start()
    time.sleep(0.3)
    sfn.delete_activity(activityArn=arn)
    poller.join(timeout=10)
    assert answers and "taskToken" not in answers[0]
    with pytest.raises(ClientError) as error:
        sfn.describe_activity(activityArn=arn)
    assert error.value.response["Error"]["Code"] == "ActivityDoesNotExist"
    assert error.value.response["Error"]["Message"] == f"Activity Does Not Exist: '{arn}'"
    # Deleting again is not an error.
    assert sfn.delete_activity(activityArn=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_creating_an_activity_twice_answers_the_same_activity(sfn, activity):
    name = activity.rsplit(":", 1)[1]
    first = sfn.describe_activity(activityArn=activity)
    again = sfn.create_activity(name=name, tags=[{"key": "other", "value": "ignored"}])
    assert again["activityArn"] == activity
    assert again["creationDate"] == first["creationDate"]
    assert sfn.list_tags_for_resource(resourceArn=activity)["tags"] == []


def test_a_stopped_execution_hands_no_task_to_workers(sfn, activity, start):
    stopped = start(activity, {"which": "stopped"})
    time.sleep(0.2)
    sfn.stop_execution(executionArn=stopped)
    assert sfn.describe_execution(executionArn=stopped)["status"] == "ABORTED"
    running = start(activity, {"which": "running"})
    task = sfn.get_activity_task(activityArn=activity)
    assert json.loads(task["input"]) == {"which": "running"}
    sfn.send_task_success(taskToken=task["taskToken"], output="{}")
    assert wait_until_done(sfn, running)["status"] == "SUCCEEDED"


def test_a_task_on_a_missing_activity_fails_the_execution(sfn, activity, start):
    sfn.delete_activity(activityArn=activity)
    execution = start(activity, {})
    description = wait_until_done(sfn, execution)
    assert description["status"] == "FAILED"
    assert description["error"] == "States.Runtime"
    assert description["cause"] == (
        "An error occurred while executing the state 'Work' (entered at the event id #2). "
        f"The activity {activity} does not exist."
    )
    assert types_of(history(sfn, execution)) == ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]


@pytest.mark.parametrize("kill", [False, True], ids=["stop", "kill"])
def test_activities_take_tasks_after_a_restart(tmp_path, kill):
    """With persistence on, a kept activity still hands out tasks of executions started after a restart."""
    from tests.persistent_server import PersistentServer

    server = PersistentServer(tmp_path, ["stepfunctions"]).start()
    try:
        sfn = server.client("stepfunctions")
        activity = sfn.create_activity(name="kept-activity")["activityArn"]
        definition = {"StartAt": "W", "States": {"W": {"Type": "Task", "Resource": activity, "End": True}}}
        machine = sfn.create_state_machine(name="kept", definition=json.dumps(definition), roleArn=ROLE)[
            "stateMachineArn"
        ]
        server.restart(kill=kill)
        sfn = server.client("stepfunctions")
        execution = sfn.start_execution(stateMachineArn=machine, input='{"after": "restart"}')["executionArn"]
        task = sfn.get_activity_task(activityArn=activity)
        assert json.loads(task["input"]) == {"after": "restart"}
        sfn.send_task_success(taskToken=task["taskToken"], output='{"ok": true}')
        assert wait_until_done(sfn, execution)["status"] == "SUCCEEDED"
    finally:
        server.stop()


def test_a_waiting_poll_does_not_hold_up_shutdown(tmp_path):
    from tests.persistent_server import PersistentServer

    server = PersistentServer(tmp_path, ["stepfunctions"]).start()
    try:
        sfn = server.client("stepfunctions", read_timeout=70)
        activity = sfn.create_activity(name="idle")["activityArn"]
        ended: list = []

        def poll() -> None:
            try:
                ended.append(sfn.get_activity_task(activityArn=activity))
            except Exception as error:  # the connection closes with the server
                ended.append(error)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        time.sleep(0.5)
        began = time.monotonic()
        server.stop()
        assert time.monotonic() - began < 15
        poller.join(timeout=10)
        assert ended
    finally:
        server.stop()

"""Definition checks (ValidateStateMachineDefinition's diagnostics) and activity queues, without sockets."""

from __future__ import annotations

import json
import pickle
import threading
import time

import pytest
from moto.stepfunctions.parser.backend.activity import ActivityTask

from localstack.services.stepfunctions import validation
from localstack.services.stepfunctions.activities import ActivityQueue

LAMBDA = "arn:aws:states:::lambda:invoke"


def found(definition: dict) -> list[tuple[str, str, str | None]]:
    return [(d.code, d.message, d.location) for d in validation.diagnose(json.dumps(definition))]


def test_every_transition_kind_is_checked_at_its_location():
    definition = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "Ghost1"}],
                "Default": "T",
            },
            "T": {
                "Type": "Task",
                "Resource": LAMBDA,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Ghost2"}],
                "End": True,
            },
        },
    }
    assert found(definition) == [
        ("MISSING_TRANSITION_TARGET", "Missing 'Next' target: Ghost1", "/States/C/Choices[0]/Next"),
        ("MISSING_TRANSITION_TARGET", "Missing 'Next' target: Ghost2", "/States/T/Catch[0]/Next"),
    ]


def test_map_processors_are_checked_and_may_loop():
    looping = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}},
    }
    definition = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": looping, "End": True}}}
    # Only the top level needs a terminal state.
    assert found(definition) == []
    looping["StartAt"] = "Nope"
    assert found(definition) == [
        ("MISSING_TRANSITION_TARGET", "Missing 'Next' target: Nope", "/States/M/ItemProcessor/StartAt"),
        ("MISSING_TRANSITION_TARGET", 'State "A" is not reachable.', "/States/M/ItemProcessor/States/A"),
        ("MISSING_TRANSITION_TARGET", 'State "B" is not reachable.', "/States/M/ItemProcessor/States/B"),
    ]


def test_fields_a_state_type_does_not_take_come_in_a_fixed_order():
    state = {
        "Type": "Pass",
        "End": True,
        "Retry": [{"ErrorEquals": ["States.ALL"]}],
        "TimeoutSeconds": 5,
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "X"}],
    }
    assert [message for _, message, _ in found({"StartAt": "X", "States": {"X": state}})] == [
        "Field 'TimeoutSeconds' is not supported",
        "Field 'Catch' is not supported",
        "Field 'Retry' is not supported",
    ]


def test_jsonata_fields_need_jsonata():
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {}, "End": True}},
    }
    assert found(definition) == [
        (
            "SCHEMA_VALIDATION_FAILED",
            "The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported "
            "for the 'JSONata' QueryLanguage",
            "/States/T",
        )
    ]
    definition["QueryLanguage"] = "JSONata"
    assert found(definition) == []


def test_what_the_interpreter_parser_refuses_fails_too():
    definition = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Bogus": 1, "End": True}}}
    [(code, _message, location)] = found(definition)
    assert (code, location) == ("SCHEMA_VALIDATION_FAILED", "/")


def test_the_create_message_names_the_first_error():
    [first] = validation.diagnose(" ")
    assert validation.invalid_definition_message(first) == (
        "Invalid State Machine Definition: "
        "'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object at null'"
    )


def test_a_poll_ends_empty_at_its_deadline():
    queue = ActivityQueue("arn:aws:states:us-east-1:000000000000:activity:a")
    started = time.monotonic()
    assert queue.take(time.monotonic() + 0.2) is None
    assert 0.15 < time.monotonic() - started < 2


def test_a_waiting_poll_takes_the_next_task_and_closing_wakes_the_rest():
    queue = ActivityQueue("arn:aws:states:us-east-1:000000000000:activity:a")
    taken: list = []
    pollers = [
        threading.Thread(target=lambda: taken.append(queue.take(time.monotonic() + 10))) for _ in range(2)
    ]
    for poller in pollers:
        poller.start()
    time.sleep(0.1)
    queue.add_task(ActivityTask(task_token="t1", task_input="{}"))
    time.sleep(0.1)
    queue.close()
    for poller in pollers:
        poller.join(timeout=5)
    assert sorted((task.task_token if task else "") for task in taken) == ["", "t1"]


@pytest.mark.parametrize("blank", ["", "  ", "\n"])
def test_a_blank_definition_is_not_an_object(blank):
    assert [(d.code, d.location) for d in validation.diagnose(blank)] == [("SCHEMA_VALIDATION_FAILED", None)]


def test_a_queue_is_kept_open_and_empty_across_a_snapshot():
    queue = ActivityQueue("arn:aws:states:us-east-1:000000000000:activity:a")
    queue.add_task(ActivityTask(task_token="t1", task_input="{}"))
    queue.close()
    restored = pickle.loads(pickle.dumps(queue))
    assert restored.arn == queue.arn
    started = time.monotonic()
    assert restored.take(time.monotonic() + 0.2) is None
    assert time.monotonic() - started >= 0.15

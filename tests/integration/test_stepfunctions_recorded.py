"""Step Functions answers replayed from AWS recordings (LocalStack's recorded snapshots of live AWS)."""

from __future__ import annotations

import json
import time

import pytest

from tests.integration.error_support import code_and_message
from tests.integration.test_stepfunctions import ROLE, wait_until_done
from tests.integration.test_stepfunctions_validation import diagnostic, validate


@pytest.fixture
def sfn(aws_client):
    return aws_client("stepfunctions")


PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
WAIT_FOR_TOKEN = {
    "StartAt": "SendMessageWithWait",
    "States": {
        "SendMessageWithWait": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.example/000000000000/q", "MessageBody.$": "$"},
            "End": True,
        }
    },
}


def fail(code: str, message: str, location: str | None = None) -> dict:
    return {"result": "FAIL", "diagnostics": [diagnostic(code, message, location)], "truncated": False}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{}", fail("SCHEMA_VALIDATION_FAILED", "These fields are required: [States, StartAt]", "/")),
        (
            json.dumps({"States": PASS["States"]}),
            fail("SCHEMA_VALIDATION_FAILED", "These fields are required: [StartAt]", "/"),
        ),
    ],
)
def test_validate_not_a_definition(sfn, text, expected):
    assert validate(sfn, text) == expected


def test_validate_express_refuses_wait_for_task_token(sfn):
    assert validate(sfn, WAIT_FOR_TOKEN, type="EXPRESS") == fail(
        "SCHEMA_VALIDATION_FAILED",
        "Express state machine does not support '.waitForTaskToken' service integration ",
        "/States/SendMessageWithWait/Resource",
    )
    assert validate(sfn, WAIT_FOR_TOKEN)["result"] == "OK"


@pytest.mark.parametrize("machine_type", ["STANDARD", "EXPRESS"])
def test_validate_query_language_downgrade(sfn, machine_type):
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Pass",
        "States": {"Pass": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}},
    }
    assert validate(sfn, definition, type=machine_type) == fail(
        "SCHEMA_VALIDATION_FAILED",
        "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
        "/States/Pass",
    )
    definition["States"]["Pass"]["QueryLanguage"] = "JSONata"
    definition["QueryLanguage"] = "JSONPath"
    assert validate(sfn, definition, type=machine_type)["result"] == "OK"


@pytest.fixture
def machine(sfn, unique_name):
    arn = sfn.create_state_machine(name=unique_name("sm"), definition=json.dumps(PASS), roleArn=ROLE)[
        "stateMachineArn"
    ]
    yield arn
    sfn.delete_state_machine(stateMachineArn=arn)


def test_tag_untag_and_list(sfn, machine):
    tags = [{"key": "key1", "value": "value1"}, {"key": "key2", "value": ""}]
    sfn.tag_resource(resourceArn=machine, tags=tags)
    sfn.untag_resource(resourceArn=machine, tagKeys=["key2", "absent"])
    assert sfn.list_tags_for_resource(resourceArn=machine)["tags"] == [{"key": "key1", "value": "value1"}]


def test_tagging_a_version_is_resource_not_found(sfn, machine):
    version = sfn.publish_state_machine_version(stateMachineArn=machine)["stateMachineVersionArn"]
    tags = [{"key": "key1", "value": "value1"}]
    assert code_and_message(sfn.tag_resource, resourceArn=version, tags=tags) == (
        "ResourceNotFound",
        f"Resource not found: '{version}'",
    )


def route(arn: str, weight: int) -> dict:
    return {"stateMachineVersionArn": arn, "weight": weight}


@pytest.fixture
def versions(sfn, machine):
    published = []
    for number in range(3):
        sfn.update_state_machine(
            stateMachineArn=machine, definition=json.dumps({**PASS, "Comment": str(number)})
        )
        published.append(sfn.publish_state_machine_version(stateMachineArn=machine)["stateMachineVersionArn"])
    yield published
    for alias in sfn.list_state_machine_aliases(stateMachineArn=machine)["stateMachineAliases"]:
        sfn.delete_state_machine_alias(stateMachineAliasArn=alias["stateMachineAliasArn"])


def create_alias(sfn, routes: list[dict], name: str = "state_machine_alias_name", **extra) -> tuple[str, str]:
    return code_and_message(sfn.create_state_machine_alias, name=name, routingConfiguration=routes, **extra)


def test_alias_routing_configuration_errors(sfn, machine, versions):
    one, two, three = versions
    assert create_alias(sfn, [route(machine, 100)]) == (
        "ValidationException",
        f"Routing configuration must contain state machine version ARNs. Received: [{machine}]",
    )
    assert create_alias(sfn, [route(one, 50), route(one, 50)]) == (
        "ValidationException",
        f"Routing configuration must contain distinct state machine version ARNs. Received: [{one}, {one}]",
    )
    assert create_alias(sfn, [route(machine, 50), route(two, 50)]) == (
        "ValidationException",
        f"Routing configuration must contain state machine version ARNs. Received: [{machine}, {two}]",
    )
    assert create_alias(sfn, [route(one, 70), route(two, 29)]) == (
        "ValidationException",
        "Sum of routing configuration weights must equal 100. Received: [70, 29]",
    )
    assert create_alias(sfn, [route(one, 70), route(two, 31)]) == (
        "ValidationException",
        "Sum of routing configuration weights must equal 100. Received: [70, 31]",
    )
    assert create_alias(sfn, [route(one, 101)]) == (
        "ValidationException",
        "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to "
        "satisfy constraint: Member must have value less than or equal to 100",
    )
    too_many = [route(one, 50), route(two, 30), route(three, 20)]
    listed = ", ".join(
        f"RoutingConfigurationListItem(stateMachineVersionArn={arn}, weight={weight})"
        for arn, weight in ((one, 50), (two, 30), (three, 20))
    )
    assert create_alias(sfn, too_many) == (
        "ValidationException",
        f"1 validation error detected: Value '[{listed}]' at 'routingConfiguration' failed to satisfy "
        "constraint: Member must have length less than or equal to 2",
    )


@pytest.mark.parametrize("name", ["123", "INVALID ALIAS", "!INVALID", "ALIAS@"])
def test_alias_name_pattern(sfn, versions, name):
    assert create_alias(sfn, [route(versions[0], 100)], name=name) == (
        "ValidationException",
        f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$",
    )


def test_alias_name_length(sfn, versions):
    name = "A" * 81
    assert create_alias(sfn, [route(versions[0], 100)], name=name) == (
        "ValidationException",
        f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must "
        "have length less than or equal to 80",
    )


def test_alias_create_is_idempotent_only_for_the_same_request(sfn, machine, versions):
    routes = [route(versions[0], 100)]
    first = sfn.create_state_machine_alias(name="state_machine_alias_name", routingConfiguration=routes)
    again = sfn.create_state_machine_alias(name="state_machine_alias_name", routingConfiguration=routes)
    assert (
        again["stateMachineAliasArn"]
        == first["stateMachineAliasArn"]
        == f"{machine}:state_machine_alias_name"
    )
    conflict = (
        "ConflictException",
        "Failed to create alias because an alias with the same name and a different routing configuration "
        "already exists.",
    )
    assert create_alias(sfn, routes, description="other") == conflict
    assert create_alias(sfn, [route(versions[1], 100)]) == conflict


def test_deleting_a_version_an_alias_routes_to_names_the_alias(sfn, versions):
    sfn.create_state_machine_alias(
        name="state_machine_alias_name", routingConfiguration=[route(versions[1], 100)]
    )
    assert code_and_message(sfn.delete_state_machine_version, stateMachineVersionArn=versions[1]) == (
        "ConflictException",
        "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this "
        "version: [state_machine_alias_name]",
    )


def test_missing_alias_delete_is_quiet_and_update_is_not_found(sfn, machine, versions):
    missing = f"{machine}:no_such_alias"
    sfn.delete_state_machine_alias(stateMachineAliasArn=missing)
    assert code_and_message(
        sfn.update_state_machine_alias, stateMachineAliasArn=missing, description="d"
    ) == (
        "ResourceNotFound",
        "Request references a resource that does not exist.",
    )


def test_execution_through_an_alias_and_a_version(sfn, machine, versions):
    alias = sfn.create_state_machine_alias(
        name="state_machine_alias_name", routingConfiguration=[route(versions[0], 100)]
    )["stateMachineAliasArn"]
    through_alias = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    through_version = sfn.start_execution(stateMachineArn=versions[0])["executionArn"]
    by_alias = wait_until_done(sfn, through_alias)
    by_version = wait_until_done(sfn, through_version)
    redrive = {
        "redriveCount": 0,
        "redriveStatus": "NOT_REDRIVABLE",
        "redriveStatusReason": "Execution is SUCCEEDED and cannot be redriven",
    }
    for description in (by_alias, by_version):
        assert description["status"] == "SUCCEEDED"
        assert description["stateMachineArn"] == machine
        assert description["stateMachineVersionArn"] == versions[0]
        assert {key: description.get(key) for key in redrive} == redrive
    assert by_alias["stateMachineAliasArn"] == alias
    assert "stateMachineAliasArn" not in by_version
    listed = {
        item["executionArn"]: item for item in sfn.list_executions(stateMachineArn=machine)["executions"]
    }
    assert listed[through_alias]["stateMachineAliasArn"] == alias
    assert listed[through_alias]["stateMachineVersionArn"] == versions[0]
    assert listed[through_version]["stateMachineVersionArn"] == versions[0]
    assert "stateMachineAliasArn" not in listed[through_version]


def test_deleting_a_machine_with_an_alias(sfn, unique_name):
    arn = sfn.create_state_machine(
        name=unique_name("sm"), definition=json.dumps(PASS), roleArn=ROLE, publish=True
    )["stateMachineArn"]
    sfn.create_state_machine_alias(name="a", routingConfiguration=[route(f"{arn}:1", 100)])
    sfn.delete_state_machine(stateMachineArn=arn)


def test_version_description_needs_publish(sfn, unique_name):
    assert code_and_message(
        sfn.create_state_machine,
        name=unique_name("sm"),
        definition=json.dumps(PASS),
        roleArn=ROLE,
        versionDescription="HelloWorld!",
    ) == ("ValidationException", "Version description can only be set when publish is true")


def test_describe_a_published_version(sfn, unique_name):
    created = sfn.create_state_machine(
        name=unique_name("sm"),
        definition=json.dumps(PASS),
        roleArn=ROLE,
        publish=True,
        versionDescription="Hi",
    )
    arn, version = created["stateMachineArn"], created["stateMachineVersionArn"]
    try:
        assert version == f"{arn}:1"
        described = sfn.describe_state_machine(stateMachineArn=version)
        assert described["stateMachineArn"] == version
        assert described["description"] == "Hi"
        assert described["status"] == "ACTIVE"
        assert described["type"] == "STANDARD"
        assert described["loggingConfiguration"] == {"includeExecutionData": False, "level": "OFF"}
        assert "description" not in sfn.describe_state_machine(stateMachineArn=arn)
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)


def test_publish_against_an_old_revision_conflicts(sfn, machine):
    first = sfn.update_state_machine(
        stateMachineArn=machine, definition=json.dumps({**PASS, "Comment": "R1"})
    )
    second = sfn.update_state_machine(
        stateMachineArn=machine, definition=json.dumps({**PASS, "Comment": "R2"})
    )
    assert first["revisionId"] != second["revisionId"]
    version = sfn.publish_state_machine_version(stateMachineArn=machine, revisionId=second["revisionId"])
    assert (
        sfn.describe_state_machine(stateMachineArn=version["stateMachineVersionArn"])["revisionId"]
        == (second["revisionId"])
    )
    assert code_and_message(
        sfn.publish_state_machine_version, stateMachineArn=machine, revisionId=first["revisionId"]
    ) == (
        "ConflictException",
        f"Failed to publish the State Machine version for revision {first['revisionId']}. "
        f"The current State Machine revision is {second['revisionId']}.",
    )


def test_listing_a_version_lists_its_executions_only(sfn, unique_name):
    created = sfn.create_state_machine(
        name=unique_name("sm"), definition=json.dumps(PASS), roleArn=ROLE, publish=True
    )
    arn, version = created["stateMachineArn"], created["stateMachineVersionArn"]
    try:
        plain = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        versioned = sfn.start_execution(stateMachineArn=version)["executionArn"]
        wait_until_done(sfn, plain)
        wait_until_done(sfn, versioned)
        listed = sfn.list_executions(stateMachineArn=version)["executions"]
        assert [item["executionArn"] for item in listed] == [versioned]
        assert listed[0]["stateMachineArn"] == arn
        assert listed[0]["stateMachineVersionArn"] == version
        everything = sfn.list_executions(stateMachineArn=arn)["executions"]
        assert {item["executionArn"] for item in everything} == {plain, versioned}
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)


def test_an_unchanged_update_publishes_no_new_version(sfn, machine):
    first = sfn.update_state_machine(stateMachineArn=machine, definition=json.dumps(PASS), publish=True)
    again = sfn.update_state_machine(stateMachineArn=machine, definition=json.dumps(PASS), publish=True)
    assert first["stateMachineVersionArn"] == again["stateMachineVersionArn"] == f"{machine}:1"
    assert "revisionId" not in first and "revisionId" not in again
    changed = sfn.update_state_machine(
        stateMachineArn=machine, definition=json.dumps({**PASS, "Comment": "R2"}), publish=True
    )
    assert changed["stateMachineVersionArn"] == f"{machine}:2"
    assert changed["revisionId"]


def test_version_numbers_are_not_reused(sfn, machine):
    one = sfn.publish_state_machine_version(stateMachineArn=machine)["stateMachineVersionArn"]
    sfn.update_state_machine(stateMachineArn=machine, definition=json.dumps({**PASS, "Comment": "R2"}))
    two = sfn.publish_state_machine_version(stateMachineArn=machine)["stateMachineVersionArn"]
    sfn.delete_state_machine_version(stateMachineVersionArn=two)
    sfn.update_state_machine(stateMachineArn=machine, definition=json.dumps({**PASS, "Comment": "R3"}))
    three = sfn.publish_state_machine_version(stateMachineArn=machine)["stateMachineVersionArn"]
    assert (one, two, three) == (f"{machine}:1", f"{machine}:2", f"{machine}:3")


def test_describe_state_machine_for_an_execution_of_a_version(sfn, machine):
    changed = {**PASS, "Comment": "R2"}
    update = sfn.update_state_machine(stateMachineArn=machine, definition=json.dumps(changed), publish=True)
    execution = sfn.start_execution(stateMachineArn=update["stateMachineVersionArn"])["executionArn"]
    described = sfn.describe_state_machine_for_execution(executionArn=execution)
    described.pop("ResponseMetadata")
    assert json.loads(described.pop("definition")) == changed
    assert described.pop("updateDate")
    assert described == {
        "loggingConfiguration": {"includeExecutionData": False, "level": "OFF"},
        "name": machine.rsplit(":", 1)[1],
        "revisionId": update["revisionId"],
        "roleArn": ROLE,
        "stateMachineArn": machine,
        "tracingConfiguration": {"enabled": False},
    }


def test_create_without_states_is_invalid_definition(sfn, unique_name):
    assert code_and_message(
        sfn.create_state_machine,
        name=unique_name("sm"),
        definition=json.dumps({"StartAt": "P"}),
        roleArn=ROLE,
    ) == (
        "InvalidDefinition",
        "Invalid State Machine Definition: "
        "'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "not json",
            "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', "
            "'true' or 'false')",
        ),
        ("{'a': 1}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name"),
        ("", "Invalid execution input."),
    ],
)
def test_invalid_execution_input(sfn, machine, text, message):
    assert code_and_message(sfn.start_execution, stateMachineArn=machine, input=text) == (
        "InvalidExecutionInput",
        f"Invalid State Machine Execution Input: '{message}'",
    )


@pytest.mark.parametrize("text", ["2", '"hello"', "null"])
def test_any_json_value_is_execution_input(sfn, machine, text):
    started = sfn.start_execution(stateMachineArn=machine, input=text)
    assert wait_until_done(sfn, started["executionArn"])["status"] == "SUCCEEDED"


def test_each_update_is_a_new_revision(sfn, machine):
    assert "revisionId" not in sfn.describe_state_machine(stateMachineArn=machine)
    first = sfn.update_state_machine(stateMachineArn=machine, roleArn=f"{ROLE}-t1")["revisionId"]
    described = sfn.describe_state_machine(stateMachineArn=machine)
    assert (described["revisionId"], described["roleArn"]) == (first, f"{ROLE}-t1")
    changed = {**PASS, "Comment": "AfterUpdate2"}
    second = sfn.update_state_machine(stateMachineArn=machine, definition=json.dumps(changed), roleArn=ROLE)
    assert second["revisionId"] != first
    assert sfn.describe_state_machine(stateMachineArn=machine)["revisionId"] == second["revisionId"]


def test_describe_a_succeeded_execution_and_filter_by_status(sfn, machine):
    assert sfn.list_executions(stateMachineArn=machine)["executions"] == []
    arn = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    described = wait_until_done(sfn, arn)
    described.pop("ResponseMetadata")
    for key in ("startDate", "stopDate"):
        assert described.pop(key)
    assert described == {
        "executionArn": arn,
        "input": "{}",
        "inputDetails": {"included": True},
        "name": arn.rsplit(":", 1)[1],
        "output": "{}",
        "outputDetails": {"included": True},
        "redriveCount": 0,
        "redriveStatus": "NOT_REDRIVABLE",
        "redriveStatusReason": "Execution is SUCCEEDED and cannot be redriven",
        "stateMachineArn": machine,
        "status": "SUCCEEDED",
    }
    succeeded = sfn.list_executions(stateMachineArn=machine, statusFilter="SUCCEEDED")["executions"]
    assert [(item["executionArn"], item["redriveCount"]) for item in succeeded] == [(arn, 0)]
    assert sfn.list_executions(stateMachineArn=machine, statusFilter="RUNNING")["executions"] == []
    assert code_and_message(sfn.list_executions, stateMachineArn=machine, statusFilter="succeeded") == (
        "ValidationException",
        "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: "
        "Member must satisfy enum value set: "
        "[SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
    )
    forward = sfn.get_execution_history(executionArn=arn)["events"]
    backward = sfn.get_execution_history(executionArn=arn, reverseOrder=True)["events"]
    assert [event["id"] for event in forward] == [1, 2, 3, 4]
    assert backward == forward[::-1]


@pytest.mark.parametrize(
    ("operation", "parameter"),
    [
        ("describe_state_machine", "stateMachineArn"),
        ("list_executions", "stateMachineArn"),
        ("describe_execution", "executionArn"),
        ("get_execution_history", "executionArn"),
    ],
)
def test_an_arn_without_the_prefix(sfn, operation, parameter):
    assert code_and_message(getattr(sfn, operation), **{parameter: "not_a_valid_arn"}) == (
        "InvalidArn",
        "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'",
    )


def test_listing_limits(sfn, machine):
    too_many = (
        "ValidationException",
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 1000",
    )
    assert code_and_message(sfn.list_state_machines, maxResults=1001) == too_many
    assert code_and_message(sfn.list_executions, stateMachineArn=machine, maxResults=1001) == too_many
    token = "t" * 1025
    assert code_and_message(sfn.list_state_machines, nextToken=token) == (
        "ValidationException",
        f"1 validation error detected: Value '{token}' at 'nextToken' failed to satisfy constraint: "
        "Member must have length less than or equal to 1024",
    )
    token = "t" * 3097
    assert code_and_message(sfn.list_executions, stateMachineArn=machine, nextToken=token) == (
        "ValidationException",
        f"1 validation error detected: Value '{token}' at 'nextToken' failed to satisfy constraint: "
        "Member must have length less than or equal to 3096",
    )


def test_paging_a_version_s_executions(sfn, unique_name):
    created = sfn.create_state_machine(
        name=unique_name("sm"), definition=json.dumps(PASS), roleArn=ROLE, publish=True
    )
    arn, version = created["stateMachineArn"], created["stateMachineVersionArn"]
    try:
        started = [sfn.start_execution(stateMachineArn=version)["executionArn"] for _ in range(13)]
        for execution in started:
            wait_until_done(sfn, execution)
        first = sfn.list_executions(stateMachineArn=version, maxResults=10)
        second = sfn.list_executions(stateMachineArn=version, maxResults=10, nextToken=first["nextToken"])
        assert "nextToken" not in second
        listed = first["executions"] + second["executions"]
        assert [item["executionArn"] for item in listed] == started[::-1]
        assert {item["stateMachineVersionArn"] for item in listed} == {version}
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)


def _intrinsic(sfn, machines_of, expression: str, execution_input: dict) -> dict:
    definition = {
        "StartAt": "State_0",
        "States": {"State_0": {"Type": "Pass", "Parameters": {"FunctionResult.$": expression}, "End": True}},
    }
    arn = machines_of(definition)
    started = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"FunctionInput": execution_input}))
    return wait_until_done(sfn, started["executionArn"])


@pytest.fixture
def machines_of(sfn, unique_name):
    created: list[str] = []

    def create(definition: dict) -> str:
        arn = sfn.create_state_machine(
            name=unique_name("sm"), definition=json.dumps(definition), roleArn=ROLE
        )["stateMachineArn"]
        created.append(arn)
        return arn

    yield create
    for arn in created:
        sfn.delete_state_machine(stateMachineArn=arn)


@pytest.mark.parametrize(
    ("first", "second", "total"),
    [(-9, 3, -6), (1.49, 1.5, 3), (1.5, 1.51, 4), (-1.49, -1.5, -2), (-1.5, -1.51, -3)],
)
def test_math_add_rounds_its_arguments(sfn, machines_of, first, second, total):
    described = _intrinsic(
        sfn,
        machines_of,
        "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)",
        {"fst": first, "snd": second},
    )
    assert json.loads(described["output"]) == {"FunctionResult": total}


def _task(resource: str) -> dict:
    return {"Type": "Task", "Resource": resource, "End": True}


@pytest.mark.parametrize(
    ("state", "resource", "sentence"),
    [
        (
            "Publish",
            "arn:aws:states:::sns:publish.waitForTaskToken",
            "Express state machine does not support '.waitForTaskToken' service integration ",
        ),
        (
            "StartExecution",
            "arn:aws:states:::states:startExecution.sync",
            "Express state machine does not support '.sync' service integration",
        ),
        (
            "ActivityTask",
            "arn:aws:states:us-east-1:000000000000:activity:some-activity",
            "Express state machine does not support Activity ARN",
        ),
    ],
)
def test_express_machines_refuse_callbacks_and_activities(sfn, unique_name, state, resource, sentence):
    definition = {"StartAt": state, "States": {state: _task(resource)}}
    assert code_and_message(
        sfn.create_state_machine,
        name=unique_name("sm"),
        definition=json.dumps(definition),
        roleArn=ROLE,
        type="EXPRESS",
    ) == (
        "InvalidDefinition",
        "Invalid State Machine Definition: "
        f"'SCHEMA_VALIDATION_FAILED: {sentence} at /States/{state}/Resource'",
    )


def test_stopping_a_waiting_execution(sfn, machines_of):
    definition = {"StartAt": "State_1", "States": {"State_1": {"Type": "Wait", "Seconds": 60, "End": True}}}
    arn = sfn.start_execution(stateMachineArn=machines_of(definition))["executionArn"]
    for _ in range(100):
        if len(sfn.get_execution_history(executionArn=arn)["events"]) >= 2:
            break
        time.sleep(0.05)
    assert "stopDate" in sfn.stop_execution(executionArn=arn)
    events = sfn.get_execution_history(executionArn=arn)["events"]
    assert [(event["id"], event["previousEventId"], event["type"]) for event in events] == [
        (1, 0, "ExecutionStarted"),
        (2, 0, "WaitStateEntered"),
        (3, 0, "ExecutionAborted"),
    ]
    assert events[2]["executionAbortedEventDetails"] == {}
    assert sfn.describe_execution(executionArn=arn)["status"] == "ABORTED"


def test_express_executions_are_not_listed(sfn, unique_name):
    arn = sfn.create_state_machine(
        name=unique_name("sm"), definition=json.dumps(PASS), roleArn=ROLE, type="EXPRESS"
    )["stateMachineArn"]
    try:
        assert code_and_message(sfn.list_executions, stateMachineArn=arn) == (
            "StateMachineTypeNotSupported",
            "This operation is not supported by this type of state machine",
        )
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)


@pytest.fixture
def log_group_arn(aws_client, unique_name):
    logs = aws_client("logs")
    name = unique_name("sfn-logs")
    logs.create_log_group(logGroupName=name)
    yield f"arn:aws:logs:us-east-1:000000000000:log-group:{name}:*"
    logs.delete_log_group(logGroupName=name)


def _destination(arn: str) -> dict:
    return {"cloudWatchLogsLogGroup": {"logGroupArn": arn}}


@pytest.mark.parametrize("level", ["ALL", "FATAL", "ERROR", "OFF"])
@pytest.mark.parametrize("include", [False, True])
def test_logging_configuration_is_described_back(sfn, unique_name, log_group_arn, level, include):
    logging = {"level": level, "includeExecutionData": include, "destinations": [_destination(log_group_arn)]}
    arn = sfn.create_state_machine(
        name=unique_name("sm"), definition=json.dumps(PASS), roleArn=ROLE, loggingConfiguration=logging
    )["stateMachineArn"]
    try:
        assert sfn.describe_state_machine(stateMachineArn=arn)["loggingConfiguration"] == logging
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)


def test_invalid_logging_configurations(sfn, unique_name, log_group_arn):
    one = "Invalid Logging Configuration: Must specify exactly one Log Destination."

    def create(logging: dict) -> tuple[str, str]:
        return code_and_message(
            sfn.create_state_machine,
            name=unique_name("sm"),
            definition=json.dumps(PASS),
            roleArn=ROLE,
            loggingConfiguration=logging,
        )

    assert create({"level": "ALL"}) == ("InvalidLoggingConfiguration", one)
    assert create({"level": "ERROR", "destinations": []}) == ("InvalidLoggingConfiguration", one)
    two = [_destination(log_group_arn), _destination(log_group_arn)]
    assert create({"level": "ALL", "destinations": two}) == ("InvalidLoggingConfiguration", one)
    missing = log_group_arn.replace("sfn-logs", "gone-logs")
    assert create({"level": "ALL", "destinations": [_destination(missing)]}) == (
        "InvalidLoggingConfiguration",
        "Invalid Logging Configuration: Log Destination not found.",
    )


def test_updating_the_logging_configuration(sfn, machine, log_group_arn):
    logging = {"level": "ALL", "includeExecutionData": True, "destinations": [_destination(log_group_arn)]}
    first = sfn.update_state_machine(stateMachineArn=machine, loggingConfiguration=logging)["revisionId"]
    quieter = {**logging, "level": "FATAL"}
    second = sfn.update_state_machine(stateMachineArn=machine, loggingConfiguration=quieter)["revisionId"]
    assert first != second
    described = sfn.describe_state_machine(stateMachineArn=machine)
    assert (described["loggingConfiguration"], described["revisionId"]) == (quieter, second)
    two = {**logging, "destinations": [_destination(log_group_arn)] * 2}
    assert code_and_message(sfn.update_state_machine, stateMachineArn=machine, loggingConfiguration=two) == (
        "InvalidLoggingConfiguration",
        "Invalid Logging Configuration: Must specify exactly one Log Destination.",
    )

"""CloudFormation's answers as recorded against AWS (LocalStack's `tests/aws/services/cloudformation/api`
snapshots): error codes, messages and fields of stack, change set and template calls."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.integration import cfn_helpers
from tests.integration.error_support import bad_request, client_error

TOPIC = {"Foo": {"Type": "AWS::SNS::Topic"}}
NULL_VALUE = "[/Outputs/MyOutput/Value] 'null' values are not allowed in templates"
NO_TYPE = "Template format error: [/Resources/A] Every Resources object must contain a Type member."


@pytest.fixture
def cf(aws_client: Any) -> Any:
    return aws_client("cloudformation")


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        ({"MyOutput": {"Value": None}}, NULL_VALUE),
        (
            {"MyOutput": {"Value": None, "AnotherValue": None}},
            NULL_VALUE,
        ),
        ({"MyOutput": {}}, "Template format error: Every Outputs member must contain a Value object"),
    ],
    ids=["none-value", "missing-def", "multiple-nones"],
)
def test_invalid_output_structure(cf: Any, unique_name: Any, outputs: dict, message: str) -> None:
    template = json.dumps({"Resources": TOPIC, "Outputs": outputs})
    assert bad_request(cf.create_stack, StackName=unique_name("st"), TemplateBody=template) == (
        "ValidationError",
        message,
    )


def test_missing_resources_block(cf: Any, unique_name: Any) -> None:
    assert bad_request(cf.create_stack, StackName=unique_name("st"), TemplateBody="{}") == (
        "ValidationError",
        "Template format error: At least one Resources member must be defined.",
    )


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        ({"Properties": {}}, NO_TYPE),
        ({"Type": "AWS::SNS::Topic", "Invalid": 10}, "Invalid template resource property 'Invalid'"),
        ("AWS::SNS::Topic", "Template format error: Any Resources member must be an object."),
    ],
    ids=["missing-type", "invalid-key", "not-an-object"],
)
def test_resources_blocks(cf: Any, unique_name: Any, resource: Any, message: str) -> None:
    template = json.dumps({"Resources": {"A": resource}})
    assert bad_request(cf.create_stack, StackName=unique_name("st"), TemplateBody=template) == (
        "ValidationError",
        message,
    )


def test_stack_name_pattern(cf: Any) -> None:
    name = "*@da591fa3_$"
    assert bad_request(cf.create_stack, StackName=name, TemplateBody=json.dumps({"Resources": TOPIC})) == (
        "ValidationError",
        f"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
    )


PARAM = json.dumps(
    {
        "Resources": {
            "SimpleParam": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v"}}
        }
    }
)


NO_CHANGES = (
    "The submitted information didn't contain changes. Submit different information to create a change set."
)


def _change_set_status(cf: Any, change_set_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        described = cf.describe_change_set(ChangeSetName=change_set_id)
        if not described["Status"].endswith("_PENDING") and not described["Status"].endswith("_IN_PROGRESS"):
            return described
        assert time.monotonic() < deadline, described["Status"]
        time.sleep(0.2)


def _create_via_change_set(cf: Any, cleanup: list, stack: str) -> str:
    created = cf.create_change_set(
        StackName=stack, ChangeSetName="first", TemplateBody=PARAM, ChangeSetType="CREATE"
    )
    cleanup.append(lambda: cf.delete_stack(StackName=created["StackId"]))
    _change_set_status(cf, created["Id"])
    cf.execute_change_set(ChangeSetName=created["Id"])
    cfn_helpers.wait(cf, created["StackId"])
    return created["StackId"]


def test_empty_change_set_fails_and_cannot_be_executed(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    stack_id = _create_via_change_set(cf, cleanup, stack)
    nochange = cf.create_change_set(StackName=stack, ChangeSetName="again", TemplateBody=PARAM)
    assert nochange["StackId"] == stack_id
    described = _change_set_status(cf, nochange["Id"])
    assert (described["Status"], described["ExecutionStatus"], described["Changes"]) == (
        "FAILED",
        "UNAVAILABLE",
        [],
    )
    assert described["StatusReason"] == NO_CHANGES
    assert bad_request(cf.execute_change_set, ChangeSetName=nochange["Id"]) == (
        "InvalidChangeSetStatus",
        f"ChangeSet [{nochange['Id']}] cannot be executed in its current status of [FAILED]",
    )


def test_deleted_change_set_is_not_found(cf: Any, unique_name: Any, cleanup: list) -> None:
    created = cf.create_change_set(
        StackName=unique_name("st"), ChangeSetName="cs", TemplateBody=PARAM, ChangeSetType="CREATE"
    )
    cleanup.append(lambda: cf.delete_stack(StackName=created["StackId"]))
    _change_set_status(cf, created["Id"])
    cf.delete_change_set(ChangeSetName=created["Id"])
    status, code, message = client_error(cf.describe_change_set, ChangeSetName=created["Id"])
    assert (status, code, message) == (
        404,
        "ChangeSetNotFound",
        f"ChangeSet [{created['Id']}] does not exist",
    )


def test_change_set_of_missing_stack(cf: Any) -> None:
    assert bad_request(cf.describe_change_set, StackName="somestack", ChangeSetName="doesnotexist") == (
        "ValidationError",
        "Stack [somestack] does not exist",
    )
    assert bad_request(cf.delete_change_set, StackName="nostack", ChangeSetName="cs") == (
        "ValidationError",
        "Stack [nostack] does not exist",
    )
    assert bad_request(cf.delete_change_set, ChangeSetName="cs") == (
        "ValidationError",
        "StackName must be specified if ChangeSetName is not specified as an ARN.",
    )


def test_create_change_set_for_existing_stack(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    stack_id = _create_via_change_set(cf, cleanup, stack)
    kwargs = {"TemplateBody": PARAM, "ChangeSetType": "CREATE", "ChangeSetName": "cs2"}
    assert bad_request(cf.create_change_set, StackName=stack, **kwargs) == (
        "ValidationError",
        f"Stack [{stack}] already exists and cannot be created again with the changeSet [cs2].",
    )
    cf.delete_stack(StackName=stack_id)
    cfn_helpers.wait(cf, stack_id)
    assert bad_request(cf.create_change_set, StackName=stack_id, **kwargs) == (
        "ValidationError",
        f"Stack [{stack_id}] already exists and cannot be created again with the changeSet [cs2].",
    )


def test_create_stack_while_in_review(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    created = cf.create_change_set(
        StackName=stack, ChangeSetName="cs", TemplateBody=PARAM, ChangeSetType="CREATE"
    )
    cleanup.append(lambda: cf.delete_stack(StackName=created["StackId"]))
    _change_set_status(cf, created["Id"])
    review = cf.describe_stacks(StackName=stack)["Stacks"][0]
    assert (review["StackStatus"], review["StackStatusReason"]) == ("REVIEW_IN_PROGRESS", "User Initiated")
    second = cf.create_change_set(
        StackName=stack, ChangeSetName="cs2", TemplateBody=PARAM, ChangeSetType="CREATE"
    )
    assert second["StackId"] == created["StackId"]
    assert cf.create_stack(StackName=stack, TemplateBody=PARAM)["StackId"] == created["StackId"]
    assert cfn_helpers.wait(cf, stack)["StackStatus"] == "CREATE_COMPLETE"
    described = cf.describe_change_set(ChangeSetName=created["Id"])
    assert (described["Status"], described["ExecutionStatus"]) == ("CREATE_COMPLETE", "OBSOLETE")


def test_stack_name_conflicts(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    first = cfn_helpers.deploy(cf, cleanup, stack, PARAM)
    assert bad_request(cf.create_stack, StackName=stack, TemplateBody=PARAM) == (
        "AlreadyExistsException",
        f"Stack [{stack}] already exists",
    )
    cfn_helpers.delete(cf, stack)
    assert bad_request(cf.describe_stacks, StackName=stack) == (
        "ValidationError",
        f"Stack with id {stack} does not exist",
    )
    deleted = cf.describe_stacks(StackName=first["StackId"])["Stacks"][0]
    assert deleted["StackStatus"] == "DELETE_COMPLETE" and "DeletionTime" in deleted
    assert "EnableTerminationProtection" not in deleted
    second = cfn_helpers.deploy(cf, cleanup, stack, PARAM)
    assert second["StackId"] != first["StackId"]
    assert cf.describe_stacks(StackName=stack)["Stacks"][0]["StackId"] == second["StackId"]


def test_update_without_changes(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    cfn_helpers.deploy(cf, cleanup, stack, PARAM)
    assert bad_request(cf.update_stack, StackName=stack, TemplateBody=PARAM) == (
        "ValidationError",
        "No updates are to be performed.",
    )


def test_events_after_deployment(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    topic = unique_name("topic")
    template = {"Resources": {"topic123": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": topic}}}}
    created = cfn_helpers.deploy(cf, cleanup, stack, template)
    found = list(reversed(cf.describe_stack_events(StackName=stack)["StackEvents"]))
    rows = [
        (e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason"), e["PhysicalResourceId"])
        for e in found
    ]
    arn = f"arn:aws:sns:us-east-1:000000000000:{topic}"
    assert rows == [
        (stack, "CREATE_IN_PROGRESS", "User Initiated", created["StackId"]),
        ("topic123", "CREATE_IN_PROGRESS", None, ""),
        ("topic123", "CREATE_IN_PROGRESS", "Resource creation Initiated", arn),
        ("topic123", "CREATE_COMPLETE", None, arn),
        (stack, "CREATE_COMPLETE", None, created["StackId"]),
    ]
    for event in found:
        assert event["StackId"] == created["StackId"] and event["StackName"] == stack
    resource_events = [e for e in found if e["LogicalResourceId"] == "topic123"]
    assert all(json.loads(e["ResourceProperties"]) == {"TopicName": topic} for e in resource_events)
    assert all(e["ResourceType"] == "AWS::SNS::Topic" for e in resource_events)


def test_update_with_resource_types(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    cfn_helpers.deploy(cf, cleanup, stack, {"Resources": TOPIC})
    changed = json.dumps({"Resources": {**TOPIC, "Bar": {"Type": "AWS::SNS::Topic"}}})
    for allowed in ("AWS::EC2:*", "AWS::EC2::*"):
        assert bad_request(
            cf.update_stack, StackName=stack, TemplateBody=changed, ResourceTypes=[allowed]
        ) == (
            "ValidationError",
            f"Resource type AWS::SNS::Topic is not allowed by parameter ResourceTypes [{allowed}]",
        )
    cfn_helpers.update(cf, stack, changed, ResourceTypes=["AWS::SNS::Topic"])
    assert cf.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"


ALARM = "AWS::CloudWatch::Alarm"


def test_update_errors(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    cfn_helpers.deploy(cf, cleanup, stack, {"Resources": TOPIC})
    assert bad_request(cf.update_stack, StackName=stack) == (
        "ValidationError",
        "Either Template URL or Template Body must be specified.",
    )
    triggers = [
        ({"Arn": "abc123", "Type": "Another"}, "Rollback Trigger Type not supported"),
        (
            {
                "Arn": "arn:aws:cloudwatch:us-east-1:123456789012:example-name",
                "Type": "AWS::CloudWatch::Alarm",
            },
            "RelativeId of a Rollback Trigger's ARN is incorrect",
        ),
    ]
    for trigger, message in triggers:
        configuration = {"RollbackTriggers": [trigger]}
        assert bad_request(
            cf.update_stack, StackName=stack, UsePreviousTemplate=True, RollbackConfiguration=configuration
        ) == ("ValidationError", message)


def test_template_errors(cf: Any) -> None:
    assert bad_request(cf.validate_template, TemplateBody='{"this is invalid JSON"="bobbins"}') == (
        "ValidationError",
        "Template format error: JSON not well-formed. (line 1, column 25)",
    )
    assert bad_request(cf.get_template, StackName="does-not-exist") == (
        "ValidationError",
        "Stack with id does-not-exist does not exist",
    )
    assert bad_request(cf.get_template, ChangeSetName="does-not-exist") == (
        "ValidationError",
        "StackName is a required parameter.",
    )
    change_set_id = "arn:aws:cloudformation:us-east-1:000000000000:changeSet/change-set-926829fe/d065e78c"
    assert client_error(cf.get_template, ChangeSetName=change_set_id) == (
        404,
        "ChangeSetNotFound",
        f"ChangeSet [{change_set_id}] does not exist",
    )
    assert bad_request(cf.get_template_summary, TemplateBody=json.dumps({"Parameters": {}})) == (
        "ValidationError",
        "Template format error: At least one Resources member must be defined.",
    )


def test_template_summary_of_stack_in_review(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    created = cf.create_change_set(
        StackName=stack, ChangeSetName="cs", TemplateBody=PARAM, ChangeSetType="CREATE"
    )
    cleanup.append(lambda: cf.delete_stack(StackName=created["StackId"]))
    assert bad_request(cf.get_template_summary, StackName=stack) == (
        "ValidationError",
        "GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.",
    )


INVALID_POLICY = ("ValidationError", "Error validating stack policy: Invalid stack policy")


def test_stack_policy_errors(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    cfn_helpers.deploy(cf, cleanup, stack, {"Resources": TOPIC})
    allow = {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}
    cf.set_stack_policy(StackName=stack, StackPolicyBody=json.dumps(allow))
    assert json.loads(cf.get_stack_policy(StackName=stack)["StackPolicyBody"]) == allow
    assert bad_request(cf.set_stack_policy, StackName=stack, StackPolicyBody="abc123") == INVALID_POLICY
    for statement in (
        {"Effect": "Deny", "Action": "Update:*", "Principal": "abc123", "Resource": "*"},
        {"Effect": "Deny", "Action": "Delete:*", "Principal": "abc123", "Resource": "*"},
    ):
        body = json.dumps({"Statement": [statement]})
        assert bad_request(cf.set_stack_policy, StackName=stack, StackPolicyBody=body) == INVALID_POLICY
    url = "https://bucket.s3.amazonaws.com/policy.json"
    assert bad_request(
        cf.set_stack_policy, StackName=stack, StackPolicyBody=json.dumps(allow), StackPolicyURL=url
    ) == ("ValidationError", "You cannot specify both StackPolicyURL and StackPolicyBody")
    assert json.loads(cf.get_stack_policy(StackName=stack)["StackPolicyBody"]) == allow


def test_create_stack_with_policy(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    allow = {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}
    cfn_helpers.deploy(cf, cleanup, stack, {"Resources": TOPIC}, StackPolicyBody=json.dumps(allow))
    assert json.loads(cf.get_stack_policy(StackName=stack)["StackPolicyBody"]) == allow
    kwargs = {"TemplateBody": json.dumps({"Resources": TOPIC}), "StackPolicyBody": "abc123"}
    assert bad_request(cf.create_stack, StackName=unique_name("st"), **kwargs) == INVALID_POLICY


def test_stack_and_resource_shapes(cf: Any, unique_name: Any, cleanup: list) -> None:
    stack = unique_name("st")
    created = cfn_helpers.deploy(cf, cleanup, stack, {"Resources": TOPIC})
    expected = {
        "CreationTime",
        "DisableRollback",
        "DriftInformation",
        "EnableTerminationProtection",
        "NotificationARNs",
        "RollbackConfiguration",
        "StackId",
        "StackName",
        "StackStatus",
        "Tags",
    }
    assert expected <= set(created), expected - set(created)
    assert created["DriftInformation"] == {"StackDriftStatus": "NOT_CHECKED"}
    assert (created["RollbackConfiguration"], created["Tags"], created["NotificationARNs"]) == ({}, [], [])
    resources = cf.describe_stack_resources(StackName=stack)["StackResources"]
    assert set(resources[0]) == {
        "DriftInformation",
        "LogicalResourceId",
        "PhysicalResourceId",
        "ResourceStatus",
        "ResourceType",
        "StackId",
        "StackName",
        "Timestamp",
    }
    assert resources[0]["DriftInformation"] == {"StackResourceDriftStatus": "NOT_CHECKED"}


def test_describe_stack_events_errors(cf: Any) -> None:
    unchecked = boto3.client(
        "cloudformation",
        endpoint_url=cf.meta.endpoint_url,
        region_name=cf.meta.region_name,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(parameter_validation=False),
    )
    assert bad_request(unchecked.describe_stack_events) == (
        "ValidationError",
        "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: "
        "Member must not be null",
    )
    assert bad_request(cf.describe_stack_events, StackName="does-not-exist") == (
        "ValidationError",
        "Stack [does-not-exist] does not exist",
    )


def test_stack_deploy_order(cf: Any, unique_name: Any, cleanup: list) -> None:
    def parameter(value: Any) -> dict[str, Any]:
        return {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": value}}

    template = {
        "Resources": {"C": parameter({"Ref": "B"}), "B": parameter({"Ref": "A"}), "A": parameter("root")}
    }
    stack = unique_name("st")
    created = cfn_helpers.deploy(cf, cleanup, stack, template)
    cfn_helpers.delete(cf, created["StackId"])
    found = reversed(cf.describe_stack_events(StackName=created["StackId"])["StackEvents"])
    finished = [
        e
        for e in found
        if e["ResourceStatus"] in ("CREATE_COMPLETE", "DELETE_COMPLETE") and e["LogicalResourceId"] != stack
    ]
    order = [(e["LogicalResourceId"], e["ResourceStatus"]) for e in finished]
    assert order == [
        ("A", "CREATE_COMPLETE"),
        ("B", "CREATE_COMPLETE"),
        ("C", "CREATE_COMPLETE"),
        ("C", "DELETE_COMPLETE"),
        ("B", "DELETE_COMPLETE"),
        ("A", "DELETE_COMPLETE"),
    ]
    ids = {e["LogicalResourceId"]: e["PhysicalResourceId"] for e in finished}
    assert ids["A"].startswith("CFN-A-") and len(ids["A"]) == len("CFN-A-") + 12
    values = {e["LogicalResourceId"]: json.loads(e["ResourceProperties"])["Value"] for e in finished}
    assert values == {"A": "root", "B": ids["A"], "C": ids["B"]}


def test_template_summary(cf: Any) -> None:
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"topic123": TOPIC["Foo"]}}
    summary = cf.get_template_summary(TemplateBody=json.dumps(template))
    assert summary["Parameters"] == []
    assert summary["ResourceTypes"] == ["AWS::SNS::Topic"]
    assert summary["Version"] == "2010-09-09"
    assert summary["ResourceIdentifierSummaries"] == [
        {"LogicalResourceIds": ["topic123"], "ResourceType": "AWS::SNS::Topic"}
    ]


def test_describe_stack_resource_errors(cf: Any, unique_name: Any, cleanup: list) -> None:
    assert bad_request(
        cf.describe_stack_resource, StackName="not-a-valid-stack", LogicalResourceId="not-a-valid-resource"
    ) == ("ValidationError", "Stack 'not-a-valid-stack' does not exist")
    created = cfn_helpers.deploy(cf, cleanup, unique_name("st"), PARAM)
    stack_id = created["StackId"]
    assert bad_request(
        cf.describe_stack_resource, StackName=stack_id, LogicalResourceId="not-a-valid-resource"
    ) == ("ValidationError", f"Resource not-a-valid-resource does not exist for stack {stack_id}")


def test_invalid_logical_resource_id(cf: Any, unique_name: Any) -> None:
    resource = {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "Foo"}}
    template = json.dumps({"Resources": {"my-bad-resource-id": resource}})
    assert bad_request(
        cf.create_change_set,
        StackName=unique_name("st"),
        ChangeSetName="cs",
        ChangeSetType="CREATE",
        TemplateBody=template,
    ) == ("ValidationError", "Template format error: Resource name my-bad-resource-id is non alphanumeric.")

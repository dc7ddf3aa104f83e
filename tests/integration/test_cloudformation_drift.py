"""Drift detection: a stack whose resources still match the template is IN_SYNC; changing a queue's
attribute or a parameter's value through their own APIs makes them MODIFIED with the differing
property paths, deleting one makes it DELETED, and the stack DRIFTED; types we do not read are
NOT_CHECKED and left out of DescribeStackResourceDrifts."""

from __future__ import annotations

import json

import pytest

from tests.integration.cfn_helpers import deploy

TEMPLATE = {
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 45, "DelaySeconds": 0}},
        "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "blue"}},
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "alerts"}},
        "Meta": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2"}},
    }
}


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def _detect(cf, stack: str) -> dict:
    detection_id = cf.detect_stack_drift(StackName=stack)["StackDriftDetectionId"]
    status = cf.describe_stack_drift_detection_status(StackDriftDetectionId=detection_id)
    assert status["DetectionStatus"] == "DETECTION_COMPLETE"
    return status


def _physical(cf, stack: str) -> dict[str, str]:
    rows = cf.describe_stack_resources(StackName=stack)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in rows}


def test_drift_in_sync_then_modified_and_deleted(cf, aws_client, cleanup, unique_name):
    name = unique_name("drift")
    stack = deploy(cf, cleanup, name, TEMPLATE)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["DriftInformation"]["StackDriftStatus"] == "NOT_CHECKED"

    status = _detect(cf, name)
    assert status["StackDriftStatus"] == "IN_SYNC" and status["DriftedStackResourceCount"] == 0
    assert status["StackId"] == stack["StackId"]
    drifts = cf.describe_stack_resource_drifts(StackName=name)["StackResourceDrifts"]
    assert {d["LogicalResourceId"]: d["StackResourceDriftStatus"] for d in drifts} == {
        "Queue": "IN_SYNC",
        "Param": "IN_SYNC",
        "Topic": "IN_SYNC",
    }
    described = cf.describe_stacks(StackName=name)["Stacks"][0]["DriftInformation"]
    assert described["StackDriftStatus"] == "IN_SYNC" and "LastCheckTimestamp" in described

    physical = _physical(cf, name)
    aws_client("sqs").set_queue_attributes(QueueUrl=physical["Queue"], Attributes={"VisibilityTimeout": "60"})
    aws_client("ssm").put_parameter(Name=physical["Param"], Value="green", Type="String", Overwrite=True)
    aws_client("sns").delete_topic(TopicArn=physical["Topic"])

    status = _detect(cf, name)
    assert status["StackDriftStatus"] == "DRIFTED" and status["DriftedStackResourceCount"] == 3
    drifts = {
        d["LogicalResourceId"]: d
        for d in cf.describe_stack_resource_drifts(StackName=name)["StackResourceDrifts"]
    }
    queue = drifts["Queue"]
    assert queue["StackResourceDriftStatus"] == "MODIFIED"
    assert queue["PhysicalResourceId"] == physical["Queue"]
    assert queue["PropertyDifferences"] == [
        {
            "PropertyPath": "/VisibilityTimeout",
            "ExpectedValue": "45",
            "ActualValue": "60",
            "DifferenceType": "NOT_EQUAL",
        }
    ]
    assert json.loads(queue["ExpectedProperties"])["VisibilityTimeout"] == 45
    assert json.loads(queue["ActualProperties"])["VisibilityTimeout"] == 60
    assert drifts["Param"]["PropertyDifferences"][0]["PropertyPath"] == "/Value"
    assert drifts["Topic"]["StackResourceDriftStatus"] == "DELETED"

    modified = cf.describe_stack_resource_drifts(StackName=name, StackResourceDriftStatusFilters=["DELETED"])
    assert [d["LogicalResourceId"] for d in modified["StackResourceDrifts"]] == ["Topic"]
    summaries = {
        r["LogicalResourceId"]: r["DriftInformation"]["StackResourceDriftStatus"]
        for r in cf.list_stack_resources(StackName=name)["StackResourceSummaries"]
    }
    assert summaries == {"Queue": "MODIFIED", "Param": "MODIFIED", "Topic": "DELETED", "Meta": "NOT_CHECKED"}


def test_detect_one_resource_and_errors(cf, aws_client, cleanup, unique_name):
    name = unique_name("drift-one")
    deploy(cf, cleanup, name, TEMPLATE)
    result = cf.detect_stack_resource_drift(StackName=name, LogicalResourceId="Param")["StackResourceDrift"]
    assert result["StackResourceDriftStatus"] == "IN_SYNC"
    assert result["ResourceType"] == "AWS::SSM::Parameter"
    assert json.loads(result["ActualProperties"])["Value"] == "blue"

    with pytest.raises(cf.exceptions.ClientError) as error:
        cf.detect_stack_resource_drift(StackName=name, LogicalResourceId="Missing")
    assert error.value.response["Error"]["Code"] == "ValidationError"
    with pytest.raises(cf.exceptions.ClientError) as error:
        cf.detect_stack_drift(StackName="no-such-stack-drift")
    assert error.value.response["Error"]["Code"] == "ValidationError"

"""WaitConditionHandle and WaitCondition: signals PUT to the handle's pre-signed URL release the stack
(Count of them, the last per UniqueId counting, their Data in the Data attribute); a FAILURE signal or
the Timeout fails the wait condition and rolls the stack back."""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.integration.cfn_helpers import body, events, outputs, reasons, wait


def _template(count: int = 1, timeout: int = 60) -> dict:
    return {
        "Resources": {
            "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
            "Wait": {
                "Type": "AWS::CloudFormation::WaitCondition",
                "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": str(timeout), "Count": count},
            },
            "AfterWait": {"Type": "AWS::SQS::Queue", "DependsOn": "Wait"},
        },
        "Outputs": {
            "Data": {"Value": {"Fn::GetAtt": ["Wait", "Data"]}},
            "HandleUrl": {"Value": {"Ref": "Handle"}},
        },
    }


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def _start(cf, cleanup, name: str, template: dict) -> str:
    stack_id = cf.create_stack(StackName=name, TemplateBody=body(template))["StackId"]
    cleanup.append(lambda: cf.delete_stack(StackName=stack_id))
    return stack_id


def _handle_url(cf, stack_id: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        found = cf.describe_stack_resources(StackName=stack_id, LogicalResourceId="Handle")
        rows = found["StackResources"]
        if rows and rows[0]["ResourceStatus"] == "CREATE_COMPLETE":
            return rows[0]["PhysicalResourceId"]
        assert time.monotonic() < deadline, "the handle was not created"
        time.sleep(0.1)


def _signal(url: str, status: str, unique_id: str, data: str = "", reason: str = "") -> None:
    # As `curl -T` sends it: a bare PUT of the JSON document, no Content-Type.
    document = {"Status": status, "UniqueId": unique_id, "Data": data, "Reason": reason}
    response = requests.put(url, data=json.dumps(document).encode(), headers={"Content-Type": ""}, timeout=30)
    assert response.status_code == 200, response.text


def test_signals_release_the_stack_with_their_data(cf, aws_client, cleanup, unique_name):
    stack_id = _start(cf, cleanup, unique_name("wait-ok"), _template(count=2))
    url = _handle_url(cf, stack_id)
    assert url.startswith("http") and "cloudformation-waitcondition-us-east-1" in url
    assert cf.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "CREATE_IN_PROGRESS"
    status = {
        r["LogicalResourceId"]: r["ResourceStatus"]
        for r in cf.describe_stack_resources(StackName=stack_id)["StackResources"]
    }
    assert status["Wait"] == "CREATE_IN_PROGRESS" and "AfterWait" not in status

    _signal(url, "SUCCESS", "first", "draft")
    _signal(url, "SUCCESS", "first", "one")  # the same UniqueId again: still one signal, the last counts
    time.sleep(0.5)
    assert cf.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "CREATE_IN_PROGRESS"
    _signal(url, "SUCCESS", "second", "two")

    stack = wait(cf, stack_id)
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, stack_id)
    out = outputs(stack)
    assert json.loads(out["Data"]) == {"first": "one", "second": "two"}
    assert out["HandleUrl"] == url
    # CloudFormation's signal bucket is not one of the user's buckets.
    names = [b["Name"] for b in aws_client("s3").list_buckets()["Buckets"]]
    assert not [n for n in names if n.startswith("cloudformation-waitcondition")]


def test_failure_signal_fails_and_rolls_back(cf, cleanup, unique_name):
    stack_id = _start(cf, cleanup, unique_name("wait-fail"), _template())
    url = _handle_url(cf, stack_id)
    _signal(url, "FAILURE", "setup", reason="disk full")
    stack = wait(cf, stack_id)
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert (
        reasons(cf, stack_id)["Wait"]
        == "WaitCondition received failed message: 'disk full' for uniqueId: setup"
    )
    assert ("AfterWait", "CREATE_IN_PROGRESS") not in events(cf, stack_id)
    assert ("Handle", "DELETE_COMPLETE") in events(cf, stack_id)


def test_timeout_fails_with_the_count_received(cf, cleanup, unique_name):
    stack_id = _start(cf, cleanup, unique_name("wait-timeout"), _template(count=2, timeout=1))
    stack = wait(cf, stack_id)
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert reasons(cf, stack_id)["Wait"] == "WaitCondition timed out. Received 0 conditions when expecting 2"


def _policy_template(count: int, timeout: str) -> dict:
    return {
        "Resources": {
            "Wait": {
                "Type": "AWS::CloudFormation::WaitCondition",
                "CreationPolicy": {"ResourceSignal": {"Count": count, "Timeout": timeout}},
            },
            "AfterWait": {"Type": "AWS::SQS::Queue", "DependsOn": "Wait"},
        }
    }


def _wait_in_progress(cf, stack_id: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        rows = cf.describe_stack_resources(StackName=stack_id, LogicalResourceId="Wait")["StackResources"]
        if rows and rows[0]["ResourceStatus"] == "CREATE_IN_PROGRESS":
            return
        assert time.monotonic() < deadline, "the wait condition did not start"
        time.sleep(0.1)


def test_signal_resource_releases_a_creation_policy(cf, cleanup, unique_name):
    stack_id = _start(cf, cleanup, unique_name("signal-ok"), _policy_template(2, "PT1M"))
    _wait_in_progress(cf, stack_id)
    cf.signal_resource(StackName=stack_id, LogicalResourceId="Wait", UniqueId="i-1", Status="SUCCESS")
    cf.signal_resource(StackName=stack_id, LogicalResourceId="Wait", UniqueId="i-2", Status="SUCCESS")
    stack = wait(cf, stack_id)
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, stack_id)
    found = cf.describe_stack_events(StackName=stack_id)["StackEvents"]
    received = [e["ResourceStatusReason"] for e in found if "signal" in e.get("ResourceStatusReason", "")]
    assert sorted(received) == [
        "Received SUCCESS signal with UniqueId i-1",
        "Received SUCCESS signal with UniqueId i-2",
    ]
    # Once the stack is done, a signal is refused with AWS's message.
    with pytest.raises(cf.exceptions.ClientError) as error:
        cf.signal_resource(StackName=stack_id, LogicalResourceId="Wait", UniqueId="i-3", Status="SUCCESS")
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert error.value.response["Error"]["Message"] == (
        f"Stack {stack_id} is in CREATE_COMPLETE state and cannot be signaled"
    )


def test_signal_resource_failure_and_timeout(cf, cleanup, unique_name):
    stack_id = _start(cf, cleanup, unique_name("signal-fail"), _policy_template(1, "PT1M"))
    _wait_in_progress(cf, stack_id)
    cf.signal_resource(StackName=stack_id, LogicalResourceId="Wait", UniqueId="i-9", Status="FAILURE")
    assert wait(cf, stack_id)["StackStatus"] == "ROLLBACK_COMPLETE"
    assert reasons(cf, stack_id)["Wait"] == "Received FAILURE signal with UniqueId i-9"

    stack_id = _start(cf, cleanup, unique_name("signal-timeout"), _policy_template(1, "PT1S"))
    assert wait(cf, stack_id)["StackStatus"] == "ROLLBACK_COMPLETE"
    assert (
        reasons(cf, stack_id)["Wait"]
        == "Failed to receive 1 resource signal(s) within the specified duration"
    )

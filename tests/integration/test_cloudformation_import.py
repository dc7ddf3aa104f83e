"""Resource import (CreateChangeSet with ChangeSetType IMPORT): existing resources, named by their
identifier, join a new stack or an existing one as they are, with GetAtt and Outputs; requests that
AWS refuses are refused; a resource that is not there rolls the import back."""

from __future__ import annotations

import pytest

from tests.integration.cfn_helpers import body, deploy, outputs, wait


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def _queue_template(extra: dict | None = None) -> dict:
    return {
        "Resources": {
            "Imported": {
                "Type": "AWS::SQS::Queue",
                "DeletionPolicy": "Retain",
                "Properties": {"VisibilityTimeout": 30},
            },
            **(extra or {}),
        },
        "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Imported", "Arn"]}}},
    }


def _import(cf, stack: str, template: dict, url: str, name: str = "import-1") -> str:
    change_set = cf.create_change_set(
        StackName=stack,
        ChangeSetName=name,
        ChangeSetType="IMPORT",
        TemplateBody=body(template),
        ResourcesToImport=[
            {
                "ResourceType": "AWS::SQS::Queue",
                "LogicalResourceId": "Imported",
                "ResourceIdentifier": {"QueueUrl": url},
            }
        ],
    )
    return change_set["Id"]


def test_import_into_a_new_stack_then_delete_retains(cf, aws_client, cleanup, unique_name):
    sqs = aws_client("sqs")
    queue_name = unique_name("imported")
    url = sqs.create_queue(QueueName=queue_name)["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    stack = unique_name("import-new")
    change_set_id = _import(cf, stack, _queue_template(), url)
    described = cf.describe_change_set(ChangeSetName=change_set_id)
    assert described["Status"] == "CREATE_COMPLETE"
    change = described["Changes"][0]["ResourceChange"]
    assert (change["Action"], change["LogicalResourceId"], change["PhysicalResourceId"]) == (
        "Import",
        "Imported",
        url,
    )
    assert cf.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "REVIEW_IN_PROGRESS"

    cf.execute_change_set(ChangeSetName=change_set_id)
    result = wait(cf, stack)
    cleanup.append(lambda: cf.delete_stack(StackName=result["StackId"]))
    assert result["StackStatus"] == "IMPORT_COMPLETE"
    assert outputs(result)["Arn"] == f"arn:aws:sqs:us-east-1:000000000000:{queue_name}"
    rows = cf.describe_stack_resources(StackName=stack)["StackResources"]
    assert [(r["LogicalResourceId"], r["PhysicalResourceId"], r["ResourceStatus"]) for r in rows] == [
        ("Imported", url, "IMPORT_COMPLETE")
    ]
    statuses = [
        (e["LogicalResourceId"], e["ResourceStatus"])
        for e in cf.describe_stack_events(StackName=stack)["StackEvents"]
    ]
    assert ("Imported", "IMPORT_IN_PROGRESS") in statuses and ("Imported", "IMPORT_COMPLETE") in statuses
    assert cf.describe_change_set(ChangeSetName=change_set_id)["ExecutionStatus"] == "EXECUTE_COMPLETE"

    cf.delete_stack(StackName=stack)
    assert wait(cf, result["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]  # retained


def test_import_into_an_existing_stack(cf, aws_client, cleanup, unique_name):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("imported"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    stack = unique_name("import-existing")
    existing = {
        "Resources": {
            "Param": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v"}}
        }
    }
    created = deploy(cf, cleanup, stack, existing)
    param = cf.describe_stack_resources(StackName=stack)["StackResources"][0]["PhysicalResourceId"]

    with pytest.raises(cf.exceptions.ClientError) as error:  # the import may not drop Param
        _import(cf, stack, _queue_template(), url)
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert "Param" in error.value.response["Error"]["Message"]

    change_set_id = _import(cf, stack, _queue_template(existing["Resources"]), url)
    cf.execute_change_set(ChangeSetName=change_set_id)
    result = wait(cf, created["StackId"])
    assert result["StackStatus"] == "IMPORT_COMPLETE"
    rows = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cf.describe_stack_resources(StackName=stack)["StackResources"]
    }
    assert rows == {"Param": param, "Imported": url}


def test_import_refusals_and_rollback(cf, aws_client, cleanup, unique_name):
    stack = unique_name("import-bad")
    no_policy = _queue_template()
    del no_policy["Resources"]["Imported"]["DeletionPolicy"]
    url = "http://localhost:4566/000000000000/does-not-exist-import"
    with pytest.raises(cf.exceptions.ClientError) as error:
        _import(cf, stack, no_policy, url)
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert "DeletionPolicy" in error.value.response["Error"]["Message"]

    extra = _queue_template({"Other": {"Type": "AWS::SNS::Topic"}})
    with pytest.raises(cf.exceptions.ClientError) as error:
        _import(cf, stack, extra, url)
    assert error.value.response["Error"]["Code"] == "ValidationError"

    change_set_id = _import(cf, stack, _queue_template(), url)
    cf.execute_change_set(ChangeSetName=change_set_id)
    result = wait(cf, stack)
    cleanup.append(lambda: cf.delete_stack(StackName=result["StackId"]))
    assert result["StackStatus"] == "IMPORT_ROLLBACK_COMPLETE"
    assert cf.describe_stack_resources(StackName=stack)["StackResources"] == []

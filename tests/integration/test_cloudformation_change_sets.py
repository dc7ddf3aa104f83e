"""Change sets through the API and through `aws cloudformation deploy` (first deploy, update, no
changes), with AWS's statuses and errors (ChangeSetNotFound, the "no changes" reason)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.integration.cfn_helpers import outputs, wait
from tests.integration.test_awslocal_cli import cli_env

AWS = Path(sys.executable).parent / "aws"

TEMPLATE = {
    "Parameters": {"Suffix": {"Type": "String", "Default": "one"}},
    "Resources": {
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Ref": "Suffix"}}},
        "Queue": {"Type": "AWS::SQS::Queue"},
    },
    "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}, "QueueUrl": {"Value": {"Ref": "Queue"}}},
}


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def _wait_change_set(cf, change_set_id):
    for _ in range(100):
        described = cf.describe_change_set(ChangeSetName=change_set_id)
        if described["Status"] in ("CREATE_COMPLETE", "FAILED"):
            return described
    raise AssertionError(described["Status"])


def test_create_change_set_review_execute_and_outputs(cf, cleanup, unique_name):
    name = unique_name("cs")
    created = cf.create_change_set(
        StackName=name, ChangeSetName="first", ChangeSetType="CREATE", TemplateBody=json.dumps(TEMPLATE)
    )
    cleanup.append(lambda: cf.delete_stack(StackName=created["StackId"]))
    assert created["Id"].startswith("arn:aws:cloudformation:us-east-1:000000000000:changeSet/first/")
    stack = cf.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "REVIEW_IN_PROGRESS"
    described = _wait_change_set(cf, created["Id"])
    assert described["Status"] == "CREATE_COMPLETE"
    assert described["ExecutionStatus"] == "AVAILABLE"
    assert described["StackName"] == name
    assert sorted(
        (c["ResourceChange"]["Action"], c["ResourceChange"]["LogicalResourceId"])
        for c in described["Changes"]
    ) == [
        ("Add", "Queue"),
        ("Add", "Topic"),
    ]
    by_name = cf.describe_change_set(ChangeSetName="first", StackName=name)
    assert by_name["ChangeSetId"] == created["Id"]
    summaries = cf.list_change_sets(StackName=name)["Summaries"]
    assert [s["ChangeSetName"] for s in summaries] == ["first"]
    cf.execute_change_set(ChangeSetName=created["Id"])
    stack = wait(cf, name)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["ChangeSetId"] == created["Id"]
    assert set(outputs(stack)) == {"TopicArn", "QueueUrl"}
    assert cf.describe_change_set(ChangeSetName=created["Id"])["ExecutionStatus"] == "EXECUTE_COMPLETE"
    with pytest.raises(ClientError) as error:
        cf.execute_change_set(ChangeSetName=created["Id"])
    assert error.value.response["Error"]["Code"] == "InvalidChangeSetStatus"


def test_update_change_set_lists_modifications_and_no_changes_fails(cf, cleanup, unique_name):
    name = unique_name("cs")
    stack_id = cf.create_stack(StackName=name, TemplateBody=json.dumps(TEMPLATE))["StackId"]
    cleanup.append(lambda: cf.delete_stack(StackName=stack_id))
    wait(cf, name)
    update = cf.create_change_set(
        StackName=name,
        ChangeSetName="update",
        TemplateBody=json.dumps(TEMPLATE),
        Parameters=[{"ParameterKey": "Suffix", "ParameterValue": "two"}],
    )
    described = _wait_change_set(cf, update["Id"])
    [change] = described["Changes"]
    assert change["ResourceChange"]["Action"] == "Modify"
    assert change["ResourceChange"]["LogicalResourceId"] == "Topic"
    assert change["ResourceChange"]["Replacement"] == "False"
    empty = cf.create_change_set(StackName=name, ChangeSetName="empty", UsePreviousTemplate=True)
    described = _wait_change_set(cf, empty["Id"])
    assert described["Status"] == "FAILED"
    assert described["StatusReason"] == (
        "The submitted information didn't contain changes. "
        "Submit different information to create a change set."
    )
    assert described["ExecutionStatus"] == "UNAVAILABLE"
    cf.execute_change_set(ChangeSetName="update", StackName=name)
    assert wait(cf, name)["StackStatus"] == "UPDATE_COMPLETE"
    topic = cf.describe_stack_resource(StackName=name, LogicalResourceId="Topic")["StackResourceDetail"]
    assert topic["ResourceStatus"] == "UPDATE_COMPLETE"


def test_change_set_not_found_errors(cf, cleanup, unique_name):
    name = unique_name("cs")
    created = cf.create_change_set(
        StackName=name, ChangeSetName="gone", ChangeSetType="CREATE", TemplateBody=json.dumps(TEMPLATE)
    )
    cleanup.append(lambda: cf.delete_stack(StackName=created["StackId"]))
    cf.delete_change_set(ChangeSetName=created["Id"])
    for call in (
        lambda: cf.describe_change_set(ChangeSetName=created["Id"]),
        lambda: cf.delete_change_set(ChangeSetName=created["Id"]),
        lambda: cf.delete_change_set(ChangeSetName="never", StackName=name),
        lambda: cf.execute_change_set(ChangeSetName="never", StackName=name),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert error.value.response["Error"]["Code"] == "ChangeSetNotFound"
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
        assert error.value.response["Error"]["Message"].startswith("ChangeSet [")
    with pytest.raises(ClientError) as error:
        cf.create_change_set(
            StackName=unique_name("cs"), ChangeSetName="u", TemplateBody=json.dumps(TEMPLATE)
        )
    assert error.value.response["Error"]["Code"] == "ValidationError"


def test_depends_on_is_honoured_by_change_sets(cf, cleanup, unique_name):
    name = unique_name("cs")
    template = {
        "Resources": {
            "A": {"Type": "AWS::SNS::Topic", "DependsOn": ["B", "C"]},
            "B": {"Type": "AWS::SNS::Topic", "DependsOn": "C"},
            "C": {"Type": "AWS::SQS::Queue"},
        }
    }
    created = cf.create_change_set(
        StackName=name, ChangeSetName="deps", ChangeSetType="CREATE", TemplateBody=json.dumps(template)
    )
    cleanup.append(lambda: cf.delete_stack(StackName=created["StackId"]))
    _wait_change_set(cf, created["Id"])
    cf.execute_change_set(ChangeSetName=created["Id"])
    wait(cf, name)
    found = cf.describe_stack_events(StackName=name)["StackEvents"]
    done = [e["LogicalResourceId"] for e in reversed(found) if e["ResourceStatus"] == "CREATE_COMPLETE"]
    assert done == ["C", "B", "A", name]


@pytest.mark.skipif(not AWS.exists(), reason="awscli is not installed in this venv")
def test_aws_cloudformation_deploy_create_update_and_no_changes(
    server, aws_client, cleanup, tmp_path, unique_name
):
    cf = aws_client("cloudformation")
    name = unique_name("deploy")
    cleanup.append(lambda: cf.delete_stack(StackName=name))
    path = tmp_path / "template.json"
    env = cli_env(tmp_path)

    def deploy(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                str(AWS),
                "--endpoint-url",
                server.edge_url,
                "cloudformation",
                "deploy",
                "--stack-name",
                name,
                "--template-file",
                str(path),
                *extra,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    path.write_text(json.dumps(TEMPLATE))
    result = deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Successfully created/updated stack - {name}" in result.stdout
    stack = cf.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert set(outputs(stack)) == {"TopicArn", "QueueUrl"}

    result = deploy("--parameter-overrides", "Suffix=two")
    assert result.returncode == 0, result.stdout + result.stderr
    assert cf.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"

    result = deploy("--parameter-overrides", "Suffix=two", "--no-fail-on-empty-changeset")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes to deploy" in result.stdout
    time.sleep(1.1)  # the CLI names change sets by the second; the failed empty one stays, as in AWS
    result = deploy("--parameter-overrides", "Suffix=two")
    assert result.returncode != 0
    assert "No changes to deploy" in result.stdout + result.stderr

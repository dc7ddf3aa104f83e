"""Lambda-backed custom resources: Create, Update and Delete requests reach the function, which
answers through the pre-signed S3 ResponseURL (with the cfnresponse helper AWS adds to inline code);
its Data becomes GetAtt attributes, and a FAILED answer fails the stack with the function's reason."""

from __future__ import annotations

import json

import pytest

from tests.integration.cfn_helpers import deploy, outputs, reasons, update, wait

HANDLER = """
import json
import cfnresponse

def handler(event, context):
    props = event["ResourceProperties"]
    print(json.dumps({"request": event["RequestType"], "old": event.get("OldResourceProperties")}))
    if props.get("Fail") == "yes" and event["RequestType"] != "Delete":
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, reason="asked to fail")
        return
    data = {"Greeting": "hello " + props.get("Name", ""), "Request": event["RequestType"]}
    physical_id = "custom-" + props.get("Name", "")
    cfnresponse.send(event, context, cfnresponse.SUCCESS, data, physicalResourceId=physical_id)
"""


def template(name: str, fail: str = "no") -> dict:
    return {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}},
            "Provider": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"ZipFile": HANDLER},
                    "Timeout": 30,
                },
            },
            "Custom": {
                "Type": "Custom::Greeter",
                "Properties": {
                    "ServiceToken": {"Fn::GetAtt": ["Provider", "Arn"]},
                    "Name": name,
                    "Fail": fail,
                },
            },
        },
        "Outputs": {
            "Greeting": {"Value": {"Fn::GetAtt": ["Custom", "Greeting"]}},
            "Request": {"Value": {"Fn::GetAtt": ["Custom", "Request"]}},
            "Id": {"Value": {"Ref": "Custom"}},
        },
    }


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def test_lambda_backed_custom_resource_lifecycle(cf, aws_client, cleanup, unique_name):
    name = unique_name("custom")
    stack = deploy(cf, cleanup, name, template("world"), Capabilities=["CAPABILITY_IAM"])
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    assert outputs(stack) == {"Greeting": "hello world", "Request": "Create", "Id": "custom-world"}
    resource = cf.describe_stack_resource(StackName=name, LogicalResourceId="Custom")["StackResourceDetail"]
    assert resource["ResourceType"] == "Custom::Greeter"
    # The response mailboxes are gone once read.
    assert not [
        b for b in aws_client("s3").list_buckets()["Buckets"] if b["Name"].startswith("cfn-response-")
    ]
    updated = update(cf, name, template("again"), Capabilities=["CAPABILITY_IAM"])
    assert updated["StackStatus"] == "UPDATE_COMPLETE", reasons(cf, name)
    assert outputs(updated)["Request"] == "Update"
    assert outputs(updated)["Greeting"] == "hello again"
    cf.delete_stack(StackName=name)
    assert wait(cf, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"


def test_custom_resource_failure_reason_fails_the_stack(cf, cleanup, unique_name):
    name = unique_name("custom")
    stack = deploy(cf, cleanup, name, template("x", fail="yes"), Capabilities=["CAPABILITY_IAM"])
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert reasons(cf, name)["Custom"] == (
        "Received response status [FAILED] from custom resource. Message returned: asked to fail"
    )


def test_custom_resource_with_bad_service_token(cf, cleanup, unique_name):
    name = unique_name("custom")
    body = {
        "Resources": {
            "C": {"Type": "AWS::CloudFormation::CustomResource", "Properties": {"ServiceToken": "nope"}}
        }
    }
    stack = deploy(cf, cleanup, name, json.dumps(body))
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "nope" in reasons(cf, name)["C"]


SNS_HANDLER = """
import json
import cfnresponse

def handler(event, context):
    request = json.loads(event["Records"][0]["Sns"]["Message"])
    data = {"Via": "sns", "Type": request["RequestType"]}
    cfnresponse.send(request, context, cfnresponse.SUCCESS, data, physicalResourceId="sns-backed")
"""


def test_sns_backed_custom_resource(cf, cleanup, unique_name):
    name = unique_name("custom")
    template = {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}},
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"ZipFile": SNS_HANDLER},
                },
            },
            "Topic": {
                "Type": "AWS::SNS::Topic",
                "Properties": {
                    "Subscription": [{"Protocol": "lambda", "Endpoint": {"Fn::GetAtt": ["Handler", "Arn"]}}]
                },
            },
            "Invoke": {
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": {"Ref": "Handler"},
                    "Principal": "sns.amazonaws.com",
                    "SourceArn": {"Ref": "Topic"},
                },
            },
            "Custom": {
                "Type": "Custom::ViaSns",
                "DependsOn": "Invoke",
                "Properties": {"ServiceToken": {"Ref": "Topic"}},
            },
        },
        "Outputs": {"Via": {"Value": {"Fn::GetAtt": ["Custom", "Via"]}}, "Id": {"Value": {"Ref": "Custom"}}},
    }
    stack = deploy(cf, cleanup, name, template, Capabilities=["CAPABILITY_IAM"])
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    assert outputs(stack) == {"Via": "sns", "Id": "sns-backed"}
    cf.delete_stack(StackName=name)
    assert wait(cf, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"

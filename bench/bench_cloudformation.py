"""CloudFormation figures: a 30-resource stack (queues, topics, tables, functions, a REST API) from
CreateStack to CREATE_COMPLETE and from DeleteStack to DELETE_COMPLETE, as a polling client sees them
(`python -m bench.bench_cloudformation`). Targets: create < 3 s, delete < 2 s."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from tests.server_process import start_server

TARGET_CREATE_S = 3.0
TARGET_DELETE_S = 2.0
HANDLER = "def handler(event, context):\n    return event\n"


def template() -> dict:
    """8 queues, 6 topics, 5 tables, a role and 4 functions, and a REST API of 6 resources: 30."""
    resources: dict[str, Any] = {}
    for index in range(8):
        resources[f"Queue{index}"] = {
            "Type": "AWS::SQS::Queue",
            "Properties": {"VisibilityTimeout": 30 + index},
        }
    for index in range(6):
        resources[f"Topic{index}"] = {"Type": "AWS::SNS::Topic"}
    for index in range(5):
        resources[f"Table{index}"] = {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
            },
        }
    resources["Role"] = {
        "Type": "AWS::IAM::Role",
        "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
    }
    for index in range(4):
        resources[f"Function{index}"] = {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Runtime": "python3.12",
                "Handler": "index.handler",
                "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                "Code": {"ZipFile": HANDLER},
                "Environment": {"Variables": {"QUEUE": {"Ref": f"Queue{index}"}}},
            },
        }
    api = {"Ref": "Api"}
    resources.update(
        {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "bench"}},
            "Items": {
                "Type": "AWS::ApiGateway::Resource",
                "Properties": {
                    "RestApiId": api,
                    "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                    "PathPart": "items",
                },
            },
            "GetItems": _mock_method("GET"),
            "PostItems": _mock_method("POST"),
            "Deployment": {
                "Type": "AWS::ApiGateway::Deployment",
                "DependsOn": ["GetItems", "PostItems"],
                "Properties": {"RestApiId": api},
            },
            "Stage": {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": {"RestApiId": api, "DeploymentId": {"Ref": "Deployment"}, "StageName": "prod"},
            },
        }
    )
    assert len(resources) == 30
    return {"Resources": resources}


def _mock_method(verb: str) -> dict:
    return {
        "Type": "AWS::ApiGateway::Method",
        "Properties": {
            "RestApiId": {"Ref": "Api"},
            "ResourceId": {"Ref": "Items"},
            "HttpMethod": verb,
            "AuthorizationType": "NONE",
            "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'}},
        },
    }


def _wait(cf: Any, stack_id: str, status: str) -> None:
    while True:
        current = cf.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]
        if current == status:
            return
        if current.endswith(("_COMPLETE", "_FAILED")) and "PROGRESS" not in current:
            raise RuntimeError(f"stack ended in {current}")
        time.sleep(0.02)


def _cycle(cf: Any, name: str, body: str) -> tuple[float, float]:
    started = time.perf_counter()
    stack_id = cf.create_stack(StackName=name, TemplateBody=body, Capabilities=["CAPABILITY_IAM"])["StackId"]
    _wait(cf, stack_id, "CREATE_COMPLETE")
    created = time.perf_counter() - started
    started = time.perf_counter()
    cf.delete_stack(StackName=stack_id)
    _wait(cf, stack_id, "DELETE_COMPLETE")
    return created, time.perf_counter() - started


def run(quick: bool = False) -> dict:
    rounds = 2 if quick else 5
    server = start_server(Path(tempfile.mkdtemp()))
    try:
        cf = boto3.client(
            "cloudformation",
            endpoint_url=server.edge_url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        body = json.dumps(template())
        first_create, first_delete = _cycle(cf, "bench-cfn-first", body)  # builds every backend
        cycles = [_cycle(cf, f"bench-cfn-{index}", body) for index in range(rounds)]
        create = statistics.median(c for c, _ in cycles)
        delete = statistics.median(d for _, d in cycles)
        return {
            "cfn_30_resources_first_create_s": round(first_create, 2),
            "cfn_30_resources_first_delete_s": round(first_delete, 2),
            "cfn_30_resources_create_median_s": round(create, 2),
            "cfn_30_resources_delete_median_s": round(delete, 2),
            "cfn_create_target_pass": create < TARGET_CREATE_S,
            "cfn_delete_target_pass": delete < TARGET_DELETE_S,
        }
    finally:
        server.stop()


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

"""A CDK LambdaRestApi-shaped stack: IAM role, inline-code Lambda, REST API with a proxy resource,
AWS_PROXY and MOCK methods, a Deployment that DependsOn its methods, a Stage, a Permission and the
API Gateway account; called over HTTP through the deployed stage, then destroyed without leftovers."""

from __future__ import annotations

import pytest
import requests

from tests.integration.cfn_helpers import delete, deploy, outputs, reasons

BASIC_EXECUTION_POLICY = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
API_SOURCE_ARN = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/*/*"
HANDLER = """
import json
def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"path": event["path"], "method": event["httpMethod"]})}
"""


def template() -> dict:
    lambda_uri = {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":apigateway:",
                {"Ref": "AWS::Region"},
                ":lambda:path/2015-03-31/functions/",
                {"Fn::GetAtt": ["Handler", "Arn"]},
                "/invocations",
            ],
        ]
    }
    return {
        "Resources": {
            "HandlerRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    },
                    "ManagedPolicyArns": [{"Fn::Sub": BASIC_EXECUTION_POLICY}],
                },
            },
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "DependsOn": ["HandlerRole"],
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["HandlerRole", "Arn"]},
                    "Code": {"ZipFile": HANDLER},
                },
            },
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "cfn-api"}},
            "ApiCloudWatchRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "apigateway.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ]
                    }
                },
            },
            "ApiAccount": {
                "Type": "AWS::ApiGateway::Account",
                "DependsOn": ["Api"],
                "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["ApiCloudWatchRole", "Arn"]}},
            },
            "Proxy": {
                "Type": "AWS::ApiGateway::Resource",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                    "PathPart": "{proxy+}",
                },
            },
            "ProxyAny": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ResourceId": {"Ref": "Proxy"},
                    "HttpMethod": "ANY",
                    "AuthorizationType": "NONE",
                    "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": lambda_uri},
                },
            },
            "RootMock": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                    "HttpMethod": "GET",
                    "AuthorizationType": "NONE",
                    "Integration": {
                        "Type": "MOCK",
                        "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                        "IntegrationResponses": [
                            {"StatusCode": "200", "ResponseTemplates": {"application/json": '{"mock": true}'}}
                        ],
                    },
                    "MethodResponses": [{"StatusCode": "200"}],
                },
            },
            "Deployment": {
                "Type": "AWS::ApiGateway::Deployment",
                "DependsOn": ["ProxyAny", "RootMock"],
                "Properties": {"RestApiId": {"Ref": "Api"}, "Description": "first"},
            },
            "Stage": {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "DeploymentId": {"Ref": "Deployment"},
                    "StageName": "prod",
                },
            },
            "InvokePermission": {
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": {"Fn::GetAtt": ["Handler", "Arn"]},
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": {"Fn::Sub": API_SOURCE_ARN},
                },
            },
        },
        "Outputs": {
            "Endpoint": {
                "Value": {"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}/"}
            },
            "ApiId": {"Value": {"Ref": "Api"}},
            "FunctionName": {"Value": {"Ref": "Handler"}},
        },
    }


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def test_lambda_rest_api_stack_serves_and_is_destroyed(cf, aws_client, server, cleanup, unique_name):
    name = unique_name("api")
    stack = deploy(cf, cleanup, name, template(), Capabilities=["CAPABILITY_IAM"])
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    out = outputs(stack)
    api_id = out["ApiId"]
    assert out["Endpoint"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/prod/"
    apigw = aws_client("apigateway")
    assert apigw.get_stage(restApiId=api_id, stageName="prod")["deploymentId"]
    base = f"http://127.0.0.1:{server.edge_port}/restapis/{api_id}/prod/_user_request_"
    response = requests.get(f"{base}/hello/world", timeout=30)
    assert response.status_code == 200, response.text
    assert response.json() == {"path": "/hello/world", "method": "GET"}
    mock = requests.get(f"{base}/", timeout=10)
    assert mock.status_code == 200
    assert mock.json() == {"mock": True}
    # Deployment was created after both methods it DependsOn.
    found = cf.describe_stack_events(StackName=name)["StackEvents"]
    done = [e["LogicalResourceId"] for e in reversed(found) if e["ResourceStatus"] == "CREATE_COMPLETE"]
    assert done.index("Deployment") > max(done.index("ProxyAny"), done.index("RootMock"))
    assert done.index("Stage") > done.index("Deployment")

    deleted = delete(cf, name)
    assert deleted["StackStatus"] == "DELETE_COMPLETE"
    assert api_id not in [a["id"] for a in apigw.get_rest_apis()["items"]]
    functions = [f["FunctionName"] for f in aws_client("lambda").list_functions()["Functions"]]
    assert out["FunctionName"] not in functions

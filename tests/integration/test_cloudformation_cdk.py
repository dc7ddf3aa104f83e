"""aws-cdk 2 with aws-cdk-local, installed from npm by the test: `cdklocal bootstrap`, a default
(change-set) `cdklocal deploy` of an app with a Lambda asset behind LambdaRestApi, a table and a
queue, an HTTP call through the deployed stage, and `cdklocal destroy`. Skipped, with the reason,
when node or npm is missing or the packages cannot be installed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import requests

from localstack import constants
from tests.integration.cfn_helpers import npm_app

APP = Path(__file__).parent / "cdk_app"
PACKAGES = ["aws-cdk@2", "aws-cdk-lib@2", "constructs@10", "aws-cdk-local"]


@pytest.fixture(scope="module")
def cdk_dir(tmp_path_factory) -> Path:
    return npm_app(tmp_path_factory.mktemp("cdk"), APP, PACKAGES, "cdklocal", "aws-cdk")


def _cdk(cdk_dir: Path, server, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": constants.TEST_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": constants.TEST_SECRET_ACCESS_KEY,
        "AWS_DEFAULT_REGION": constants.DEFAULT_REGION,
        "AWS_ENDPOINT_URL": server.edge_url,
        "AWS_ENDPOINT_URL_S3": server.edge_url,
        "LOCALSTACK_HOSTNAME": "127.0.0.1",
        "EDGE_PORT": str(server.edge_port),
        "CDK_DISABLE_VERSION_CHECK": "1",
        "STACK_NAME": "CdkLambdaRestApi",
    }
    return subprocess.run(
        [str(cdk_dir / "node_modules/.bin/cdklocal"), *args],
        cwd=cdk_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def test_cdk_bootstrap_deploy_call_destroy(cdk_dir, server, aws_client, tmp_path):
    result = _cdk(cdk_dir, server, tmp_path, "bootstrap", "aws://000000000000/us-east-1")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    toolkit = aws_client("cloudformation").describe_stacks(StackName="CDKToolkit")["Stacks"][0]
    assert "BootstrapVersion" in {o["OutputKey"] for o in toolkit["Outputs"]}

    result = _cdk(cdk_dir, server, tmp_path, "deploy", "--require-approval", "never")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    stack = aws_client("cloudformation").describe_stacks(StackName="CdkLambdaRestApi")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    api_id = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}["ApiId"]
    url = f"http://127.0.0.1:{server.edge_port}/restapis/{api_id}/prod/_user_request_/some/path"
    response = requests.get(url, timeout=60)
    assert response.status_code == 200, response.text
    assert response.json()["path"] == "/some/path"
    resources = aws_client("cloudformation").list_stack_resources(StackName="CdkLambdaRestApi")[
        "StackResourceSummaries"
    ]
    made = {r["ResourceType"]: r["PhysicalResourceId"] for r in resources}
    stack_id = stack["StackId"]
    template = aws_client("cloudformation").get_template(StackName=stack_id)["TemplateBody"]
    template = template if isinstance(template, dict) else json.loads(template)
    retained = {
        name for name, item in template["Resources"].items() if item.get("DeletionPolicy") == "Retain"
    }

    result = _cdk(cdk_dir, server, tmp_path, "destroy", "--force")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    cf = aws_client("cloudformation")
    assert cf.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    # Nothing the stack made is left behind.
    assert api_id not in [a["id"] for a in aws_client("apigateway").get_rest_apis()["items"]]
    functions = [f["FunctionName"] for f in aws_client("lambda").list_functions()["Functions"]]
    assert made["AWS::Lambda::Function"] not in functions
    assert made["AWS::DynamoDB::Table"] not in aws_client("dynamodb").list_tables()["TableNames"]
    assert made["AWS::SQS::Queue"] not in aws_client("sqs").list_queues().get("QueueUrls", [])
    # LambdaRestApi's CloudWatch role carries DeletionPolicy: Retain (CDK's default), so it stays, as on
    # AWS; the function's role goes.
    roles = {r["RoleName"] for r in aws_client("iam").list_roles()["Roles"]}
    made_roles = {
        r["PhysicalResourceId"]: r["LogicalResourceId"] in retained
        for r in resources
        if r["ResourceType"] == "AWS::IAM::Role"
    }
    assert len(made_roles) == 2
    assert {name for name, kept in made_roles.items() if name in roles} == {
        name for name, kept in made_roles.items() if kept
    }
    assert any(made_roles.values())


def test_tls_only_bucket_policy_admits_the_local_endpoint(aws_client, unique_name, cleanup):
    """CDK's staging bucket (and Serverless' deployment bucket) deny `aws:SecureTransport: false`; the
    plain-HTTP local endpoint stands in for AWS's TLS one, so HeadBucket, PutObject and GetObject pass."""
    s3 = aws_client("s3")
    bucket = unique_name("secure")
    s3.create_bucket(Bucket=bucket)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    s3.head_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="k"))
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"

"""serverless@3 with serverless-localstack on http://127.0.0.1 (installed from npm by the test):
deploy, an HTTP call, an SQS event, a redeploy, and `sls remove` exiting 0. Skipped, with the
reason, when node or npm is missing or the packages cannot be installed."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
import requests

from localstack import constants
from tests.integration.cfn_helpers import npm_app

APP = Path(__file__).parent / "serverless_app"
PACKAGES = ["serverless@3", "serverless-localstack"]


@pytest.fixture(scope="module")
def sls_dir(tmp_path_factory) -> Path:
    return npm_app(tmp_path_factory.mktemp("sls"), APP, PACKAGES, "sls", "serverless@3")


def _sls(sls_dir: Path, server, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": constants.TEST_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": constants.TEST_SECRET_ACCESS_KEY,
        "AWS_DEFAULT_REGION": constants.DEFAULT_REGION,
        "EDGE_PORT": str(server.edge_port),
        "SLS_TELEMETRY_DISABLED": "1",
        "SLS_NOTIFICATIONS_MODE": "off",
    }
    return subprocess.run(
        [str(sls_dir / "node_modules/.bin/sls"), *args],
        cwd=sls_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def test_serverless_deploy_invoke_sqs_redeploy_remove(sls_dir, server, aws_client, tmp_path):
    result = _sls(sls_dir, server, tmp_path, "deploy")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "endpoint:" in result.stdout
    cf = aws_client("cloudformation")
    stack = cf.describe_stacks(StackName="sls-test-dev")["Stacks"][0]
    out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert "ServiceEndpoint" in out
    api_id = next(
        r["PhysicalResourceId"]
        for r in cf.list_stack_resources(StackName="sls-test-dev")["StackResourceSummaries"]
        if r["ResourceType"] == "AWS::ApiGateway::RestApi"
    )
    response = requests.get(
        f"http://127.0.0.1:{server.edge_port}/restapis/{api_id}/dev/_user_request_/hello", timeout=60
    )
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True

    aws_client("sqs").send_message(QueueUrl=out["JobsUrl"], MessageBody="from-sqs")
    ssm = aws_client("ssm")
    deadline = time.monotonic() + 60
    while True:
        try:
            if ssm.get_parameter(Name="/sls-test/last")["Parameter"]["Value"] == "from-sqs":
                break
        except ssm.exceptions.ParameterNotFound:
            pass
        assert time.monotonic() < deadline, "the SQS consumer was not called"
        time.sleep(0.5)

    result = _sls(sls_dir, server, tmp_path, "deploy")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    result = _sls(sls_dir, server, tmp_path, "remove")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert cf.describe_stacks(StackName=stack["StackId"])["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    ssm.delete_parameter(Name="/sls-test/last")

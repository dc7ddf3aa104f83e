"""API Gateway's refusals where moto answered otherwise: stage names (CreateStage, CreateDeployment),
a stage of a deployment that does not exist, and a method's missing integration or response, with
the codes and sentences AWS answers (as Terraform's and the SDKs' users report them)."""

from __future__ import annotations

import pytest

from tests.integration.error_support import client_error as refusal


@pytest.fixture
def api(aws_client, unique_name, cleanup):
    client = aws_client("apigateway")
    api_id = client.create_rest_api(name=unique_name("api"))["id"]
    cleanup.append(lambda: client.delete_rest_api(restApiId=api_id))
    root = next(r["id"] for r in client.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    return client, api_id, root


def deploy(client, api_id: str, root: str, **kwargs) -> str:
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    return client.create_deployment(restApiId=api_id, **kwargs)["id"]


def test_a_methods_missing_integration(api):
    client, api_id, root = api
    assert refusal(client.get_integration, restApiId=api_id, resourceId=root, httpMethod="GET") == (
        404,
        "NotFoundException",
        "Invalid Integration identifier specified",
    )
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    assert client.get_integration(restApiId=api_id, resourceId=root, httpMethod="GET")["type"] == "MOCK"


def test_a_methods_missing_response(api):
    client, api_id, root = api
    call, ids = client.get_method_response, {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    assert refusal(call, **ids, statusCode="200") == (
        404,
        "NotFoundException",
        "Invalid Response status code specified",
    )
    client.put_method_response(**ids, statusCode="200")
    assert call(**ids, statusCode="200")["statusCode"] == "200"


def test_a_missing_method_is_still_named_as_the_method(api):
    client, api_id, root = api
    assert refusal(client.get_integration, restApiId=api_id, resourceId=root, httpMethod="DELETE") == (
        404,
        "NotFoundException",
        "Invalid Method identifier specified",
    )


@pytest.mark.parametrize("name", ["bad name", "dev-1", "v1.0"])
def test_stage_names_allow_letters_digits_and_underscores(api, name):
    client, api_id, root = api
    deployment = deploy(client, api_id, root)
    expected = (400, "BadRequestException", "Stage name only allows a-zA-Z0-9_")
    assert refusal(client.create_stage, restApiId=api_id, stageName=name, deploymentId=deployment) == expected
    assert refusal(client.create_deployment, restApiId=api_id, stageName=name) == expected
    assert name not in [stage["stageName"] for stage in client.get_stages(restApiId=api_id)["item"]]


def test_a_stage_of_a_deployment_that_does_not_exist(api):
    client, api_id, root = api
    deploy(client, api_id, root)
    assert refusal(client.create_stage, restApiId=api_id, stageName="qa", deploymentId="nope") == (
        404,
        "NotFoundException",
        "Invalid Deployment identifier specified",
    )
    assert client.get_stages(restApiId=api_id)["item"] == []


def test_valid_stages_are_created(api):
    client, api_id, root = api
    deployment = deploy(client, api_id, root, stageName="dev_1")
    client.create_stage(restApiId=api_id, stageName="Prod2", deploymentId=deployment)
    names = sorted(stage["stageName"] for stage in client.get_stages(restApiId=api_id)["item"])
    assert names == ["Prod2", "dev_1"]

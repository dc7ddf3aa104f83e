"""API Gateway refusals as AWS recorded them (LocalStack's AWS-validated snapshots of
test_apigateway_api and test_apigateway_common), driven through the server with boto3."""

from __future__ import annotations

import pytest

from tests.integration.error_support import client_error


@pytest.fixture
def api(aws_client, unique_name, cleanup):
    apigateway = aws_client("apigateway")
    created = apigateway.create_rest_api(name=unique_name("recorded-api"))
    cleanup.append(lambda: apigateway.delete_rest_api(restApiId=created["id"]))
    return apigateway, created["id"]


def test_missing_authorizer_is_refused_alike_on_get_update_and_delete(api):
    apigateway, api_id = api
    expected = (404, "NotFoundException", "Invalid Authorizer identifier specified")
    assert client_error(apigateway.get_authorizer, restApiId=api_id, authorizerId="xxx") == expected
    patch = [{"op": "add", "path": "/type", "value": "sth"}]
    assert (
        client_error(
            apigateway.update_authorizer, restApiId=api_id, authorizerId="xxx", patchOperations=patch
        )
        == expected
    )
    assert client_error(apigateway.delete_authorizer, restApiId=api_id, authorizerId="xxx") == expected


def test_missing_request_validator_is_refused_alike_on_get_update_and_delete(api):
    apigateway, api_id = api
    expected = (404, "NotFoundException", "Invalid Request Validator identifier specified")
    assert (
        client_error(apigateway.get_request_validator, restApiId=api_id, requestValidatorId="xxx") == expected
    )
    patch = [{"op": "replace", "path": "/name", "value": "renamed"}]
    assert (
        client_error(
            apigateway.update_request_validator,
            restApiId=api_id,
            requestValidatorId="xxx",
            patchOperations=patch,
        )
        == expected
    )
    assert (
        client_error(apigateway.delete_request_validator, restApiId=api_id, requestValidatorId="xxx")
        == expected
    )


def test_children_of_a_missing_api(api):
    apigateway, _ = api
    expected = (404, "NotFoundException", "Invalid Rest API Id specified")
    assert client_error(apigateway.get_authorizer, restApiId="nope12", authorizerId="xxx") == expected
    assert client_error(apigateway.get_request_validators, restApiId="nope12") == expected
    assert client_error(apigateway.create_request_validator, restApiId="nope12", name="v") == expected


def test_update_of_a_method_that_does_not_exist(api):
    # GetMethod's recorded refusal; UpdateMethod looks the method up the same way (its own wording for
    # this case was not found in a recording).
    apigateway, api_id = api
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    patch = [{"op": "replace", "path": "/apiKeyRequired", "value": "true"}]
    assert client_error(
        apigateway.update_method, restApiId=api_id, resourceId=root, httpMethod="GET", patchOperations=patch
    ) == (404, "NotFoundException", "Invalid Method identifier specified")

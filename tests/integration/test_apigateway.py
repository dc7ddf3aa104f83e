"""API Gateway v1 (REST APIs) and v2 (HTTP APIs) through the edge and their shared legacy port."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture(params=[False, True], ids=["edge", "legacy"])
def legacy(request):
    return request.param


@pytest.fixture
def apigateway(aws_client, legacy):
    return aws_client("apigateway", legacy=legacy)


@pytest.fixture
def apigatewayv2(aws_client, legacy):
    return aws_client("apigatewayv2", legacy=legacy)


@pytest.fixture
def rest_api(apigateway, unique_name):
    api = apigateway.create_rest_api(name=unique_name("api"), description="test api")
    yield api
    apigateway.delete_rest_api(restApiId=api["id"])


def test_rest_api_is_listed(apigateway, rest_api):
    apis = {api["id"]: api for api in apigateway.get_rest_apis()["items"]}
    assert apis[rest_api["id"]]["name"] == rest_api["name"]
    assert apis[rest_api["id"]]["description"] == "test api"


def test_resources_methods_deployment(apigateway, rest_api):
    api_id = rest_api["id"]
    root_id = next(r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    resource = apigateway.create_resource(restApiId=api_id, parentId=root_id, pathPart="items")
    assert resource["path"] == "/items"
    child = apigateway.create_resource(restApiId=api_id, parentId=resource["id"], pathPart="{id}")
    assert child["path"] == "/items/{id}"
    apigateway.put_method(
        restApiId=api_id, resourceId=resource["id"], httpMethod="GET", authorizationType="NONE"
    )
    apigateway.put_integration(
        restApiId=api_id,
        resourceId=resource["id"],
        httpMethod="GET",
        type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 200}'},
    )
    apigateway.put_method_response(
        restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200"
    )
    method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET")
    assert method["httpMethod"] == "GET" and method["authorizationType"] == "NONE"
    assert method["methodIntegration"]["type"] == "MOCK"
    paths = sorted(r["path"] for r in apigateway.get_resources(restApiId=api_id)["items"])
    assert paths == ["/", "/items", "/items/{id}"]
    deployment = apigateway.create_deployment(restApiId=api_id, stageName="dev", description="first")
    deployments = apigateway.get_deployments(restApiId=api_id)["items"]
    assert [d["id"] for d in deployments] == [deployment["id"]]
    stage = apigateway.get_stage(restApiId=api_id, stageName="dev")
    assert stage["deploymentId"] == deployment["id"]


def test_missing_rest_api(apigateway):
    with pytest.raises(ClientError) as error:
        apigateway.get_rest_api(restApiId="doesnotexist")
    assert error.value.response["Error"]["Code"] == "NotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_http_api_route_list(apigatewayv2, unique_name):
    api = apigatewayv2.create_api(Name=unique_name("http"), ProtocolType="HTTP")
    api_id = api["ApiId"]
    try:
        assert api["ProtocolType"] == "HTTP"
        assert api_id in [a["ApiId"] for a in apigatewayv2.get_apis()["Items"]]
        integration = apigatewayv2.create_integration(
            ApiId=api_id,
            IntegrationType="HTTP_PROXY",
            IntegrationMethod="GET",
            IntegrationUri="https://example.com/",
            PayloadFormatVersion="1.0",
        )
        route = apigatewayv2.create_route(
            ApiId=api_id, RouteKey="GET /items", Target=f"integrations/{integration['IntegrationId']}"
        )
        assert route["RouteKey"] == "GET /items"
        routes = apigatewayv2.get_routes(ApiId=api_id)["Items"]
        assert [(r["RouteId"], r["RouteKey"]) for r in routes] == [(route["RouteId"], "GET /items")]
        apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        assert [s["StageName"] for s in apigatewayv2.get_stages(ApiId=api_id)["Items"]] == ["$default"]
    finally:
        apigatewayv2.delete_api(ApiId=api_id)
    assert api_id not in [a["ApiId"] for a in apigatewayv2.get_apis()["Items"]]


def test_missing_http_api(apigatewayv2):
    with pytest.raises(ClientError) as error:
        apigatewayv2.get_api(ApiId="doesnotexist")
    assert error.value.response["Error"]["Code"] == "NotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_duplicates_orphans_and_incomplete_deployments_are_refused(aws_client, unique_name):
    """API Gateway's refusals moto lacked, with the sentences CloudFormation and Terraform runs show."""
    from botocore.exceptions import ClientError

    apigw = aws_client("apigateway")
    api = apigw.create_rest_api(name=unique_name("refusals"))["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]

    def error(call, **kwargs):
        with pytest.raises(ClientError) as info:
            call(restApiId=api, **kwargs)
        response = info.value.response
        return (
            response["ResponseMetadata"]["HTTPStatusCode"],
            response["Error"]["Code"],
            response["Error"]["Message"],
        )

    apigw.create_resource(restApiId=api, parentId=root, pathPart="items")
    assert error(apigw.create_resource, parentId=root, pathPart="items") == (
        409,
        "ConflictException",
        "Another resource with the same parent already has this name: items",
    )
    assert error(apigw.create_resource, parentId="nope", pathPart="orphan")[:2] == (404, "NotFoundException")
    paths = sorted(item["path"] for item in apigw.get_resources(restApiId=api)["items"])
    assert paths == ["/", "/items"]  # nothing half-stored, and the API still lists

    assert error(apigw.put_method, resourceId=root, httpMethod="FETCH", authorizationType="NONE") == (
        400,
        "BadRequestException",
        "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY",
    )
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    assert error(apigw.put_method, resourceId=root, httpMethod="GET", authorizationType="NONE") == (
        409,
        "ConflictException",
        "Method already exists for this resource",
    )
    assert error(apigw.create_deployment, stageName="dev") == (
        400,
        "BadRequestException",
        "No integration defined for method",
    )
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    assert apigw.create_deployment(restApiId=api, stageName="dev")["id"]
    apigw.delete_rest_api(restApiId=api)

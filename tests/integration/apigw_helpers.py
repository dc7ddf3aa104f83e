"""Building REST APIs for the invocation tests with fewer lines: resources by path, methods with
their integrations and responses, deployments; and the URLs that call them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any


def invoke_url(api_id: str, stage: str, path: str, edge_port: int) -> str:
    return f"http://127.0.0.1:{edge_port}/restapis/{api_id}/{stage}/_user_request_{path}"


class RestApi:
    def __init__(self, client: Any, name: str, edge_port: int, **kwargs: Any) -> None:
        self.client = client
        self.edge_port = edge_port
        created = client.create_rest_api(name=name, **kwargs)
        self.id = created["id"]
        self.resources = {
            r["path"]: r["id"] for r in client.get_resources(restApiId=self.id)["items"] if r["path"] == "/"
        }

    def url(self, stage: str, path: str) -> str:
        return invoke_url(self.id, stage, path, self.edge_port)

    def resource(self, path: str) -> str:
        """The id of the resource at `path`, creating it and its parents."""
        if path in self.resources:
            return self.resources[path]
        parent_path, _, part = path.rstrip("/").rpartition("/")
        parent = self.resource(parent_path or "/")
        created = self.client.create_resource(restApiId=self.id, parentId=parent, pathPart=part)
        self.resources[path] = created["id"]
        return created["id"]

    def method(self, resource: str, http_method: str, **kwargs: Any) -> None:
        kwargs.setdefault("authorizationType", "NONE")
        self.client.put_method(restApiId=self.id, resourceId=resource, httpMethod=http_method, **kwargs)

    def integration(
        self,
        resource: str,
        http_method: str,
        kind: str,
        uri: str,
        integration_method: str = "POST",
        request_templates: dict | None = None,
        request_parameters: dict | None = None,
        passthrough: str | None = None,
        method_kwargs: dict | None = None,
    ) -> None:
        self.method(resource, http_method, **(method_kwargs or {}))
        kwargs: dict[str, Any] = {}
        if request_templates:
            kwargs["requestTemplates"] = request_templates
        if request_parameters:
            kwargs["requestParameters"] = request_parameters
        if passthrough:
            kwargs["passthroughBehavior"] = passthrough
        self.client.put_integration(
            restApiId=self.id,
            resourceId=resource,
            httpMethod=http_method,
            type=kind,
            uri=uri,
            integrationHttpMethod=integration_method,
            **kwargs,
        )

    def integration_response(
        self,
        resource: str,
        http_method: str,
        status: str,
        pattern: str | None,
        template: str | None,
        response_headers: dict | None = None,
    ) -> None:
        self.client.put_method_response(
            restApiId=self.id, resourceId=resource, httpMethod=http_method, statusCode=status
        )
        kwargs: dict[str, Any] = {}
        if pattern:
            kwargs["selectionPattern"] = pattern
        if template:
            kwargs["responseTemplates"] = {"application/json": template}
        if response_headers:
            kwargs["responseParameters"] = response_headers
        self.client.put_integration_response(
            restApiId=self.id, resourceId=resource, httpMethod=http_method, statusCode=status, **kwargs
        )

    def mock(
        self,
        resource: str,
        http_method: str,
        request_template: str,
        response_template: str,
        response_headers: dict | None = None,
        api_key_required: bool = False,
    ) -> None:
        self.method(resource, http_method, apiKeyRequired=api_key_required)
        self.client.put_integration(
            restApiId=self.id,
            resourceId=resource,
            httpMethod=http_method,
            type="MOCK",
            requestTemplates={"application/json": request_template},
        )
        self.integration_response(resource, http_method, "200", None, response_template, response_headers)

    def deploy(self, stage: str, variables: dict | None = None) -> None:
        kwargs = {"variables": variables} if variables else {}
        self.client.create_deployment(restApiId=self.id, stageName=stage, **kwargs)

    def delete(self) -> None:
        self.client.delete_rest_api(restApiId=self.id)


FUNCTIONS_DIR = Path(__file__).parent / "apigw_functions"
RUNTIMES = {".py": "python3.12", ".js": "nodejs20.x"}


def create_function(awslambda: Any, name: str, source: str) -> str:
    """Create a function from one file of apigw_functions (`proxy_echo.py` -> handler
    `proxy_echo.handler`), wait until it is active, and return its ARN."""
    path = FUNCTIONS_DIR / source
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(path, path.name)
    arn = awslambda.create_function(
        FunctionName=name,
        Runtime=RUNTIMES[path.suffix],
        Role="arn:aws:iam::000000000000:role/apigw-test-role",
        Handler=f"{path.stem}.handler",
        Code={"ZipFile": buffer.getvalue()},
        Timeout=10,
    )["FunctionArn"]
    awslambda.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.5})
    return arn


def lambda_uri(function_arn: str) -> str:
    region = function_arn.split(":")[3]
    return f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"

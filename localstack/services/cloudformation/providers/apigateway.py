"""API Gateway (REST) resources: RestApi (incl. Body/BodyS3Location OpenAPI import), Resource, Method
(with its integration, incl. MOCK), Deployment, Stage, Account, Authorizer, ApiKey, UsagePlan,
UsagePlanKey, Model, RequestValidator, GatewayResponse, DomainName, BasePathMapping."""

from __future__ import annotations

import json
import uuid
from typing import Any

from localstack.services.cloudformation.providers import openapi
from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    as_bool,
    ignore_missing,
    json_text,
    tags_dict,
)


def _client(ctx: ProviderContext) -> Any:
    return ctx.client("apigateway")


def _generated_id(ctx: ProviderContext) -> str:
    return f"{ctx.stack_name[:5]}-{ctx.logical_id[:5]}-{uuid.uuid4().hex[:12].upper()}"


def _document(ctx: ProviderContext, props: dict[str, Any]) -> dict[str, Any] | None:
    """The OpenAPI document of Body (an object, JSON or YAML text) or BodyS3Location."""
    body = props.get("Body")
    location = props.get("BodyS3Location")
    if body is None and location:
        body = (
            ctx.client("s3")
            .get_object(Bucket=location["Bucket"], Key=location["Key"])["Body"]
            .read()
            .decode()
        )
    if body is None:
        return None
    if isinstance(body, str):
        import yaml

        body = json.loads(body) if body.lstrip().startswith("{") else yaml.safe_load(body)
    return body if isinstance(body, dict) else None


class RestApi(ResourceProvider):
    type_name = "AWS::ApiGateway::RestApi"

    def _attributes(self, ctx: ProviderContext, api_id: str) -> dict[str, Any]:
        resources = _client(ctx).get_resources(restApiId=api_id, limit=500)["items"]
        root = next((r["id"] for r in resources if r.get("path") == "/"), "")
        return {"RestApiId": api_id, "RootResourceId": root}

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        apigw = _client(ctx)
        document = _document(ctx, props)
        info = (document or {}).get("info") or {}
        args: dict[str, Any] = {"name": props.get("Name") or info.get("title") or ctx.logical_id}
        description = props.get("Description") or info.get("description")
        if description:
            args["description"] = description
        for source, target in (
            ("BinaryMediaTypes", "binaryMediaTypes"),
            ("ApiKeySourceType", "apiKeySourceType"),
            ("DisableExecuteApiEndpoint", "disableExecuteApiEndpoint"),
        ):
            if props.get(source) is not None:
                args[target] = props[source]
        if props.get("EndpointConfiguration"):
            args["endpointConfiguration"] = {
                k[0].lower() + k[1:]: v for k, v in props["EndpointConfiguration"].items()
            }
        if props.get("MinimumCompressionSize") is not None:
            args["minimumCompressionSize"] = int(props["MinimumCompressionSize"])
        if props.get("Policy"):
            args["policy"] = json_text(props["Policy"])
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        api = apigw.create_rest_api(**args)
        if document is not None:
            openapi.import_document(apigw, api["id"], document)
        return Created(api["id"], self._attributes(ctx, api["id"]))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        apigw = _client(ctx)
        if props.get("Body") != old.get("Body") or props.get("BodyS3Location") != old.get("BodyS3Location"):
            document = _document(ctx, props)
            openapi.clear(apigw, physical_id)
            if document is not None:
                openapi.import_document(apigw, physical_id, document)
        patches = []
        for key, path in (("Name", "/name"), ("Description", "/description")):
            if props.get(key) != old.get(key) and props.get(key) is not None:
                patches.append({"op": "replace", "path": path, "value": str(props[key])})
        if patches:
            apigw.update_rest_api(restApiId=physical_id, patchOperations=patches)
        return Created(physical_id, self._attributes(ctx, physical_id))

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: _client(ctx).delete_rest_api(restApiId=physical_id))


class Resource(ResourceProvider):
    type_name = "AWS::ApiGateway::Resource"
    create_only = frozenset(("RestApiId", "ParentId", "PathPart"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        resource = _client(ctx).create_resource(
            restApiId=props["RestApiId"], parentId=props["ParentId"], pathPart=props["PathPart"]
        )
        return Created(resource["id"], {"ResourceId": resource["id"]})

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_resource(restApiId=props["RestApiId"], resourceId=physical_id)
        )


def _lower_first(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key[0].lower() + key[1:]: values[key] for key in keys if values.get(key) is not None}


class Method(ResourceProvider):
    type_name = "AWS::ApiGateway::Method"
    create_only = frozenset(("RestApiId", "ResourceId", "HttpMethod"))

    def _put(self, ctx: ProviderContext, props: dict[str, Any]) -> None:
        apigw = _client(ctx)
        api, resource, method = props["RestApiId"], props["ResourceId"], props["HttpMethod"]
        args = {
            "restApiId": api,
            "resourceId": resource,
            "httpMethod": method,
            "authorizationType": props.get("AuthorizationType", "NONE"),
        }
        args.update(
            _lower_first(
                props,
                (
                    "AuthorizerId",
                    "RequestParameters",
                    "RequestModels",
                    "RequestValidatorId",
                    "OperationName",
                    "AuthorizationScopes",
                ),
            )
        )
        if props.get("ApiKeyRequired") is not None:
            args["apiKeyRequired"] = as_bool(props["ApiKeyRequired"])
        if "requestParameters" in args:
            args["requestParameters"] = {k: as_bool(v) for k, v in args["requestParameters"].items()}
        apigw.put_method(**args)
        for response in props.get("MethodResponses") or []:
            extra = _lower_first(response, ("ResponseModels", "ResponseParameters"))
            if "responseParameters" in extra:
                extra["responseParameters"] = {k: as_bool(v) for k, v in extra["responseParameters"].items()}
            apigw.put_method_response(
                restApiId=api,
                resourceId=resource,
                httpMethod=method,
                statusCode=str(response["StatusCode"]),
                **extra,
            )
        integration = props.get("Integration")
        if integration:
            extra = _lower_first(
                integration,
                (
                    "Uri",
                    "RequestTemplates",
                    "RequestParameters",
                    "PassthroughBehavior",
                    "ContentHandling",
                    "Credentials",
                    "CacheNamespace",
                    "CacheKeyParameters",
                    "ConnectionType",
                    "ConnectionId",
                ),
            )
            if integration.get("IntegrationHttpMethod"):
                extra["integrationHttpMethod"] = integration["IntegrationHttpMethod"]
            elif integration.get("Type") in ("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY"):
                extra["integrationHttpMethod"] = "POST" if integration["Type"].startswith("AWS") else method
            if integration.get("TimeoutInMillis") is not None:
                extra["timeoutInMillis"] = int(integration["TimeoutInMillis"])
            apigw.put_integration(
                restApiId=api, resourceId=resource, httpMethod=method, type=integration["Type"], **extra
            )
            for response in integration.get("IntegrationResponses") or []:
                extra = _lower_first(
                    response,
                    ("SelectionPattern", "ResponseTemplates", "ResponseParameters", "ContentHandling"),
                )
                apigw.put_integration_response(
                    restApiId=api,
                    resourceId=resource,
                    httpMethod=method,
                    statusCode=str(response["StatusCode"]),
                    **extra,
                )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        self._put(ctx, props)
        return Created(_generated_id(ctx))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._remove(ctx, old)
        self._put(ctx, props)
        return Created(physical_id)

    def _remove(self, ctx: ProviderContext, props: dict[str, Any]) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_method(
                restApiId=props["RestApiId"], resourceId=props["ResourceId"], httpMethod=props["HttpMethod"]
            )
        )

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        self._remove(ctx, props)


class Deployment(ResourceProvider):
    type_name = "AWS::ApiGateway::Deployment"
    create_only = frozenset(("RestApiId", "DeploymentCanarySettings"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {"restApiId": props["RestApiId"]}
        if props.get("Description"):
            args["description"] = props["Description"]
        if props.get("StageName"):
            args["stageName"] = props["StageName"]
            stage = props.get("StageDescription") or {}
            if stage.get("Description"):
                args["stageDescription"] = stage["Description"]
            if stage.get("Variables"):
                args["variables"] = stage["Variables"]
        deployment = _client(ctx).create_deployment(**args)
        return Created(deployment["id"], {"DeploymentId": deployment["id"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        if props.get("StageName") and props.get("StageName") == old.get("StageName"):
            created = self.create(ctx, props)
            return created
        if props.get("Description") != old.get("Description"):
            _client(ctx).update_deployment(
                restApiId=props["RestApiId"],
                deploymentId=physical_id,
                patchOperations=[
                    {"op": "replace", "path": "/description", "value": props.get("Description", "")}
                ],
            )
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        apigw = _client(ctx)
        if props.get("StageName"):
            ignore_missing(
                lambda: apigw.delete_stage(restApiId=props["RestApiId"], stageName=props["StageName"])
            )
        ignore_missing(
            lambda: apigw.delete_deployment(restApiId=props["RestApiId"], deploymentId=physical_id),
            "BadRequestException",
        )


class Stage(ResourceProvider):
    type_name = "AWS::ApiGateway::Stage"
    create_only = frozenset(("RestApiId", "StageName"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("StageName") or _generated_id(ctx).lower()
        args: dict[str, Any] = {
            "restApiId": props["RestApiId"],
            "stageName": name,
            "deploymentId": props["DeploymentId"],
        }
        args.update(_lower_first(props, ("Description", "Variables")))
        if props.get("TracingEnabled") is not None:
            args["tracingEnabled"] = as_bool(props["TracingEnabled"])
        if props.get("CacheClusterEnabled") is not None:
            args["cacheClusterEnabled"] = as_bool(props["CacheClusterEnabled"])
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        _client(ctx).create_stage(**args)
        return Created(name)

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        patches = []
        if props.get("DeploymentId") != old.get("DeploymentId"):
            patches.append({"op": "replace", "path": "/deploymentId", "value": props["DeploymentId"]})
        if props.get("Description") != old.get("Description"):
            patches.append({"op": "replace", "path": "/description", "value": props.get("Description", "")})
        for key, value in (props.get("Variables") or {}).items():
            if (old.get("Variables") or {}).get(key) != value:
                patches.append({"op": "replace", "path": f"/variables/{key}", "value": str(value)})
        for key in set(old.get("Variables") or {}) - set(props.get("Variables") or {}):
            patches.append({"op": "remove", "path": f"/variables/{key}"})
        if patches:
            _client(ctx).update_stage(
                restApiId=props["RestApiId"], stageName=physical_id, patchOperations=patches
            )
        return Created(physical_id)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: _client(ctx).delete_stage(restApiId=props["RestApiId"], stageName=physical_id))


class Account(ResourceProvider):
    type_name = "AWS::ApiGateway::Account"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        if props.get("CloudWatchRoleArn"):
            _client(ctx).update_account(
                patchOperations=[
                    {"op": "replace", "path": "/cloudwatchRoleArn", "value": props["CloudWatchRoleArn"]}
                ]
            )
        return Created(_generated_id(ctx))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self.create(ctx, props)
        return Created(physical_id)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        """The account's settings outlive the resource, as in AWS."""


class Authorizer(ResourceProvider):
    type_name = "AWS::ApiGateway::Authorizer"
    create_only = frozenset(("RestApiId",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {
            "restApiId": props["RestApiId"],
            "name": props.get("Name") or ctx.logical_id,
            "type": props["Type"],
        }
        args.update(
            _lower_first(
                props,
                (
                    "ProviderARNs",
                    "AuthType",
                    "AuthorizerUri",
                    "AuthorizerCredentials",
                    "IdentitySource",
                    "IdentityValidationExpression",
                ),
            )
        )
        if "providerARNs" in args:
            args["providerARNs"] = args.pop("providerARNs")
        if props.get("AuthorizerResultTtlInSeconds") is not None:
            args["authorizerResultTtlInSeconds"] = int(props["AuthorizerResultTtlInSeconds"])
        authorizer = _client(ctx).create_authorizer(**args)
        return Created(authorizer["id"], {"AuthorizerId": authorizer["id"]})

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_authorizer(restApiId=props["RestApiId"], authorizerId=physical_id)
        )


class ApiKey(ResourceProvider):
    type_name = "AWS::ApiGateway::ApiKey"
    create_only = frozenset(("Name", "Value", "GenerateDistinctId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {
            "name": props.get("Name") or _generated_id(ctx),
            "enabled": as_bool(props.get("Enabled", False)),
        }
        args.update(_lower_first(props, ("Description", "Value", "CustomerId")))
        if props.get("StageKeys"):
            args["stageKeys"] = [
                {"restApiId": k.get("RestApiId"), "stageName": k.get("StageName")} for k in props["StageKeys"]
            ]
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        key = _client(ctx).create_api_key(**args)
        return Created(key["id"], {"APIKeyId": key["id"]})

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: _client(ctx).delete_api_key(apiKey=physical_id))


class UsagePlan(ResourceProvider):
    type_name = "AWS::ApiGateway::UsagePlan"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {"name": props.get("UsagePlanName") or _generated_id(ctx)}
        if props.get("Description"):
            args["description"] = props["Description"]
        if props.get("ApiStages"):
            args["apiStages"] = [{"apiId": s["ApiId"], "stage": s["Stage"]} for s in props["ApiStages"]]
        if props.get("Quota"):
            quota = props["Quota"]
            args["quota"] = {
                "limit": int(quota.get("Limit", 0)),
                "offset": int(quota.get("Offset", 0)),
                "period": quota.get("Period", "DAY"),
            }
        if props.get("Throttle"):
            throttle = props["Throttle"]
            args["throttle"] = {
                "burstLimit": int(throttle.get("BurstLimit", 0)),
                "rateLimit": float(throttle.get("RateLimit", 0)),
            }
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        plan = _client(ctx).create_usage_plan(**args)
        return Created(plan["id"], {"Id": plan["id"]})

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: _client(ctx).delete_usage_plan(usagePlanId=physical_id))


class UsagePlanKey(ResourceProvider):
    type_name = "AWS::ApiGateway::UsagePlanKey"
    create_only = frozenset(("KeyId", "KeyType", "UsagePlanId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        _client(ctx).create_usage_plan_key(
            usagePlanId=props["UsagePlanId"], keyId=props["KeyId"], keyType=props.get("KeyType", "API_KEY")
        )
        return Created(props["KeyId"], {"Id": f"{props['UsagePlanId']}:{props['KeyId']}"})

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_usage_plan_key(usagePlanId=props["UsagePlanId"], keyId=physical_id)
        )


class Model(ResourceProvider):
    type_name = "AWS::ApiGateway::Model"
    create_only = frozenset(("RestApiId", "Name", "ContentType"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("Name") or ctx.logical_id
        args = {
            "restApiId": props["RestApiId"],
            "name": name,
            "contentType": props.get("ContentType", "application/json"),
        }
        if props.get("Schema") is not None:
            args["schema"] = json_text(props["Schema"])
        if props.get("Description"):
            args["description"] = props["Description"]
        _client(ctx).create_model(**args)
        return Created(name)

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        patches = [{"op": "replace", "path": "/schema", "value": json_text(props.get("Schema") or {})}]
        _client(ctx).update_model(
            restApiId=props["RestApiId"], modelName=physical_id, patchOperations=patches
        )
        return Created(physical_id)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: _client(ctx).delete_model(restApiId=props["RestApiId"], modelName=physical_id))


class RequestValidator(ResourceProvider):
    type_name = "AWS::ApiGateway::RequestValidator"
    create_only = frozenset(("RestApiId", "Name"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        validator = _client(ctx).create_request_validator(
            restApiId=props["RestApiId"],
            name=props.get("Name") or ctx.logical_id,
            validateRequestBody=as_bool(props.get("ValidateRequestBody", False)),
            validateRequestParameters=as_bool(props.get("ValidateRequestParameters", False)),
        )
        return Created(validator["id"], {"RequestValidatorId": validator["id"]})

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_request_validator(
                restApiId=props["RestApiId"], requestValidatorId=physical_id
            )
        )


class GatewayResponse(ResourceProvider):
    type_name = "AWS::ApiGateway::GatewayResponse"
    create_only = frozenset(("RestApiId", "ResponseType"))

    def _put(self, ctx: ProviderContext, props: dict[str, Any]) -> None:
        args = {"restApiId": props["RestApiId"], "responseType": props["ResponseType"]}
        args.update(_lower_first(props, ("ResponseParameters", "ResponseTemplates")))
        if props.get("StatusCode"):
            args["statusCode"] = str(props["StatusCode"])
        _client(ctx).put_gateway_response(**args)

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        self._put(ctx, props)
        return Created(_generated_id(ctx))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._put(ctx, props)
        return Created(physical_id)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_gateway_response(
                restApiId=props["RestApiId"], responseType=props["ResponseType"]
            )
        )


class DomainName(ResourceProvider):
    type_name = "AWS::ApiGateway::DomainName"
    create_only = frozenset(("DomainName",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {"domainName": props["DomainName"]}
        args.update(_lower_first(props, ("CertificateArn", "RegionalCertificateArn", "SecurityPolicy")))
        if props.get("EndpointConfiguration"):
            args["endpointConfiguration"] = {"types": props["EndpointConfiguration"].get("Types", [])}
        domain = _client(ctx).create_domain_name(**args)
        return Created(
            props["DomainName"],
            {
                "DistributionDomainName": domain.get("distributionDomainName", ""),
                "DistributionHostedZoneId": domain.get("distributionHostedZoneId", ""),
                "RegionalDomainName": domain.get("regionalDomainName", ""),
                "RegionalHostedZoneId": domain.get("regionalHostedZoneId", ""),
            },
        )

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: _client(ctx).delete_domain_name(domainName=physical_id))


class BasePathMapping(ResourceProvider):
    type_name = "AWS::ApiGateway::BasePathMapping"
    create_only = frozenset(("DomainName", "BasePath"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {"domainName": props["DomainName"], "restApiId": props["RestApiId"]}
        if props.get("BasePath"):
            args["basePath"] = props["BasePath"]
        if props.get("Stage"):
            args["stage"] = props["Stage"]
        _client(ctx).create_base_path_mapping(**args)
        return Created(f"{props['DomainName']}/{props.get('BasePath', '(none)')}")

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_base_path_mapping(
                domainName=props["DomainName"], basePath=props.get("BasePath") or "(none)"
            )
        )


PROVIDERS = [
    RestApi,
    Resource,
    Method,
    Deployment,
    Stage,
    Account,
    Authorizer,
    ApiKey,
    UsagePlan,
    UsagePlanKey,
    Model,
    RequestValidator,
    GatewayResponse,
    DomainName,
    BasePathMapping,
]

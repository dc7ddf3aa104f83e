"""Lambda resources: Function (inline ZipFile code with the cfn-response helper, as AWS adds it, or
S3 code), Version, Alias, Permission, EventSourceMapping, LayerVersion, LayerVersionPermission, Url
and EventInvokeConfig."""

from __future__ import annotations

import time
import uuid
from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import as_bool, pick, tags_dict
from localstack.services.cloudformation.providers.inline_code import inline_zip
from localstack.services.cloudformation.providers.lifecycle import (
    PutResource,
    delete_call,
    keep_on_update,
    nothing_to_delete,
)


def _code(props: dict[str, Any]) -> dict[str, Any]:
    code = props.get("Code") or {}
    if code.get("ZipFile") is not None:
        return {"ZipFile": inline_zip(str(code["ZipFile"]), str(props.get("Runtime", "python3.12")))}
    out = {key: code[key] for key in ("S3Bucket", "S3Key", "S3ObjectVersion", "ImageUri") if code.get(key)}
    return out


_CONFIG_KEYS = (
    "Runtime",
    "Handler",
    "Role",
    "Description",
    "Timeout",
    "MemorySize",
    "Layers",
    "KMSKeyArn",
    "TracingConfig",
    "DeadLetterConfig",
    "VpcConfig",
    "EphemeralStorage",
    "LoggingConfig",
    "ImageConfig",
    "FileSystemConfigs",
    "SnapStart",
    "RuntimeManagementConfig",
)


def _config(props: dict[str, Any]) -> dict[str, Any]:
    out = pick(props, _CONFIG_KEYS)
    for key in ("Timeout", "MemorySize"):
        if key in out:
            out[key] = int(out[key])
    if props.get("Environment") is not None:
        out["Environment"] = {
            "Variables": {k: str(v) for k, v in (props["Environment"].get("Variables") or {}).items()}
        }
    return out


def _wait_active(ctx: ProviderContext, name: str) -> dict[str, Any]:
    awslambda = ctx.client("lambda")
    deadline = time.monotonic() + 30
    while True:
        config = awslambda.get_function_configuration(FunctionName=name)
        if config.get("State") != "Pending" and config.get("LastUpdateStatus") != "InProgress":
            return config
        if time.monotonic() > deadline:
            return config
        time.sleep(0.1)


class Function(ResourceProvider):
    type_name = "AWS::Lambda::Function"
    create_only = frozenset(("FunctionName", "PackageType"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        awslambda = ctx.client("lambda")
        name = props.get("FunctionName") or ctx.physical_name(64)
        args: dict[str, Any] = {"FunctionName": name, "Code": _code(props), **_config(props)}
        if props.get("PackageType"):
            args["PackageType"] = props["PackageType"]
        if props.get("Architectures"):
            args["Architectures"] = props["Architectures"]
        tags = tags_dict(ctx, props)
        if tags:
            args["Tags"] = tags
        function = awslambda.create_function(**args)
        if props.get("ReservedConcurrentExecutions") is not None:
            awslambda.put_function_concurrency(
                FunctionName=name, ReservedConcurrentExecutions=int(props["ReservedConcurrentExecutions"])
            )
        _wait_active(ctx, name)
        return Created(name, {"Arn": function["FunctionArn"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        awslambda = ctx.client("lambda")
        if props.get("Code") != old.get("Code"):
            awslambda.update_function_code(FunctionName=physical_id, **_code(props))
            _wait_active(ctx, physical_id)
        config = _config(props)
        if config != _config(old):
            if "Environment" not in config and old.get("Environment"):
                config["Environment"] = {"Variables": {}}
            awslambda.update_function_configuration(FunctionName=physical_id, **config)
            _wait_active(ctx, physical_id)
        if props.get("ReservedConcurrentExecutions") != old.get("ReservedConcurrentExecutions"):
            if props.get("ReservedConcurrentExecutions") is None:
                awslambda.delete_function_concurrency(FunctionName=physical_id)
            else:
                awslambda.put_function_concurrency(
                    FunctionName=physical_id,
                    ReservedConcurrentExecutions=int(props["ReservedConcurrentExecutions"]),
                )
        tags = tags_dict(ctx, props)
        if tags:
            awslambda.tag_resource(Resource=attributes["Arn"], Tags=tags)
        return Created(physical_id, attributes)

    delete = delete_call("lambda", "delete_function", "FunctionName", "ResourceNotFoundException")


class Version(ResourceProvider):
    type_name = "AWS::Lambda::Version"
    create_only = frozenset(
        ("FunctionName", "CodeSha256", "Description", "ProvisionedConcurrencyConfig", "RuntimePolicy")
    )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {"FunctionName": props["FunctionName"]}
        if props.get("Description"):
            args["Description"] = props["Description"]
        version = ctx.client("lambda").publish_version(**args)
        return Created(
            version["FunctionArn"], {"Version": version["Version"], "FunctionArn": version["FunctionArn"]}
        )

    update = keep_on_update

    # Versions stay (as AWS keeps them when the resource goes, unless the function goes too).
    delete = nothing_to_delete


class Alias(ResourceProvider):
    type_name = "AWS::Lambda::Alias"
    create_only = frozenset(("FunctionName", "Name"))

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        args = {
            "FunctionName": props["FunctionName"],
            "Name": props["Name"],
            "FunctionVersion": str(props["FunctionVersion"]),
        }
        if props.get("Description") is not None:
            args["Description"] = props["Description"]
        if props.get("RoutingConfig"):
            weights = props["RoutingConfig"].get("AdditionalVersionWeights") or []
            args["RoutingConfig"] = {
                "AdditionalVersionWeights": {
                    w["FunctionVersion"]: float(w["FunctionWeight"]) for w in weights
                }
            }
        return args

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        alias = ctx.client("lambda").create_alias(**self._args(props))
        return Created(alias["AliasArn"], {"AliasArn": alias["AliasArn"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("lambda").update_alias(**self._args(props))
        return Created(physical_id, attributes)

    delete = delete_call(
        "lambda", "delete_alias", None, with_props={"FunctionName": "FunctionName", "Name": "Name"}
    )


class Permission(ResourceProvider):
    type_name = "AWS::Lambda::Permission"
    create_only = frozenset(
        (
            "Action",
            "FunctionName",
            "Principal",
            "SourceAccount",
            "SourceArn",
            "EventSourceToken",
            "FunctionUrlAuthType",
            "PrincipalOrgID",
        )
    )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        statement_id = f"{ctx.stack_name}-{ctx.logical_id}-{uuid.uuid4().hex[:12]}"[:100]
        args = {
            "FunctionName": props["FunctionName"],
            "StatementId": statement_id,
            "Action": props["Action"],
            "Principal": props["Principal"],
        }
        for key in (
            "SourceArn",
            "SourceAccount",
            "EventSourceToken",
            "FunctionUrlAuthType",
            "PrincipalOrgID",
        ):
            if props.get(key):
                args[key] = props[key]
        ctx.client("lambda").add_permission(**args)
        return Created(statement_id)

    delete = delete_call(
        "lambda", "remove_permission", "StatementId", with_props={"FunctionName": "FunctionName"}
    )


_MAPPING_KEYS = (
    "BatchSize",
    "Enabled",
    "MaximumBatchingWindowInSeconds",
    "FilterCriteria",
    "FunctionResponseTypes",
    "MaximumRecordAgeInSeconds",
    "MaximumRetryAttempts",
    "BisectBatchOnFunctionError",
    "ParallelizationFactor",
    "DestinationConfig",
    "TumblingWindowInSeconds",
    "ScalingConfig",
)


class EventSourceMapping(ResourceProvider):
    type_name = "AWS::Lambda::EventSourceMapping"
    create_only = frozenset(
        (
            "EventSourceArn",
            "StartingPosition",
            "StartingPositionTimestamp",
            "Queues",
            "Topics",
            "SelfManagedEventSource",
        )
    )

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        args = pick(props, _MAPPING_KEYS)
        for key in (
            "BatchSize",
            "MaximumBatchingWindowInSeconds",
            "MaximumRecordAgeInSeconds",
            "MaximumRetryAttempts",
            "ParallelizationFactor",
            "TumblingWindowInSeconds",
        ):
            if key in args:
                args[key] = int(args[key])
        for key in ("Enabled", "BisectBatchOnFunctionError"):
            if key in args:
                args[key] = as_bool(args[key])
        return args

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {"FunctionName": props["FunctionName"], **self._args(props)}
        for key in ("EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "Queues", "Topics"):
            if props.get(key) is not None:
                args[key] = props[key]
        mapping = ctx.client("lambda").create_event_source_mapping(**args)
        return Created(
            mapping["UUID"],
            {"Id": mapping["UUID"], "EventSourceMappingArn": mapping.get("EventSourceMappingArn", "")},
        )

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("lambda").update_event_source_mapping(
            UUID=physical_id, FunctionName=props["FunctionName"], **self._args(props)
        )
        return Created(physical_id, attributes)

    delete = delete_call("lambda", "delete_event_source_mapping", "UUID")


class LayerVersion(ResourceProvider):
    type_name = "AWS::Lambda::LayerVersion"
    create_only = frozenset(
        (
            "Content",
            "LayerName",
            "CompatibleRuntimes",
            "CompatibleArchitectures",
            "Description",
            "LicenseInfo",
        )
    )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        content = {
            key: props["Content"][key]
            for key in ("S3Bucket", "S3Key", "S3ObjectVersion")
            if props["Content"].get(key)
        }
        args: dict[str, Any] = {
            "LayerName": props.get("LayerName") or ctx.physical_name(64),
            "Content": content,
        }
        for key in ("CompatibleRuntimes", "CompatibleArchitectures", "Description", "LicenseInfo"):
            if props.get(key):
                args[key] = props[key]
        layer = ctx.client("lambda").publish_layer_version(**args)
        return Created(layer["LayerVersionArn"], {"LayerVersionArn": layer["LayerVersionArn"]})

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        name, version = physical_id.rsplit(":", 1)
        ignore_missing(
            lambda: ctx.client("lambda").delete_layer_version(LayerName=name, VersionNumber=int(version))
        )


class LayerVersionPermission(ResourceProvider):
    type_name = "AWS::Lambda::LayerVersionPermission"
    create_only = frozenset(("Action", "LayerVersionArn", "OrganizationId", "Principal"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name, version = props["LayerVersionArn"].rsplit(":", 1)
        statement_id = f"{ctx.logical_id}-{uuid.uuid4().hex[:12]}"
        args = {
            "LayerName": name,
            "VersionNumber": int(version),
            "StatementId": statement_id,
            "Action": props["Action"],
            "Principal": props["Principal"],
        }
        if props.get("OrganizationId"):
            args["OrganizationId"] = props["OrganizationId"]
        ctx.client("lambda").add_layer_version_permission(**args)
        return Created(f"{props['LayerVersionArn']}#{statement_id}")

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        arn, _, statement_id = physical_id.partition("#")
        name, version = arn.rsplit(":", 1)
        ignore_missing(
            lambda: ctx.client("lambda").remove_layer_version_permission(
                LayerName=name, VersionNumber=int(version), StatementId=statement_id
            )
        )


class Url(ResourceProvider):
    type_name = "AWS::Lambda::Url"
    create_only = frozenset(("TargetFunctionArn", "Qualifier"))

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        args: dict[str, Any] = {"FunctionName": props["TargetFunctionArn"], "AuthType": props["AuthType"]}
        if props.get("Qualifier"):
            args["Qualifier"] = props["Qualifier"]
        if props.get("Cors"):
            args["Cors"] = props["Cors"]
        if props.get("InvokeMode"):
            args["InvokeMode"] = props["InvokeMode"]
        return args

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        config = ctx.client("lambda").create_function_url_config(**self._args(props))
        return Created(
            config["FunctionArn"],
            {"FunctionArn": config["FunctionArn"], "FunctionUrl": config["FunctionUrl"]},
        )

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("lambda").update_function_url_config(**self._args(props))
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        args = {
            "FunctionName": props["TargetFunctionArn"],
            **({"Qualifier": props["Qualifier"]} if props.get("Qualifier") else {}),
        }
        ignore_missing(lambda: ctx.client("lambda").delete_function_url_config(**args))


class EventInvokeConfig(PutResource):
    type_name = "AWS::Lambda::EventInvokeConfig"
    create_only = frozenset(("FunctionName", "Qualifier"))

    def new_id(self, ctx: ProviderContext, props: dict[str, Any]) -> str:
        return f"{props['FunctionName']}:{props.get('Qualifier', '$LATEST')}"

    def put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        args: dict[str, Any] = {
            "FunctionName": props["FunctionName"],
            "Qualifier": str(props.get("Qualifier", "$LATEST")),
        }
        for key in ("MaximumEventAgeInSeconds", "MaximumRetryAttempts"):
            if props.get(key) is not None:
                args[key] = int(props[key])
        if props.get("DestinationConfig"):
            args["DestinationConfig"] = props["DestinationConfig"]
        ctx.client("lambda").put_function_event_invoke_config(**args)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        args = {"FunctionName": props["FunctionName"], "Qualifier": str(props.get("Qualifier", "$LATEST"))}
        ignore_missing(lambda: ctx.client("lambda").delete_function_event_invoke_config(**args))


PROVIDERS = [
    Function,
    Version,
    Alias,
    Permission,
    EventSourceMapping,
    LayerVersion,
    LayerVersionPermission,
    Url,
    EventInvokeConfig,
]

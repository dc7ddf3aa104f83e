"""Lambda's RevisionId as AWS answers it (LocalStack's AWS-validated recordings, test_lambda_api
`test_function_revisions_*`): every configuration, alias and policy carries one, each change makes a
new one, and a change naming an old one is refused with 412 PreconditionFailedException."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.error_support import client_error as _error
from tests.integration.lambda_functions import ROLE, echo_zip
from tests.persistent_server import PersistentServer

FUNCTION_MISMATCH = (
    "The Revision Id provided does not match the latest Revision Id. "
    "Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
)
POLICY_MISMATCH = (
    "The Revision Id provided does not match the latest Revision Id. "
    "Call the GetPolicy API to retrieve the latest Revision Id"
)


@pytest.fixture
def client(aws_client: Any) -> Any:
    return aws_client("lambda")


@pytest.fixture
def function(client: Any, unique_name: Any) -> Any:
    name = unique_name("rev")
    created = client.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="h.h", Code={"ZipFile": echo_zip()}
    )
    yield name, created["RevisionId"]
    client.delete_function(FunctionName=name)


def _revision(client: Any, name: str, qualifier: str | None = None) -> str:
    kwargs = {"Qualifier": qualifier} if qualifier else {}
    return client.get_function(FunctionName=name, **kwargs)["Configuration"]["RevisionId"]


def test_updates_change_the_revision_and_refuse_a_stale_one(client: Any, function: Any) -> None:
    name, created = function
    active = _revision(client, name)
    # The create answers one id; the function once active has another.
    assert created and active and created != active
    assert client.get_function_configuration(FunctionName=name)["RevisionId"] == active
    assert _error(client.update_function_code, FunctionName=name, ZipFile=echo_zip(), RevisionId="wrong") == (
        412,
        "PreconditionFailedException",
        FUNCTION_MISMATCH,
    )
    updated = client.update_function_code(FunctionName=name, ZipFile=echo_zip(), RevisionId=active)
    assert updated["RevisionId"] not in (active, None)
    settled = _revision(client, name)
    assert settled != updated["RevisionId"]
    assert _error(
        client.update_function_configuration, FunctionName=name, Description="x", RevisionId=active
    ) == (412, "PreconditionFailedException", FUNCTION_MISMATCH)
    configured = client.update_function_configuration(FunctionName=name, Description="x", RevisionId=settled)
    assert configured["RevisionId"] != settled
    assert _revision(client, name) != configured["RevisionId"]
    listed = {f["FunctionName"]: f for f in client.list_functions()["Functions"]}
    assert listed[name]["RevisionId"] == _revision(client, name)


def test_publish_version_and_aliases(client: Any, function: Any) -> None:
    name, _ = function
    latest = _revision(client, name)
    assert _error(client.publish_version, FunctionName=name, RevisionId="wrong") == (
        412,
        "PreconditionFailedException",
        FUNCTION_MISMATCH,
    )
    published = client.publish_version(FunctionName=name, RevisionId=latest)
    version = published["Version"]
    assert published["RevisionId"] != latest
    # Publishing changes $LATEST's id; the version keeps the id it was published with.
    assert _revision(client, name, version) == published["RevisionId"]
    after_publish = _revision(client, name)
    assert after_publish != latest
    alias = client.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    assert alias["RevisionId"] not in (published["RevisionId"], None)
    assert _revision(client, name) == after_publish
    assert _revision(client, name, version) == published["RevisionId"]
    assert client.get_alias(FunctionName=name, Name="live")["RevisionId"] == alias["RevisionId"]
    assert _error(client.update_alias, FunctionName=name, Name="live", RevisionId="wrong") == (
        412,
        "PreconditionFailedException",
        FUNCTION_MISMATCH,
    )
    updated = client.update_alias(
        FunctionName=name, Name="live", Description="changed", RevisionId=alias["RevisionId"]
    )
    assert updated["RevisionId"] != alias["RevisionId"]
    assert client.list_aliases(FunctionName=name)["Aliases"][0]["RevisionId"] == updated["RevisionId"]
    versions = {
        v["Version"]: v["RevisionId"] for v in client.list_versions_by_function(FunctionName=name)["Versions"]
    }
    assert versions == {"$LATEST": after_publish, version: published["RevisionId"]}
    client.delete_alias(FunctionName=name, Name="live")


def test_permissions_change_the_function_revision(client: Any, function: Any) -> None:
    name, _ = function
    active = _revision(client, name)
    permission = {"Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}
    assert _error(
        client.add_permission, FunctionName=name, StatementId="s3", RevisionId="wrong", **permission
    ) == (
        412,
        "PreconditionFailedException",
        POLICY_MISMATCH,
    )
    client.add_permission(FunctionName=name, StatementId="s3", RevisionId=active, **permission)
    policy_revision = client.get_policy(FunctionName=name)["RevisionId"]
    assert policy_revision != active
    # The policy's revision is the function's.
    assert _revision(client, name) == policy_revision
    assert _error(client.remove_permission, FunctionName=name, StatementId="s3", RevisionId="wrong") == (
        412,
        "PreconditionFailedException",
        POLICY_MISMATCH,
    )
    client.remove_permission(FunctionName=name, StatementId="s3", RevisionId=policy_revision)
    assert _revision(client, name) != policy_revision


def test_latest_is_a_function_url_qualifier(client: Any, function: Any) -> None:
    """AWS's API reference allows `$LATEST` as a function URL's Qualifier (botocore's older pattern
    did not): it names the function's own URL. A number is no alias name, and is refused."""
    name, _ = function
    created = client.create_function_url_config(FunctionName=name, Qualifier="$LATEST", AuthType="NONE")
    assert client.get_function_url_config(FunctionName=name)["FunctionUrl"] == created["FunctionUrl"]
    got = client.get_function_url_config(FunctionName=name, Qualifier="$LATEST")
    assert got["FunctionUrl"] == created["FunctionUrl"]
    client.delete_function_url_config(FunctionName=name, Qualifier="$LATEST")
    assert _error(client.get_function_url_config, FunctionName=name, Qualifier="1") == (
        400,
        "ValidationException",
        "1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must "
        r"satisfy regular expression pattern: (^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))",
    )


def _revisions(server: Any) -> dict[str, str]:
    awslambda = server.client("lambda")
    return {
        "latest": _revision(awslambda, "rev-fn"),
        "version": _revision(awslambda, "rev-fn", "1"),
        "alias": awslambda.get_alias(FunctionName="rev-fn", Name="live")["RevisionId"],
        "policy": awslambda.get_policy(FunctionName="rev-fn")["RevisionId"],
    }


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_revisions_survive_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["lambda", "iam", "sts"]).start()
    try:
        iam = server.client("iam")
        iam.create_role(RoleName="persisted", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17"}))
        awslambda = server.client("lambda")
        awslambda.create_function(
            FunctionName="rev-fn",
            Runtime="python3.12",
            Role="arn:aws:iam::000000000000:role/persisted",
            Handler="h.h",
            Code={"ZipFile": echo_zip()},
        )
        awslambda.publish_version(FunctionName="rev-fn")
        awslambda.create_alias(FunctionName="rev-fn", Name="live", FunctionVersion="1")
        awslambda.update_alias(FunctionName="rev-fn", Name="live", Description="moved")
        awslambda.add_permission(
            FunctionName="rev-fn",
            StatementId="s3",
            Action="lambda:InvokeFunction",
            Principal="s3.amazonaws.com",
        )
        stale = _revision(awslambda, "rev-fn")
        awslambda.update_function_configuration(FunctionName="rev-fn", Description="changed")
        expected = _revisions(server)
        server.restart(kill=how == "kill")
        assert _revisions(server) == expected
        awslambda = server.client("lambda")
        assert _error(
            awslambda.update_function_configuration, FunctionName="rev-fn", Description="y", RevisionId=stale
        ) == (412, "PreconditionFailedException", FUNCTION_MISMATCH)
        awslambda.update_function_configuration(
            FunctionName="rev-fn", Description="y", RevisionId=expected["latest"]
        )
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()[-5000:]


@pytest.fixture
def loose(aws_client: Any) -> Any:
    """A client that sends what botocore's own checks would stop (empty maps, any qualifier)."""
    return aws_client("lambda", config={"parameter_validation": False})


def _invalid(message: str) -> tuple[int, str, str]:
    return (400, "InvalidParameterValueException", message)


def test_tag_refusals(loose: Any, function: Any) -> None:
    name, _ = function
    arn = loose.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    version = loose.publish_version(FunctionName=name)["Version"]
    qualified = _invalid(
        "Tags on function aliases and versions are not supported. Please specify a function ARN."
    )
    assert _error(loose.tag_resource, Resource=f"{arn}:{version}", Tags={"a": "b"}) == qualified
    assert _error(loose.tag_resource, Resource=f"{arn}:$LATEST", Tags={"a": "b"}) == qualified
    assert _error(loose.tag_resource, Resource=arn, Tags={}) == _invalid(
        "An error occurred and the request cannot be processed."
    )
    too_many = {f"{index}_key": f"{index}_value" for index in range(51)}
    assert _error(loose.tag_resource, Resource=arn, Tags=too_many) == _invalid(
        "Number of tags exceeds resource tag limit."
    )
    assert loose.list_tags(Resource=arn)["Tags"] == {}
    loose.tag_resource(Resource=arn, Tags={key: too_many[key] for key in list(too_many)[:50]})
    assert len(loose.list_tags(Resource=arn)["Tags"]) == 50


def test_concurrency_refusals(loose: Any, function: Any) -> None:
    name, _ = function
    arn = loose.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    version = loose.publish_version(FunctionName=name)["Version"]
    assert _error(
        loose.put_function_concurrency, FunctionName=f"{arn}:{version}", ReservedConcurrentExecutions=1
    ) == (
        _invalid(
            "This operation is permitted on Lambda functions only. Aliases and versions do not support this "
            "operation. Please specify either a function name or an unqualified function ARN."
        )
    )
    not_published = _invalid("The function resource provided must be an alias or a published version.")
    assert (
        _error(loose.get_provisioned_concurrency_config, FunctionName=name, Qualifier="$LATEST")
        == not_published
    )
    assert (
        _error(loose.delete_provisioned_concurrency_config, FunctionName=name, Qualifier="$LATEST")
        == not_published
    )
    assert _error(loose.get_provisioned_concurrency_config, FunctionName=name, Qualifier="noalias") == (
        404,
        "ResourceNotFoundException",
        f"Cannot find alias arn: {arn}:noalias",
    )
    # Deleting a configuration that does not exist succeeds.
    deleted = loose.delete_provisioned_concurrency_config(FunctionName=name, Qualifier=version)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_event_invoke_config_refusals(loose: Any, function: Any) -> None:
    name, _ = function
    arn = loose.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    assert _error(loose.put_function_event_invoke_config, FunctionName=name) == _invalid(
        "You must specify at least one of error handling or destination setting."
    )
    assert _error(
        loose.put_function_event_invoke_config, FunctionName="doesnotexist", MaximumRetryAttempts=1
    ) == (
        404,
        "ResourceNotFoundException",
        "The function doesn't exist.",
    )
    assert _error(
        loose.put_function_event_invoke_config,
        FunctionName=name,
        DestinationConfig={"OnSuccess": {"Destination": arn}},
    ) == _invalid("You can't specify the function as a destination for itself.")
    assert _error(loose.get_function_event_invoke_config, FunctionName=name) == (
        404,
        "ResourceNotFoundException",
        f"The function {arn}:$LATEST doesn't have an EventInvokeConfig",
    )
    missing = arn.rsplit(":", 1)[0] + ":doesnotexist"
    assert _error(
        loose.put_function_event_invoke_config,
        FunctionName=name,
        DestinationConfig={"OnFailure": {"Destination": missing}},
    ) == _invalid(f"The destination ARN {missing} is invalid.")


def test_alias_routing_refusals(loose: Any, function: Any) -> None:
    name, _ = function
    version = loose.publish_version(FunctionName=name)["Version"]
    assert _error(
        loose.create_alias,
        FunctionName=name,
        Name="a",
        FunctionVersion=version,
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.1, "3": 0.1}},
    ) == _invalid("Number of items in AdditionalVersionWeights cannot be greater than 1")
    assert _error(
        loose.create_alias,
        FunctionName=name,
        Name="a",
        FunctionVersion=version,
        RoutingConfig={"AdditionalVersionWeights": {version: 0.1}},
    ) == _invalid(
        f"Invalid function version {version}. Function version {version} is already included in routing "
        "configuration."
    )
    assert loose.list_aliases(FunctionName=name)["Aliases"] == []


def test_event_source_mapping_refusals(loose: Any, function: Any) -> None:
    name, _ = function
    assert _error(loose.create_event_source_mapping, FunctionName=name) == _invalid(
        "Unrecognized event source."
    )
    assert _error(
        loose.create_event_source_mapping,
        FunctionName="doesnotexist",
        EventSourceArn="arn:aws:sqs:us-east-1:000000000000:some-queue",
    ) == _invalid("Function does not exist")


def test_layer_policy_refusals(loose: Any, unique_name: Any) -> None:
    name = unique_name("layer")
    arn = loose.publish_layer_version(LayerName=name, Content={"ZipFile": echo_zip()})["LayerArn"]
    try:
        assert _error(loose.get_layer_version_policy, LayerName=name, VersionNumber=1) == (
            404,
            "ResourceNotFoundException",
            "No policy is associated with the given resource.",
        )
        grant = {"Action": "lambda:GetLayerVersion", "Principal": "*"}
        added = loose.add_layer_version_permission(LayerName=name, VersionNumber=1, StatementId="s1", **grant)
        mismatch = (
            412,
            "PreconditionFailedException",
            "The Revision Id provided does not match the latest Revision Id. "
            "Call the GetLayerPolicy API to retrieve the latest Revision Id",
        )
        assert (
            _error(
                loose.add_layer_version_permission,
                LayerName=name,
                VersionNumber=1,
                StatementId="s2",
                RevisionId="wrong",
                **grant,
            )
            == mismatch
        )
        assert (
            _error(
                loose.remove_layer_version_permission,
                LayerName=name,
                VersionNumber=1,
                StatementId="s1",
                RevisionId="wrong",
            )
            == mismatch
        )
        for layer, version in ((f"{name}-doesnotexist", 1), (name, 2)):
            layer_arn = arn if layer == name else f"{arn}-doesnotexist"
            missing = (
                404,
                "ResourceNotFoundException",
                f"Layer version {layer_arn}:{version} does not exist.",
            )
            assert _error(loose.get_layer_version_policy, LayerName=layer, VersionNumber=version) == missing
            assert (
                _error(
                    loose.add_layer_version_permission,
                    LayerName=layer,
                    VersionNumber=version,
                    StatementId="s3",
                    **grant,
                )
                == missing
            )
        loose.remove_layer_version_permission(
            LayerName=name, VersionNumber=1, StatementId="s1", RevisionId=added["RevisionId"]
        )
    finally:
        loose.delete_layer_version(LayerName=name, VersionNumber=1)

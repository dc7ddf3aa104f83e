"""Function URLs of an alias (`Qualifier`): one URL per alias, its FunctionArn names the alias, calls run
the alias's version; a version number is refused."""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
import requests
from botocore.exceptions import ClientError

HANDLER = """
import json, os

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps(
        {"version": os.environ.get("STAGE"), "arn": context.invoked_function_arn})}
"""


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", HANDLER)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def awslambda(aws_client: Any) -> Any:
    return aws_client("lambda")


@pytest.fixture(scope="module")
def aliased(awslambda: Any) -> Iterator[dict[str, str]]:
    """A function whose alias `live` points at version 1 (STAGE=one) while $LATEST has V=two."""
    name = f"url-alias-{uuid.uuid4().hex[:8]}"
    arn = awslambda.create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role="arn:aws:iam::000000000000:role/url-alias-role",
        Handler="index.handler",
        Code={"ZipFile": _zip()},
        Environment={"Variables": {"STAGE": "one"}},
    )["FunctionArn"]
    waiter = {"WaiterConfig": {"Delay": 0.5}}
    awslambda.get_waiter("function_active_v2").wait(FunctionName=name, **waiter)
    version = awslambda.publish_version(FunctionName=name)["Version"]
    awslambda.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    awslambda.update_function_configuration(FunctionName=name, Environment={"Variables": {"STAGE": "two"}})
    awslambda.get_waiter("function_updated_v2").wait(FunctionName=name, **waiter)
    try:
        yield {"name": name, "arn": arn}
    finally:
        awslambda.delete_function(FunctionName=name)


def _call(url: str, edge_port: int) -> requests.Response:
    """Send to the edge with the URL's host, as a client resolving *.localhost.localstack.cloud would."""
    parts = urlsplit(url)
    return requests.get(f"http://127.0.0.1:{edge_port}/", headers={"Host": parts.netloc}, timeout=30)


def test_alias_url_lifecycle(awslambda, aliased, server):
    name, arn = aliased["name"], aliased["arn"]
    created = awslambda.create_function_url_config(FunctionName=name, Qualifier="live", AuthType="NONE")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["FunctionArn"] == f"{arn}:live"
    assert created["AuthType"] == "NONE"
    url = created["FunctionUrl"]
    try:
        got = awslambda.get_function_url_config(FunctionName=name, Qualifier="live")
        assert got["FunctionUrl"] == url
        assert got["FunctionArn"] == f"{arn}:live"
        assert "LastModifiedTime" in got

        # the alias runs its version (STAGE=one), not $LATEST (STAGE=two)
        answer = _call(url, server.edge_port)
        assert answer.status_code == 200
        assert answer.json()["version"] == "one"
        assert answer.json()["arn"] == f"{arn}:live"

        # the function's own URL is another URL, running $LATEST
        own = awslambda.create_function_url_config(FunctionName=name, AuthType="NONE")
        assert own["FunctionUrl"] != url
        assert own["FunctionArn"] == arn
        assert own["InvokeMode"] == "BUFFERED" and created["InvokeMode"] == "BUFFERED"
        assert _call(own["FunctionUrl"], server.edge_port).json()["version"] == "two"
        listed = awslambda.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"]
        assert sorted(config["FunctionArn"] for config in listed) == sorted([arn, f"{arn}:live"])
        awslambda.delete_function_url_config(FunctionName=name)

        updated = awslambda.update_function_url_config(
            FunctionName=name, Qualifier="live", AuthType="AWS_IAM", Cors={"AllowOrigins": ["*"]}
        )
        assert updated["AuthType"] == "AWS_IAM"
        assert updated["Cors"]["AllowOrigins"] == ["*"]
        assert _call(url, server.edge_port).status_code == 403

        with pytest.raises(ClientError) as again:
            awslambda.create_function_url_config(FunctionName=name, Qualifier="live", AuthType="NONE")
        assert again.value.response["Error"]["Code"] == "ResourceConflictException"
    finally:
        awslambda.delete_function_url_config(FunctionName=name, Qualifier="live")
    with pytest.raises(ClientError) as gone:
        awslambda.get_function_url_config(FunctionName=name, Qualifier="live")
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert _call(url, server.edge_port).status_code == 403


def test_unknown_alias_and_version_qualifier(awslambda, aliased):
    name = aliased["name"]
    with pytest.raises(ClientError) as unknown:
        awslambda.create_function_url_config(FunctionName=name, Qualifier="nope", AuthType="NONE")
    assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert unknown.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(ClientError) as version:
        awslambda.create_function_url_config(FunctionName=name, Qualifier="1", AuthType="NONE")
    assert version.value.response["Error"]["Code"] == "ValidationException"
    assert "qualifier" in version.value.response["Error"]["Message"]


def test_deleting_the_alias_drops_its_url(awslambda, aliased, server):
    name = aliased["name"]
    awslambda.create_alias(FunctionName=name, Name="brief", FunctionVersion="1")
    url = awslambda.create_function_url_config(FunctionName=name, Qualifier="brief", AuthType="NONE")[
        "FunctionUrl"
    ]
    assert _call(url, server.edge_port).status_code == 200
    awslambda.delete_alias(FunctionName=name, Name="brief")
    assert _call(url, server.edge_port).status_code == 403
    awslambda.create_alias(FunctionName=name, Name="brief", FunctionVersion="1")
    with pytest.raises(ClientError) as gone:
        awslambda.get_function_url_config(FunctionName=name, Qualifier="brief")
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
    awslambda.delete_alias(FunctionName=name, Name="brief")


def test_alias_arn_names_the_alias(awslambda, aliased, server):
    """A qualified ARN as FunctionName is the alias's URL (SAM's AWS::Lambda::Url has TargetFunctionArn
    !Ref of the alias, no Qualifier)."""
    alias_arn = f"{aliased['arn']}:live"
    created = awslambda.create_function_url_config(FunctionName=alias_arn, AuthType="NONE")
    try:
        assert created["FunctionArn"] == alias_arn
        got = awslambda.get_function_url_config(FunctionName=aliased["name"], Qualifier="live")
        assert got["FunctionUrl"] == created["FunctionUrl"]
        assert _call(created["FunctionUrl"], server.edge_port).json()["version"] == "one"
    finally:
        awslambda.delete_function_url_config(FunctionName=alias_arn)
    with pytest.raises(ClientError) as gone:
        awslambda.get_function_url_config(FunctionName=alias_arn)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"

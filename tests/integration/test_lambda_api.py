"""The Lambda API through the edge and the legacy port: functions and tags; running code is a later issue."""

from __future__ import annotations

import contextlib
import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.lambda_functions import zip_files

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
HANDLER_SOURCE = "def handler(event, context):\n    return {'echo': event}\n"


def _zip_of(source: str) -> bytes:
    return zip_files({"handler.py": source})


@pytest.fixture(params=[False, True], ids=["edge", "legacy"])
def awslambda(request, aws_client):
    return aws_client("lambda", legacy=request.param)


@pytest.fixture
def function(awslambda, unique_name):
    name = unique_name("fn")
    created = awslambda.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="handler.handler",
        Code={"ZipFile": _zip_of(HANDLER_SOURCE)},
        Tags={"team": "core"},
        Environment={"Variables": {"STAGE": "test"}},
    )
    yield created
    awslambda.delete_function(FunctionName=name)


def test_create_get_list(awslambda, function):
    name = function["FunctionName"]
    assert function["FunctionArn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert function["Runtime"] == "python3.12"
    fetched = awslambda.get_function(FunctionName=name)
    configuration = fetched["Configuration"]
    assert configuration["Handler"] == "handler.handler"
    assert configuration["Environment"]["Variables"] == {"STAGE": "test"}
    assert configuration["CodeSize"] == len(_zip_of(HANDLER_SOURCE))
    assert "Location" in fetched["Code"]
    names = [
        f["FunctionName"]
        for page in awslambda.get_paginator("list_functions").paginate()
        for f in page["Functions"]
    ]
    assert name in names


def test_tags(awslambda, function):
    arn = function["FunctionArn"]
    assert awslambda.list_tags(Resource=arn)["Tags"] == {"team": "core"}
    awslambda.tag_resource(Resource=arn, Tags={"stage": "dev"})
    assert awslambda.list_tags(Resource=arn)["Tags"] == {"team": "core", "stage": "dev"}
    awslambda.untag_resource(Resource=arn, TagKeys=["team"])
    assert awslambda.list_tags(Resource=arn)["Tags"] == {"stage": "dev"}


def test_update_configuration(awslambda, function):
    name = function["FunctionName"]
    awslambda.update_function_configuration(FunctionName=name, Timeout=30, MemorySize=256)
    configuration = awslambda.get_function_configuration(FunctionName=name)
    assert (configuration["Timeout"], configuration["MemorySize"]) == (30, 256)


def test_delete_then_missing(awslambda, unique_name):
    name = unique_name("fn")
    awslambda.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="handler.handler",
        Code={"ZipFile": _zip_of(HANDLER_SOURCE)},
    )
    awslambda.delete_function(FunctionName=name)
    with pytest.raises(ClientError) as error:
        awslambda.get_function(FunctionName=name)
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_invoke_answers_in_aws_shape(awslambda, function, aws_client):
    """Running code is a later issue; an invoke must still get an answer and leave the server serving."""
    name = function["FunctionName"]
    try:
        response = awslambda.invoke(FunctionName=name, Payload=json.dumps({"x": 1}).encode())
    except ClientError as error:
        # An AWS error document (code and status) is an acceptable answer here.
        assert error.response["Error"]["Code"]
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] >= 400
    else:
        assert response["StatusCode"] in (200, 202, 204)
        assert "Payload" in response
    # The server goes on serving after the invoke.
    assert awslambda.get_function(FunctionName=name)["Configuration"]["FunctionName"] == name


def test_invoke_missing_function(awslambda, unique_name):
    with pytest.raises(ClientError) as error:
        awslambda.invoke(FunctionName=unique_name("missing"), Payload=b"{}")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_create_from_s3_and_publish_version(awslambda, aws_client, unique_name):
    s3 = aws_client("s3")
    bucket, name = unique_name("code"), unique_name("fn")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="fn.zip", Body=_zip_of(HANDLER_SOURCE))
    try:
        created = awslambda.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=ROLE,
            Handler="handler.handler",
            Code={"S3Bucket": bucket, "S3Key": "fn.zip"},
        )
        assert created["CodeSize"] == len(_zip_of(HANDLER_SOURCE))
        version = awslambda.publish_version(FunctionName=name)["Version"]
        assert version == "1"
        versions = [v["Version"] for v in awslambda.list_versions_by_function(FunctionName=name)["Versions"]]
        assert versions == ["$LATEST", "1"]
    finally:
        with contextlib.suppress(ClientError):
            awslambda.delete_function(FunctionName=name)
        s3.delete_object(Bucket=bucket, Key="fn.zip")
        s3.delete_bucket(Bucket=bucket)

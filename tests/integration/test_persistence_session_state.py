"""PERSISTENCE=1 keeps the state this session's features added beside moto's own (each checked after a
stop, and after a kill -9 that replays the request log): Lambda function URLs of an alias, S3 version
ids with their creation time (a deleted version's id still places a version listing), SQS SenderId of
an IAM user's message, KMS on-demand rotations (and their quota count), and apigatewayv2 ImportApi."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
import requests
from botocore.config import Config as BotoConfig

from localstack import constants
from tests.persistent_server import PersistentServer

ROLE = "arn:aws:iam::000000000000:role/persisted"
SERVICES = ["lambda", "iam", "sts", "s3", "sqs", "kms", "apigatewayv2"]
OPENAPI = {
    "openapi": "3.0.1",
    "info": {"title": "imported-api", "version": "1.0"},
    "paths": {
        "/pets": {
            "get": {
                "x-amazon-apigateway-integration": {
                    "type": "HTTP_PROXY",
                    "httpMethod": "GET",
                    "uri": "https://example.com/pets",
                    "payloadFormatVersion": "1.0",
                }
            }
        }
    },
}


def _zip(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", source)
    return buffer.getvalue()


def _clean(answer: dict) -> dict:
    answer.pop("ResponseMetadata", None)
    return answer


def _set_up(server: PersistentServer) -> dict:
    known: dict = {}
    iam = server.client("iam")
    iam.create_role(RoleName="persisted", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17"}))
    awslambda = server.client("lambda")
    awslambda.create_function(
        FunctionName="url-fn",
        Runtime="python3.11",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": _zip("def handler(event, context):\n    return 'ok'\n")},
    )
    version = awslambda.publish_version(FunctionName="url-fn")["Version"]
    awslambda.create_alias(FunctionName="url-fn", Name="live", FunctionVersion=version)
    awslambda.create_function_url_config(FunctionName="url-fn", Qualifier="live", AuthType="NONE")

    s3 = server.client("s3")
    s3.create_bucket(Bucket="versions-kept")
    s3.put_bucket_versioning(Bucket="versions-kept", VersioningConfiguration={"Status": "Enabled"})
    ids = [s3.put_object(Bucket="versions-kept", Key="k", Body=b"v%d" % n)["VersionId"] for n in range(3)]
    s3.delete_object(Bucket="versions-kept", Key="k", VersionId=ids[1])
    known["s3_ids"] = ids

    iam.create_user(UserName="sender")
    known["user_id"] = iam.get_user(UserName="sender")["User"]["UserId"]
    key = iam.create_access_key(UserName="sender")["AccessKey"]
    sender = boto3.client(
        "sqs",
        endpoint_url=server.url,
        region_name=constants.DEFAULT_REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        config=BotoConfig(retries={"max_attempts": 1}),
    )
    url = server.client("sqs").create_queue(QueueName="senders")["QueueUrl"]
    sender.send_message(QueueUrl=url, MessageBody="from-user")

    kms = server.client("kms")
    key_id = kms.create_key(Description="rotated")["KeyMetadata"]["KeyId"]
    kms.rotate_key_on_demand(KeyId=key_id)
    kms.rotate_key_on_demand(KeyId=key_id)
    known["key_id"] = key_id

    api = server.client("apigatewayv2").import_api(Body=json.dumps(OPENAPI))
    known["api_id"] = api["ApiId"]
    return known


def _describe(server: PersistentServer, known: dict) -> dict:
    seen: dict = {}
    awslambda = server.client("lambda")
    seen["alias_url"] = _clean(awslambda.get_function_url_config(FunctionName="url-fn", Qualifier="live"))
    s3 = server.client("s3")
    listing = s3.list_object_versions(Bucket="versions-kept")
    seen["versions"] = [(v["VersionId"], v["IsLatest"]) for v in listing["Versions"]]
    after_deleted = s3.list_object_versions(
        Bucket="versions-kept", KeyMarker="k", VersionIdMarker=known["s3_ids"][1]
    )
    seen["after_deleted"] = [v["VersionId"] for v in after_deleted.get("Versions", [])]
    kms = server.client("kms")
    rotations = kms.list_key_rotations(KeyId=known["key_id"])["Rotations"]
    seen["rotations"] = [(r["KeyId"], r["RotationType"], r["RotationDate"]) for r in rotations]
    apis = server.client("apigatewayv2")
    seen["api"] = _clean(apis.get_api(ApiId=known["api_id"]))
    seen["routes"] = _clean(apis.get_routes(ApiId=known["api_id"]))["Items"]
    seen["integrations"] = _clean(apis.get_integrations(ApiId=known["api_id"]))["Items"]
    return seen


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_session_state_survives_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, SERVICES).start()
    try:
        known = _set_up(server)
        expected = _describe(server, known)
        ids = known["s3_ids"]
        assert expected["versions"] == [(ids[2], True), (ids[0], False)]
        assert expected["after_deleted"] == [ids[0]]
        assert len(expected["rotations"]) == 2
        assert expected["alias_url"]["FunctionArn"].endswith(":url-fn:live")
        assert [route["RouteKey"] for route in expected["routes"]] == ["GET /pets"]
        server.restart(kill=how == "kill")
        assert _describe(server, known) == expected
        # The alias URL still reaches the alias's function.
        host = urlsplit(expected["alias_url"]["FunctionUrl"]).netloc
        called = requests.get(f"{server.url}/", headers={"Host": host}, timeout=60)
        assert (called.status_code, called.text) == (200, "ok")
        sqs = server.client("sqs")
        url = sqs.get_queue_url(QueueName="senders")["QueueUrl"]
        answer = sqs.receive_message(QueueUrl=url, AttributeNames=["SenderId"], WaitTimeSeconds=0)
        messages = answer["Messages"]
        assert [m["Attributes"]["SenderId"] for m in messages] == [known["user_id"]]
        # The rotation quota counts the rotations made before the restart.
        kms = server.client("kms")
        for _ in range(23):
            kms.rotate_key_on_demand(KeyId=known["key_id"])
        with pytest.raises(kms.exceptions.LimitExceededException):
            kms.rotate_key_on_demand(KeyId=known["key_id"])
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()[-5000:]

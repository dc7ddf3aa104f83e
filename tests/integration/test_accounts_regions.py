"""Region and account come from each request and are never rewritten (issue 2, point 6)."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

ROUTES = pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
OTHER_ACCOUNT = "123412341234"
OTHER_ACCOUNT_KEYS = {"aws_access_key_id": OTHER_ACCOUNT, "aws_secret_access_key": "test"}


@ROUTES
def test_sqs_queue_stays_in_its_region(aws_client, unique_name, legacy):
    name = unique_name("rq")
    eu, us = aws_client("sqs", legacy=legacy, region="eu-west-1"), aws_client("sqs", legacy=legacy)
    url = eu.create_queue(QueueName=name)["QueueUrl"]
    try:
        arn = eu.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        assert arn == f"arn:aws:sqs:eu-west-1:000000000000:{name}"
        assert eu.list_queues(QueueNamePrefix=name)["QueueUrls"] == [url]
        assert us.list_queues(QueueNamePrefix=name).get("QueueUrls", []) == []
    finally:
        eu.delete_queue(QueueUrl=url)


@ROUTES
def test_dynamodb_table_stays_in_its_region(aws_client, unique_name, legacy):
    name = unique_name("rt")
    eu, us = aws_client("dynamodb", legacy=legacy, region="eu-west-1"), aws_client("dynamodb", legacy=legacy)
    table = eu.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]
    try:
        assert table["TableArn"] == f"arn:aws:dynamodb:eu-west-1:000000000000:table/{name}"
        assert name in eu.list_tables()["TableNames"]
        assert name not in us.list_tables()["TableNames"]
        with pytest.raises(ClientError) as error:
            us.describe_table(TableName=name)
        assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    finally:
        eu.delete_table(TableName=name)


@ROUTES
def test_s3_bucket_keeps_its_location(aws_client, unique_name, legacy):
    eu_bucket, us_bucket = unique_name("eu"), unique_name("us")
    eu, us = aws_client("s3", legacy=legacy, region="eu-west-1"), aws_client("s3", legacy=legacy)
    eu.create_bucket(Bucket=eu_bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    us.create_bucket(Bucket=us_bucket)
    try:
        assert us.get_bucket_location(Bucket=eu_bucket)["LocationConstraint"] == "eu-west-1"
        assert us.get_bucket_location(Bucket=us_bucket)["LocationConstraint"] is None
    finally:
        eu.delete_bucket(Bucket=eu_bucket)
        us.delete_bucket(Bucket=us_bucket)


@ROUTES
def test_ssm_parameter_stays_in_its_region(aws_client, unique_name, legacy):
    name = f"/regions/{unique_name('p')}"
    eu, us = aws_client("ssm", legacy=legacy, region="eu-west-1"), aws_client("ssm", legacy=legacy)
    eu.put_parameter(Name=name, Value="eu", Type="String")
    try:
        assert eu.get_parameter(Name=name)["Parameter"]["ARN"].startswith(
            "arn:aws:ssm:eu-west-1:000000000000:"
        )
        with pytest.raises(ClientError) as error:
            us.get_parameter(Name=name)
        assert error.value.response["Error"]["Code"] == "ParameterNotFound"
    finally:
        eu.delete_parameter(Name=name)


@ROUTES
def test_default_account_with_test_key(aws_client, legacy):
    assert aws_client("sts", legacy=legacy).get_caller_identity()["Account"] == "000000000000"


@ROUTES
def test_twelve_digit_access_key_selects_the_account(aws_client, server, unique_name, legacy):
    assert (
        aws_client("sts", legacy=legacy, credentials=OTHER_ACCOUNT_KEYS).get_caller_identity()["Account"]
        == OTHER_ACCOUNT
    )
    name = unique_name("acct")
    other = aws_client("sqs", legacy=legacy, credentials=OTHER_ACCOUNT_KEYS)
    default = aws_client("sqs", legacy=legacy)
    url = other.create_queue(QueueName=name)["QueueUrl"]
    try:
        port = server.ports["sqs"] if legacy else server.edge_port
        assert url == f"http://localhost:{port}/{OTHER_ACCOUNT}/{name}"
        arn = other.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        assert arn == f"arn:aws:sqs:us-east-1:{OTHER_ACCOUNT}:{name}"
        assert other.list_queues(QueueNamePrefix=name)["QueueUrls"] == [url]
        assert default.list_queues(QueueNamePrefix=name).get("QueueUrls", []) == []
    finally:
        other.delete_queue(QueueUrl=url)


def test_twelve_digit_access_key_owns_its_resources(aws_client, unique_name):
    name = unique_name("acct")
    other_ssm = aws_client("ssm", credentials=OTHER_ACCOUNT_KEYS)
    other_ssm.put_parameter(Name=name, Value="mine", Type="String")
    try:
        assert other_ssm.get_parameter(Name=name)["Parameter"]["ARN"].split(":")[4] == OTHER_ACCOUNT
        with pytest.raises(ClientError):
            aws_client("ssm").get_parameter(Name=name)
    finally:
        other_ssm.delete_parameter(Name=name)


def test_assumed_role_credentials_act_in_the_roles_account(aws_client, unique_name):
    other = aws_client("iam", credentials={"aws_access_key_id": "123412341234"})
    role_name = unique_name("role")
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
        }
    )
    role_arn = other.create_role(RoleName=role_name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    try:
        assumed = aws_client("sts").assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"]
        as_role = {
            "aws_access_key_id": assumed["AccessKeyId"],
            "aws_secret_access_key": assumed["SecretAccessKey"],
            "aws_session_token": assumed["SessionToken"],
        }
        identity = aws_client("sts", credentials=as_role).get_caller_identity()
        assert identity["Account"] == "123412341234"
        assert identity["Arn"].startswith(f"arn:aws:sts::123412341234:assumed-role/{role_name}/s1")
        sqs = aws_client("sqs", credentials=as_role)
        url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
        try:
            assert "/123412341234/" in url
        finally:
            sqs.delete_queue(QueueUrl=url)
    finally:
        other.delete_role(RoleName=role_name)


def test_iam_user_access_key_acts_in_its_account(aws_client, unique_name):
    iam = aws_client("iam", credentials={"aws_access_key_id": "555566667777"})
    user = unique_name("user")
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    try:
        creds = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
        assert aws_client("sts", credentials=creds).get_caller_identity()["Account"] == "555566667777"
    finally:
        iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        iam.delete_user(UserName=user)

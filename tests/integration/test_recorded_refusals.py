"""Refusals of Lambda and Kinesis with the code, status and message AWS answers (recorded from AWS by
users' error reports and AWS-validated emulators' recordings), where moto answered otherwise."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.integration.error_support import client_error

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


@pytest.fixture
def function(aws_client, unique_name, cleanup):
    awslambda = aws_client("lambda")
    name = unique_name("valb")
    created = awslambda.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="handler.handler",
        Code={"ZipFile": _zip()},
    )
    cleanup.append(lambda: awslambda.delete_function(FunctionName=name))
    return awslambda, name, created


def test_publish_version_with_another_code_sha_is_refused(function):
    awslambda, name, created = function
    assert client_error(awslambda.publish_version, FunctionName=name, CodeSha256="abc") == (
        400,
        "InvalidParameterValueException",
        f"CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST ({created['CodeSha256']}). "
        "Please try again with the CodeSHA256 in $LATEST.",
    )
    published = awslambda.publish_version(FunctionName=name, CodeSha256=created["CodeSha256"])
    assert published["Version"] == "1"


@pytest.mark.parametrize("operation", ["get_function", "get_function_configuration", "invoke"])
def test_function_arn_of_another_region_is_not_reachable(function, operation):
    awslambda, name, _ = function
    other = f"arn:aws:lambda:eu-west-1:000000000000:function:{name}"
    assert client_error(getattr(awslambda, operation), FunctionName=other) == (
        404,
        "ResourceNotFoundException",
        "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    )
    same = f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert awslambda.get_function(FunctionName=same)["Configuration"]["FunctionName"] == name


@pytest.fixture
def stream(aws_client, unique_name, cleanup):
    kinesis = aws_client("kinesis")
    name = unique_name("valb")
    kinesis.create_stream(StreamName=name, ShardCount=1)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True))
    return kinesis, name


def test_list_shards_next_token_excludes_stream_name(stream):
    kinesis, name = stream
    assert client_error(kinesis.list_shards, StreamName=name, NextToken="token") == (
        400,
        "InvalidArgumentException",
        "NextToken and StreamName cannot be provided together.",
    )
    assert client_error(kinesis.list_shards) == (
        400,
        "InvalidArgumentException",
        "Either NextToken or StreamName should be provided.",
    )
    arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    shards = kinesis.list_shards(StreamARN=arn)["Shards"]
    assert [shard["ShardId"] for shard in shards] == ["shardId-000000000000"]


def test_put_parameter_path_without_leading_slash(aws_client, unique_name):
    ssm = aws_client("ssm")
    name = f"{unique_name('valb')}/ami/id"
    assert client_error(ssm.put_parameter, Name=name, Value="v", Type="String") == (
        400,
        "ValidationException",
        "Parameter name must be a fully qualified name.",
    )
    # Refused before the characters are read: a rewritten Windows path gets the same answer.
    assert client_error(ssm.put_parameter, Name="C:/Program Files/Git/x", Value="v", Type="String")[2] == (
        "Parameter name must be a fully qualified name."
    )


def test_get_parameter_of_a_name_no_parameter_can_have(aws_client, unique_name, cleanup):
    ssm = aws_client("ssm")
    assert client_error(ssm.get_parameter, Name="{test}-test") == (
        400,
        "ValidationException",
        'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, '
        "it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of "
        "letters, numbers and the following 3 symbols .-_",
    )
    name = f"/{unique_name('valb')}/p"
    ssm.put_parameter(Name=name, Value="v", Type="String")
    cleanup.append(lambda: ssm.delete_parameter(Name=name))
    assert ssm.get_parameter(Name=f"{name}:1")["Parameter"]["Value"] == "v"
    arn = ssm.get_parameter(Name=name)["Parameter"]["ARN"]
    assert ssm.get_parameter(Name=arn)["Parameter"]["Value"] == "v"
    assert client_error(ssm.get_parameter, Name=f"{name}-missing") == (400, "ParameterNotFound", "")


def test_delete_metric_filter_that_is_not_there(aws_client, unique_name, cleanup):
    logs = aws_client("logs")
    group = unique_name("valb")
    logs.create_log_group(logGroupName=group)
    cleanup.append(lambda: logs.delete_log_group(logGroupName=group))
    assert client_error(logs.delete_metric_filter, logGroupName=group, filterName="missing") == (
        400,
        "ResourceNotFoundException",
        "The specified metric filter does not exist.",
    )
    assert client_error(logs.delete_metric_filter, logGroupName=f"{group}-missing", filterName="f") == (
        400,
        "ResourceNotFoundException",
        "The specified log group does not exist.",
    )
    logs.put_metric_filter(
        logGroupName=group,
        filterName="f",
        filterPattern="ERROR",
        metricTransformations=[{"metricName": "m", "metricNamespace": "valb", "metricValue": "1"}],
    )
    logs.delete_metric_filter(logGroupName=group, filterName="f")
    assert logs.describe_metric_filters(logGroupName=group)["metricFilters"] == []


def test_missing_role_and_role_policy_in_aws_words(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    missing = unique_name("valb")
    for call in (iam.get_role, iam.delete_role):
        assert client_error(call, RoleName=missing) == (
            404,
            "NoSuchEntity",
            f"The role with name {missing} cannot be found.",
        )
    name = unique_name("valb")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument='{"Version": "2012-10-17", "Statement": []}')
    cleanup.append(lambda: iam.delete_role(RoleName=name))
    assert client_error(iam.get_role_policy, RoleName=name, PolicyName="absent") == (
        404,
        "NoSuchEntity",
        "The role policy with name absent cannot be found.",
    )
    assert iam.get_role(RoleName=name)["Role"]["RoleName"] == name


def test_missing_iam_entities_in_aws_words(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    missing = unique_name("valb")
    assert client_error(iam.get_group, GroupName=missing) == (
        404,
        "NoSuchEntity",
        f"The group with name {missing} cannot be found.",
    )
    assert client_error(iam.get_instance_profile, InstanceProfileName=missing) == (
        404,
        "NoSuchEntity",
        f"Instance Profile {missing} cannot be found.",
    )
    arn = f"arn:aws:iam::000000000000:policy/{missing}"
    assert client_error(iam.get_policy, PolicyArn=arn) == (
        404,
        "NoSuchEntity",
        f"Policy {arn} was not found.",
    )
    user = unique_name("valb")
    iam.create_user(UserName=user)
    cleanup.append(lambda: iam.delete_user(UserName=user))
    assert client_error(iam.get_login_profile, UserName=user) == (
        404,
        "NoSuchEntity",
        f"Login Profile for User {user} cannot be found.",
    )
    managed = iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")["Policy"]
    assert managed["PolicyName"] == "ReadOnlyAccess"


def test_delete_rest_api_of_unknown_id(aws_client):
    apigateway = aws_client("apigateway")
    assert client_error(apigateway.delete_rest_api, restApiId="foobar") == (
        404,
        "NotFoundException",
        "Invalid API identifier specified 000000000000:foobar",
    )
    api = apigateway.create_rest_api(name="valb-api")["id"]
    apigateway.delete_rest_api(restApiId=api)
    assert all(item["id"] != api for item in apigateway.get_rest_apis()["items"])


def test_missing_deployment_and_request_validator(aws_client, cleanup):
    apigateway = aws_client("apigateway")
    api = apigateway.create_rest_api(name="valb-api")["id"]
    cleanup.append(lambda: apigateway.delete_rest_api(restApiId=api))
    for call in (apigateway.get_deployment, apigateway.delete_deployment):
        assert client_error(call, restApiId=api, deploymentId="absent") == (
            404,
            "NotFoundException",
            "Invalid Deployment identifier specified",
        )
    for call in (apigateway.get_request_validator, apigateway.delete_request_validator):
        assert client_error(call, restApiId=api, requestValidatorId="absent") == (
            404,
            "NotFoundException",
            "Invalid Request Validator identifier specified",
        )
    validator = apigateway.create_request_validator(restApiId=api, name="v", validateRequestBody=True)["id"]
    assert apigateway.get_request_validator(restApiId=api, requestValidatorId=validator)["name"] == "v"


def test_alias_conflicts_and_the_versions_they_keep(function, cleanup):
    awslambda, name, _ = function
    version = awslambda.publish_version(FunctionName=name)["Version"]
    alias = awslambda.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    cleanup.append(lambda: awslambda.delete_alias(FunctionName=name, Name="live"))
    assert client_error(awslambda.create_alias, FunctionName=name, Name="live", FunctionVersion=version) == (
        409,
        "ResourceConflictException",
        f"Alias already exists: {alias['AliasArn']}",
    )
    expected = (
        409,
        "ResourceConflictException",
        "Unable to delete version because the following aliases reference it: [live]",
    )
    assert client_error(awslambda.delete_function, FunctionName=name, Qualifier=version) == expected
    assert client_error(awslambda.delete_function, FunctionName=f"{name}:{version}") == expected
    versions = awslambda.list_versions_by_function(FunctionName=name)["Versions"]
    assert [item["Version"] for item in versions] == ["$LATEST", version]


def test_remove_permission_of_a_statement_the_policy_lacks(function):
    awslambda, name, _ = function
    assert client_error(awslambda.remove_permission, FunctionName=name, StatementId="absent") == (
        404,
        "ResourceNotFoundException",
        "No policy is associated with the given resource.",
    )
    awslambda.add_permission(
        FunctionName=name, StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com"
    )
    assert client_error(awslambda.remove_permission, FunctionName=name, StatementId="absent") == (
        404,
        "ResourceNotFoundException",
        "Statement absent is not found in resource policy.",
    )
    awslambda.remove_permission(FunctionName=name, StatementId="s3")


def test_qualifier_in_the_name_must_match_the_parameter(function):
    awslambda, name, _ = function
    version = awslambda.publish_version(FunctionName=name)["Version"]
    for named in (f"{name}:{version}", f"000000000000:function:{name}:{version}"):
        assert client_error(awslambda.get_function, FunctionName=named, Qualifier="$LATEST") == (
            400,
            "InvalidParameterValueException",
            "The derived qualifier from the function name does not match the specified qualifier.",
        )
    same = awslambda.get_function(FunctionName=f"{name}:{version}", Qualifier=version)
    assert same["Configuration"]["Version"] == version


ITERATOR_RULE = (
    "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
    "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
)


@pytest.mark.parametrize(
    "kind, sequence, ending",
    [
        ("AT_SEQUENCE_NUMBER", None, "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber."),
        (
            "AFTER_SEQUENCE_NUMBER",
            None,
            "Request specified AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber.",
        ),
        ("LATEST", "5", "Request specified LATEST and also a StartingSequenceNumber."),
        ("TRIM_HORIZON", "5", "Request specified TRIM_HORIZON and also a StartingSequenceNumber."),
    ],
)
def test_shard_iterator_type_and_starting_sequence_number(stream, kind, sequence, ending):
    kinesis, name = stream
    extra = {"StartingSequenceNumber": sequence} if sequence else {}
    call = kinesis.get_shard_iterator
    assert client_error(
        call, StreamName=name, ShardId="shardId-000000000000", ShardIteratorType=kind, **extra
    ) == (400, "InvalidArgumentException", ITERATOR_RULE + ending)


def test_shard_iterator_with_its_sequence_number(stream):
    kinesis, name = stream
    sequence = kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="p")["SequenceNumber"]
    iterator = kinesis.get_shard_iterator(
        StreamName=name,
        ShardId="shardId-000000000000",
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        StartingSequenceNumber=sequence,
    )["ShardIterator"]
    assert [record["Data"] for record in kinesis.get_records(ShardIterator=iterator)["Records"]] == [b"x"]


@pytest.mark.parametrize(
    "shards, target, sentence",
    [
        (2, 5, "UpdateShardCount cannot scale up over double your current open shard count. "),
        (5, 2, "UpdateShardCount cannot scale down below half your current open shard count. "),
    ],
)
def test_update_shard_count_at_most_doubles_or_halves(
    aws_client, unique_name, cleanup, shards, target, sentence
):
    kinesis = aws_client("kinesis")
    name = unique_name("valb")
    kinesis.create_stream(StreamName=name, ShardCount=shards)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name))
    call = kinesis.update_shard_count
    assert client_error(call, StreamName=name, TargetShardCount=target, ScalingType="UNIFORM_SCALING") == (
        400,
        "LimitExceededException",
        f"{sentence}Current open shard count: {shards}, Target shard count: {target}",
    )
    assert (
        kinesis.update_shard_count(
            StreamName=name, TargetShardCount=shards * 2, ScalingType="UNIFORM_SCALING"
        )["TargetShardCount"]
        == shards * 2
    )


def test_random_password_length_and_required_types(aws_client):
    secretsmanager = aws_client("secretsmanager")
    assert client_error(secretsmanager.get_random_password, PasswordLength=3) == (
        400,
        "InvalidParameterException",
        "Password length is too short based on the required types.",
    )
    # Three required types fit in three characters; without the requirement any length does.
    password = secretsmanager.get_random_password(PasswordLength=3, ExcludePunctuation=True)["RandomPassword"]
    assert len(password) == 3
    assert any(c.islower() for c in password) and any(c.isupper() for c in password)
    assert any(c.isdigit() for c in password)
    single = secretsmanager.get_random_password(PasswordLength=1, RequireEachIncludedType=False)[
        "RandomPassword"
    ]
    assert len(single) == 1


def test_unknown_runtime_in_lambdas_own_words(aws_client, unique_name, function):
    awslambda, name, _ = function
    new_name = unique_name("valb")
    for call, kwargs in (
        (
            awslambda.create_function,
            {"FunctionName": new_name, "Role": ROLE, "Handler": "h.h", "Code": {"ZipFile": _zip()}},
        ),
        (awslambda.update_function_configuration, {"FunctionName": name}),
    ):
        status, code, message = client_error(call, Runtime="haskell", **kwargs)
        assert (status, code) == (400, "InvalidParameterValueException")
        assert message.startswith(
            "Value haskell at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ["
        )
        assert message.endswith("] or be a valid ARN")
        assert "python3.12" in message
    # The layer operations keep the model's validation sentence.
    status, code, message = client_error(awslambda.list_layers, CompatibleRuntime="haskell")
    assert (status, code) == (400, "ValidationException")
    assert message.startswith("1 validation error detected: Value 'haskell' at 'compatibleRuntime'")


def test_merge_shards_given_in_inverted_order(aws_client, unique_name, cleanup):
    kinesis = aws_client("kinesis")
    name = unique_name("valb")
    kinesis.create_stream(StreamName=name, ShardCount=3)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name))
    for merged, adjacent in (
        ("shardId-000000000001", "shardId-000000000000"),
        ("shardId-000000000000", "shardId-000000000002"),
    ):
        assert client_error(
            kinesis.merge_shards, StreamName=name, ShardToMerge=merged, AdjacentShardToMerge=adjacent
        ) == (
            400,
            "InvalidArgumentException",
            f"Shards {merged} and {adjacent} in stream {name} under account 000000000000 are not an adjacent "
            "pair of shards eligible for merging",
        )
    kinesis.merge_shards(
        StreamName=name, ShardToMerge="shardId-000000000000", AdjacentShardToMerge="shardId-000000000001"
    )
    shards = kinesis.list_shards(StreamName=name)["Shards"]
    merged_shard = shards[-1]
    assert merged_shard["HashKeyRange"]["StartingHashKey"] == "0"
    assert merged_shard["ParentShardId"] == "shardId-000000000000"


def test_split_shard_hash_key_bounds(aws_client, unique_name, cleanup):
    kinesis = aws_client("kinesis")
    name = unique_name("valb")
    kinesis.create_stream(StreamName=name, ShardCount=3)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name))
    end = "113427455640312821154458202477256070484"
    for key in ("1", end):
        assert client_error(
            kinesis.split_shard, StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey=key
        ) == (
            400,
            "InvalidArgumentException",
            f"NewStartingHashKey {key} used in SplitShard() on shard shardId-000000000000 in stream "
            f"{name} under account 000000000000 is not both greater than one plus the shard's "
            f"StartingHashKey 0 and less than the shard's EndingHashKey {end}.",
        )
    kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey="2")
    ranges = [shard["HashKeyRange"] for shard in kinesis.list_shards(StreamName=name)["Shards"][-2:]]
    assert ranges == [
        {"StartingHashKey": "0", "EndingHashKey": "1"},
        {"StartingHashKey": "2", "EndingHashKey": end},
    ]


def test_missing_user_inline_policy_in_aws_words(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    user = unique_name("valb")
    iam.create_user(UserName=user)
    cleanup.append(lambda: iam.delete_user(UserName=user))
    for call in (iam.get_user_policy, iam.delete_user_policy):
        assert client_error(call, UserName=user, PolicyName="absent") == (
            404,
            "NoSuchEntity",
            "The user policy with name absent cannot be found.",
        )
    assert client_error(iam.get_user_policy, UserName=f"{user}-x", PolicyName="absent") == (
        404,
        "NoSuchEntity",
        f"The user with name {user}-x cannot be found.",
    )

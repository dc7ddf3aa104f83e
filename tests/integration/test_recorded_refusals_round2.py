"""Refusals and answers of EC2, Route 53, SSM, Logs, STS and others with the code, status, message and
fields AWS answers (LocalStack's recordings against AWS, AWS's error responses quoted by users), where
this emulator answered otherwise."""

from __future__ import annotations

import json
import time

import pytest
from botocore.config import Config

from tests.integration.error_support import client_error

UNCHECKED = Config(parameter_validation=False)


@pytest.fixture
def ec2(aws_client):
    return aws_client("ec2", config=UNCHECKED)


def test_ec2_missing_parameter_has_no_full_stop(ec2):
    # AWS's EC2 response: `<Code>MissingParameter</Code><Message>The request must contain the parameter
    # GroupDescription</Message>` (quoted in moto issue 112); SQS ends the same sentence with a stop.
    assert client_error(ec2.create_security_group, GroupName="no-description") == (
        400,
        "MissingParameter",
        "The request must contain the parameter GroupDescription",
    )


def test_ec2_create_volume_without_size_or_snapshot(ec2):
    # Recorded (LocalStack test_ec2 test_raise_create_volume_without_size, 2025-02).
    assert client_error(ec2.create_volume, AvailabilityZone="us-east-1a") == (
        400,
        "MissingParameter",
        "The request must contain the parameter size/snapshot",
    )


def test_route53_hosted_zone_in_a_vpc_that_does_not_exist(aws_client, unique_name):
    route53 = aws_client("route53")
    # Recorded (LocalStack test_route53 test_create_hosted_zone_in_non_existent_vpc, 2024-04).
    assert client_error(
        route53.create_hosted_zone,
        Name=f"{unique_name('zone')}.com",
        CallerReference=unique_name("ref"),
        VPC={"VPCRegion": "us-east-1", "VPCId": "vpc-1234567890abcdef0"},
        HostedZoneConfig={"Comment": "test", "PrivateZone": True},
    ) == (400, "InvalidVPCId", "The VPC ID is invalid.")


def test_route53_private_zone_answers_its_vpc(aws_client, unique_name, cleanup):
    route53, ec2 = aws_client("route53"), aws_client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    cleanup.append(lambda: ec2.delete_vpc(VpcId=vpc_id))
    region = route53.meta.region_name
    created = route53.create_hosted_zone(
        Name=f"{unique_name('zone')}.com",
        CallerReference=unique_name("ref"),
        VPC={"VPCRegion": region, "VPCId": vpc_id},
        HostedZoneConfig={"Comment": "test", "PrivateZone": True},
    )
    zone_id = created["HostedZone"]["Id"].rpartition("/")[2]
    cleanup.append(lambda: route53.delete_hosted_zone(Id=zone_id))
    # Recorded (LocalStack test_route53 test_create_private_hosted_zone, 2024-04).
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["VPC"] == {"VPCId": vpc_id, "VPCRegion": region}
    assert created["HostedZone"]["Config"] == {"Comment": "test", "PrivateZone": True}
    assert created["HostedZone"]["ResourceRecordSetCount"] == 2
    got = route53.get_hosted_zone(Id=zone_id)
    assert got["VPCs"] == [{"VPCId": vpc_id, "VPCRegion": region}]
    assert "DelegationSet" not in got
    by_vpc = route53.list_hosted_zones_by_vpc(VPCId=vpc_id, VPCRegion=region)
    assert by_vpc["MaxItems"] == "100"
    assert by_vpc["HostedZoneSummaries"] == [
        {
            "HostedZoneId": zone_id,
            "Name": created["HostedZone"]["Name"],
            "Owner": {"OwningAccount": aws_client("sts").get_caller_identity()["Account"]},
        }
    ]


@pytest.fixture
def log_group(aws_client, unique_name, cleanup):
    logs = aws_client("logs")
    name = unique_name("/recorded/group")
    logs.create_log_group(logGroupName=name)
    cleanup.append(lambda: logs.delete_log_group(logGroupName=name))
    return logs, name


def test_logs_group_refusals(log_group, aws_client):
    logs, name = log_group
    # Recorded (LocalStack test_logs_groups, 2026-02).
    assert client_error(logs.create_log_group, logGroupName=name) == (
        400,
        "ResourceAlreadyExistsException",
        "The specified log group already exists",
    )
    assert client_error(
        logs.describe_log_groups, logGroupNamePrefix=name, logGroupNamePattern="recorded"
    ) == (
        400,
        "InvalidParameterException",
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    )
    unchecked = aws_client("logs", config=UNCHECKED)
    assert client_error(unchecked.create_log_group, logGroupName="g" * 513) == (
        400,
        "InvalidParameterException",
        "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
    )


def test_logs_group_answer_fields(log_group, aws_client):
    logs, name = log_group
    group = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]
    # Recorded (LocalStack test_logs_groups test_describe_log_groups_with_prefix, 2026-02).
    arn = group["logGroupArn"]
    assert arn.endswith(f":log-group:{name}")
    assert group["arn"] == arn + ":*"
    assert {
        key: group[key]
        for key in ("deletionProtectionEnabled", "logGroupClass", "metricFilterCount", "storedBytes")
    } == {
        "deletionProtectionEnabled": False,
        "logGroupClass": "STANDARD",
        "metricFilterCount": 0,
        "storedBytes": 0,
    }
    logs.tag_resource(resourceArn=arn, tags={"test1": "val1"})
    logs.tag_log_group(logGroupName=name, tags={"test3": "val3"})
    assert logs.list_tags_for_resource(resourceArn=arn)["tags"] == {"test1": "val1", "test3": "val3"}
    assert logs.list_tags_log_group(logGroupName=name)["tags"] == {"test1": "val1", "test3": "val3"}
    logs.put_metric_filter(
        logGroupName=name,
        filterName="errors",
        filterPattern="ERROR",
        metricTransformations=[{"metricName": "Errors", "metricNamespace": "Recorded", "metricValue": "1"}],
    )
    assert logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["metricFilterCount"] == 1


def test_logs_group_class_is_kept(aws_client, unique_name, cleanup):
    logs = aws_client("logs")
    name = unique_name("/recorded/infrequent")
    logs.create_log_group(logGroupName=name, logGroupClass="INFREQUENT_ACCESS")
    cleanup.append(lambda: logs.delete_log_group(logGroupName=name))
    assert (
        logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["logGroupClass"]
        == "INFREQUENT_ACCESS"
    )


@pytest.mark.parametrize(
    "role_arn",
    [
        "nothing-valid-in-here",
        "arn::b:::something/test-role",
        "arn:a::::something/test-role",
        "arn:a:::something/test-role",
        "arn:a:a::aaaaaaaaaa:",
    ],
)
def test_sts_assume_role_of_a_malformed_arn(aws_client, role_arn):
    # Recorded (LocalStack test_sts test_sts_invalid_parameters, 2025-07).
    sts = aws_client("sts")
    assert client_error(sts.assume_role, RoleArn=role_arn, RoleSessionName="session") == (
        400,
        "ValidationError",
        f"{role_arn} is invalid",
    )


def test_sts_session_name_constraints(aws_client):
    sts = aws_client("sts", config=UNCHECKED)
    role = "arn:aws:iam::000000000000:role/recorded-role"
    # Recorded (LocalStack test_sts, 2025-07 and 2026-02).
    assert client_error(sts.assume_role, RoleArn=role, RoleSessionName="Session1:2") == (
        400,
        "ValidationError",
        "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    )
    assert client_error(sts.assume_role, RoleArn=role, RoleSessionName="s" * 65) == (
        400,
        "ValidationError",
        f"1 validation error detected: Value '{'s' * 65}' at 'roleSessionName' failed to satisfy "
        "constraint: Member must have length less than or equal to 64",
    )


def test_sts_session_tag_refusals(aws_client):
    sts = aws_client("sts")
    role = "arn:aws:iam::000000000000:role/recorded-role"
    # Recorded (LocalStack test_sts test_assume_role_tag_validation, 2025-04).
    assert client_error(
        sts.assume_role,
        RoleArn=role,
        RoleSessionName="session",
        Tags=[{"Key": "Tag1", "Value": "v"}],
        TransitiveTagKeys=["Tag2"],
    ) == (
        400,
        "InvalidParameterValue",
        "The specified transitive tag key must be included in the requested tags.",
    )
    assert client_error(
        sts.assume_role,
        RoleArn=role,
        RoleSessionName="session",
        Tags=[{"Key": "Tag1", "Value": "v"}, {"Key": "tag1", "Value": "w"}],
    ) == (
        400,
        "InvalidParameterValue",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    )


def test_sts_federation_token_answer(aws_client):
    sts = aws_client("sts")
    answer = sts.get_federation_token(Name="recorded")
    # Recorded (LocalStack test_sts test_get_federation_token, 2024-06).
    account = sts.get_caller_identity()["Account"]
    assert answer["FederatedUser"] == {
        "Arn": f"arn:aws:sts::{account}:federated-user/recorded",
        "FederatedUserId": f"{account}:recorded",
    }
    assert answer["PackedPolicySize"] == 0


def test_sts_assume_role_without_session_policy_answers_no_packed_size(aws_client):
    sts = aws_client("sts")
    answer = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/recorded-role", RoleSessionName="s1")
    # Recorded (LocalStack test_sts test_assume_role, 2024-06): no PackedPolicySize.
    assert "PackedPolicySize" not in answer
    assert answer["AssumedRoleUser"]["Arn"] == "arn:aws:sts::000000000000:assumed-role/recorded-role/s1"


@pytest.fixture
def secret(aws_client, unique_name, cleanup):
    secrets = aws_client("secretsmanager")
    name = unique_name("recorded-secret")
    created = secrets.create_secret(Name=name, SecretString="S1", Description="Testing secret creation.")
    cleanup.append(lambda: secrets.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True))
    return secrets, name, created


@pytest.mark.parametrize("name", [" Inv Name", " Inv*Name? ", " Inv *?!]Name\\\\-"])
def test_secrets_invalid_name(aws_client, name):
    secrets = aws_client("secretsmanager")
    message = (
        "Invalid name. Must be a valid name containing alphanumeric characters, "
        "or any of the following: -/_+=.@!"
    )
    # Recorded (LocalStack test_secretsmanager test_invalid_secret_name, 2022-09).
    assert client_error(secrets.create_secret, Name=name, SecretString="s") == (
        400,
        "ValidationException",
        message,
    )
    assert client_error(secrets.describe_secret, SecretId=name) == (400, "ValidationException", message)


def test_secrets_refusals(secret, aws_client, unique_name):
    secrets, name, _ = secret
    # Recorded (LocalStack test_secretsmanager, 2022-09/10).
    assert client_error(secrets.create_secret, Name=name, SecretString="again") == (
        400,
        "ResourceExistsException",
        f"The operation failed because the secret {name} already exists.",
    )
    missing = unique_name("missing-secret")
    for call in (secrets.get_secret_value, secrets.list_secret_version_ids):
        assert client_error(call, SecretId=missing) == (
            400,
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret.",
        )
    secrets.delete_secret(SecretId=name)
    assert client_error(secrets.create_secret, Name=name, SecretString="again") == (
        400,
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
    )


def test_secrets_version_answers(secret):
    secrets, name, created = secret
    first = created["VersionId"]
    # Recorded (LocalStack test_secretsmanager test_update_secret_description and the stage cycles, 2022-09).
    updated = secrets.update_secret(SecretId=name, Description="MyDescription")
    assert "VersionId" not in updated
    put = secrets.put_secret_value(SecretId=name, SecretString="S2", VersionStages=["AWSPENDING", "PUT1"])
    assert put["VersionStages"] == ["AWSPENDING", "PUT1"]
    versions = {v["VersionId"]: v for v in secrets.list_secret_version_ids(SecretId=name)["Versions"]}
    assert versions[first]["KmsKeyIds"] == ["DefaultEncryptionKey"]
    assert versions[put["VersionId"]]["VersionStages"] == ["AWSPENDING", "PUT1"]
    described = secrets.describe_secret(SecretId=name)
    assert described["Description"] == "MyDescription"
    assert described["VersionIdsToStages"] == {
        first: ["AWSCURRENT"],
        put["VersionId"]: ["AWSPENDING", "PUT1"],
    }
    listed = [s for s in secrets.list_secrets()["SecretList"] if s["Name"] == name][0]
    assert listed["SecretVersionsToStages"] == described["VersionIdsToStages"]


def _diagnostics(sfn, definition: str) -> tuple[str, list[dict]]:
    answer = sfn.validate_state_machine_definition(definition=definition)
    assert answer["truncated"] is False
    return answer["result"], answer["diagnostics"]


def test_sfn_validate_definitions_that_are_not_machines(aws_client):
    sfn = aws_client("stepfunctions", config=UNCHECKED)
    # Recorded (LocalStack test_sfn_api_validation, 2025-10).
    # The definition `""`: JSON, but a string, not an object.
    assert _diagnostics(sfn, '""') == (
        "FAIL",
        [
            {
                "code": "SCHEMA_VALIDATION_FAILED",
                "message": "Definition must be a valid JSON object",
                "severity": "ERROR",
            }
        ],
    )
    source = '[Source: (String)"not a definition"; line: 1, column: 4]'
    assert _diagnostics(sfn, "not a definition") == (
        "FAIL",
        [
            {
                "code": "INVALID_JSON_DESCRIPTION",
                "location": source,
                "message": "Unrecognized token 'not': was expecting (JSON String, Number, Array, "
                f"Object or token 'null', 'true' or 'false')\n at {source}",
                "severity": "ERROR",
            }
        ],
    )
    required = {"code": "SCHEMA_VALIDATION_FAILED", "location": "/", "severity": "ERROR"}
    assert _diagnostics(sfn, "{}") == (
        "FAIL",
        [{**required, "message": "These fields are required: [States, StartAt]"}],
    )
    no_start = '{"States": {"P": {"Type": "Pass", "End": true}}}'
    assert _diagnostics(sfn, no_start) == (
        "FAIL",
        [{**required, "message": "These fields are required: [StartAt]"}],
    )


def test_sfn_validate_query_language_downgrade(aws_client):
    sfn = aws_client("stepfunctions")
    definition = (
        '{"QueryLanguage": "JSONata", "StartAt": "Pass", '
        '"States": {"Pass": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}'
    )
    # Recorded (LocalStack test_sfn_api_validation INVALID_DOWNGRADE_QUERY_LANGUAGE, 2025-10).
    assert _diagnostics(sfn, definition) == (
        "FAIL",
        [
            {
                "code": "SCHEMA_VALIDATION_FAILED",
                "location": "/States/Pass",
                "message": "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' "
                "for whole state machine",
                "severity": "ERROR",
            }
        ],
    )


def test_sfn_tag_a_state_machine_version(aws_client, unique_name, cleanup):
    sfn = aws_client("stepfunctions")
    created = sfn.create_state_machine(
        name=unique_name("recorded-sm"),
        definition='{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}',
        roleArn="arn:aws:iam::000000000000:role/sfn-role",
    )
    arn = created["stateMachineArn"]
    cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=arn))
    version = sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"]
    assert version == f"{arn}:1"
    # Recorded (LocalStack test_sfn_api_tagging test_tag_state_machine_version, 2023-08).
    assert client_error(sfn.tag_resource, resourceArn=version, tags=[{"key": "k", "value": "v"}]) == (
        400,
        "ResourceNotFound",
        f"Resource not found: '{version}'",
    )
    sfn.tag_resource(resourceArn=arn, tags=[{"key": "key1", "value": ""}])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "key1", "value": ""}]


def test_kinesis_stream_without_shard_count_and_its_consumer(aws_client, unique_name, cleanup):
    kinesis = aws_client("kinesis")
    name = unique_name("recorded-stream")
    kinesis.create_stream(StreamName=name)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True))
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 0.2})
    # Recorded (LocalStack test_kinesis test_create_stream_without_shard_count, 2022-08): four shards.
    shards = kinesis.list_shards(StreamName=name)["Shards"]
    assert len(shards) == 4
    assert all(set(shard["SequenceNumberRange"]) == {"StartingSequenceNumber"} for shard in shards)
    stream_arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    consumer = kinesis.register_stream_consumer(StreamARN=stream_arn, ConsumerName="consumer")["Consumer"]
    # Recorded (test_stream_consumers): ACTIVE once registered, described with its stream's ARN.
    described = kinesis.describe_stream_consumer(StreamARN=stream_arn, ConsumerName="consumer")
    description = described["ConsumerDescription"]
    assert description["ConsumerARN"] == consumer["ConsumerARN"]
    # AWS's documented form: `<stream ARN>/consumer/<name>:<creation time in epoch seconds>`.
    prefix, _, created = description["ConsumerARN"].rpartition(":")
    assert (prefix, created.isdigit()) == (f"{stream_arn}/consumer/consumer", True)
    assert description["StreamARN"] == stream_arn
    listed = kinesis.list_stream_consumers(StreamARN=stream_arn)["Consumers"]
    assert [c["ConsumerName"] for c in listed] == ["consumer"]
    assert set(listed[0]) == {"ConsumerName", "ConsumerARN", "ConsumerStatus", "ConsumerCreationTimestamp"}
    by_arn = kinesis.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"]
    assert by_arn["ConsumerName"] == "consumer"
    kinesis.deregister_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
    assert kinesis.list_stream_consumers(StreamARN=stream_arn)["Consumers"] == []


@pytest.fixture
def rest_api(aws_client, unique_name, cleanup):
    apigateway = aws_client("apigateway")
    created = apigateway.create_rest_api(name=unique_name("recorded-api"), description="this is my api")
    cleanup.append(lambda: apigateway.delete_rest_api(restApiId=created["id"]))
    return apigateway, created


def test_apigateway_rest_api_answer(rest_api):
    apigateway, created = rest_api
    # Recorded (LocalStack test_apigateway_api test_list_and_delete_apis, 2025-07).
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert {
        key: created[key] for key in ("apiKeySource", "disableExecuteApiEndpoint", "endpointConfiguration")
    } == {
        "apiKeySource": "HEADER",
        "disableExecuteApiEndpoint": False,
        "endpointConfiguration": {"ipAddressType": "ipv4", "types": ["EDGE"]},
    }
    updated = apigateway.update_rest_api(
        restApiId=created["id"],
        patchOperations=[
            {"op": "add", "path": "/binaryMediaTypes/image~1png"},
            {"op": "add", "path": "/binaryMediaTypes/image~1jpeg"},
        ],
    )
    assert updated["binaryMediaTypes"] == ["image/png", "image/jpeg"]
    compressed = apigateway.update_rest_api(
        restApiId=created["id"],
        patchOperations=[{"op": "replace", "path": "/minimumCompressionSize", "value": "10"}],
    )
    assert compressed["minimumCompressionSize"] == 10
    # Recorded (test_update_rest_api_operation_add_remove and _compression, 2025-07).
    replaced = apigateway.update_rest_api(
        restApiId=created["id"],
        patchOperations=[{"op": "replace", "path": "/binaryMediaTypes/image~1png", "value": "image/gif"}],
    )
    assert replaced["binaryMediaTypes"] == ["image/jpeg", "image/gif"]
    removed = apigateway.update_rest_api(
        restApiId=created["id"],
        patchOperations=[
            {"op": "remove", "path": "/binaryMediaTypes/image~1gif"},
            {"op": "remove", "path": "/description"},
            {"op": "replace", "path": "/minimumCompressionSize", "value": ""},
        ],
    )
    assert removed["binaryMediaTypes"] == ["image/jpeg"]
    assert "description" not in removed and "minimumCompressionSize" not in removed
    zero = apigateway.update_rest_api(
        restApiId=created["id"],
        patchOperations=[{"op": "replace", "path": "/minimumCompressionSize", "value": "0"}],
    )
    assert zero["minimumCompressionSize"] == 0


def test_apigateway_rest_api_refusals(rest_api, aws_client):
    apigateway, created = rest_api
    account = aws_client("sts").get_caller_identity()["Account"]
    upper = created["id"].upper()
    # Recorded (LocalStack test_apigateway_api, 2024-04 and 2025-07).
    assert client_error(apigateway.get_rest_api, restApiId=upper) == (
        404,
        "NotFoundException",
        f"Invalid API identifier specified {account}:{upper}",
    )
    assert client_error(apigateway.create_rest_api, name="recorded-api", description="") == (
        400,
        "BadRequestException",
        "Description cannot be an empty string",
    )
    size = "Invalid minimum compression size, must be between 0 and 10485760"
    for value in ("-1", "abc"):
        assert client_error(
            apigateway.update_rest_api,
            restApiId=created["id"],
            patchOperations=[{"op": "replace", "path": "/minimumCompressionSize", "value": value}],
        ) == (400, "BadRequestException", size)
    assert client_error(
        apigateway.update_rest_api,
        restApiId=created["id"],
        patchOperations=[{"op": "add", "path": "/minimumCompressionSize", "value": "10"}],
    ) == (400, "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]")
    for op in ("add", "replace", "remove"):
        assert client_error(
            apigateway.update_rest_api,
            restApiId=created["id"],
            patchOperations=[{"op": op, "path": "/binaryMediaTypes", "value": "image/png"}],
        ) == (400, "BadRequestException", "Invalid patch path /binaryMediaTypes")


def _root(apigateway, api_id: str) -> str:
    return next(r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/")


def test_apigateway_resource_updates(rest_api):
    apigateway, created = rest_api
    api = created["id"]
    root = _root(apigateway, api)
    pets = apigateway.create_resource(restApiId=api, parentId=root, pathPart="pets")
    assert pets["ResponseMetadata"]["HTTPStatusCode"] == 201
    sub = apigateway.create_resource(restApiId=api, parentId=pets["id"], pathPart="subpets")
    assert sub["path"] == "/pets/subpets"
    child = apigateway.create_resource(restApiId=api, parentId=sub["id"], pathPart="pets")

    def update(resource_id: str, *operations: dict) -> tuple:
        return client_error(
            apigateway.update_resource,
            restApiId=api,
            resourceId=resource_id,
            patchOperations=list(operations),
        )

    missing = (404, "NotFoundException", "Invalid Resource identifier specified")
    # Recorded (LocalStack test_apigateway_api test_update_resource_behaviour, 2024-04).
    assert update("absent", {"op": "replace", "path": "/pathPart", "value": "x"}) == missing
    assert update(sub["id"], {"op": "replace", "path": "/invalid", "value": "x"}) == (
        400,
        "BadRequestException",
        "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]",
    )
    assert update(sub["id"], {"op": "replace", "path": "/parentId", "value": "absent"}) == missing
    assert update(sub["id"], {"op": "replace", "path": "/parentId", "value": child["id"]}) == (
        400,
        "BadRequestException",
        "Resources cannot be cyclical.",
    )
    assert update(child["id"], {"op": "replace", "path": "/parentId", "value": root}) == (
        409,
        "ConflictException",
        "Another resource with the same parent already has this name: pets",
    )
    for op in ("remove", "add"):
        assert update(sub["id"], {"op": op, "path": "/pathPart", "value": "x"}) == (
            400,
            "BadRequestException",
            f"Invalid patch path  '/pathPart' specified for op '{op}'. Please choose supported operations",
        )
    moved = apigateway.update_resource(
        restApiId=api,
        resourceId=sub["id"],
        patchOperations=[{"op": "replace", "path": "/parentId", "value": root}],
    )
    assert (moved["parentId"], moved["path"]) == (root, "/subpets")
    renamed = apigateway.update_resource(
        restApiId=api,
        resourceId=pets["id"],
        patchOperations=[{"op": "replace", "path": "/pathPart", "value": "dogs"}],
    )
    assert (renamed["path"], renamed["pathPart"]) == ("/dogs", "dogs")
    deleted = apigateway.delete_resource(restApiId=api, resourceId=pets["id"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202


def test_apigateway_proxy_resource_rules(rest_api):
    apigateway, created = rest_api
    api = created["id"]
    root = _root(apigateway, api)
    proxy = apigateway.create_resource(restApiId=api, parentId=root, pathPart="{proxy+}")
    # Recorded (LocalStack test_apigateway_api test_create_proxy_resource_validation, 2024-04).
    assert client_error(apigateway.create_resource, restApiId=api, parentId=root, pathPart="{child}") == (
        400,
        "BadRequestException",
        "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed",
    )
    for part in ("child", "{child}"):
        assert client_error(
            apigateway.create_resource, restApiId=api, parentId=proxy["id"], pathPart=part
        ) == (
            400,
            "BadRequestException",
            "Cannot create a child of a resource with a greedy path variable: {proxy+}",
        )
    parent = apigateway.create_resource(restApiId=api, parentId=root, pathPart="parent")
    greedy = apigateway.create_resource(restApiId=api, parentId=parent["id"], pathPart="{child+}")
    assert greedy["path"] == "/parent/{child+}"


def test_apigateway_method_lifecycle_and_refusals(rest_api):
    apigateway, created = rest_api
    api = created["id"]
    root = _root(apigateway, api)
    put = apigateway.put_method(restApiId=api, resourceId=root, httpMethod="ANY", authorizationType="NONE")
    # Recorded (LocalStack test_apigateway_api TestApiGatewayApiMethod, 2024-04).
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert {k: put[k] for k in ("apiKeyRequired", "authorizationType", "httpMethod")} == {
        "apiKeyRequired": False,
        "authorizationType": "NONE",
        "httpMethod": "ANY",
    }
    deleted = apigateway.delete_method(restApiId=api, resourceId=root, httpMethod="ANY")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    no_method = (404, "NotFoundException", "Invalid Method identifier specified")
    for call in (apigateway.get_method, apigateway.delete_method):
        assert client_error(call, restApiId=api, resourceId=root, httpMethod="ANY") == no_method

    def put_method(**kwargs) -> tuple:
        arguments = {"restApiId": api, "resourceId": root, "httpMethod": "ANY", "authorizationType": "NONE"}
        return client_error(apigateway.put_method, **{**arguments, **kwargs})

    no_resource = (404, "NotFoundException", "Invalid Resource identifier specified")
    assert put_method(restApiId="absentapi") == no_resource
    assert put_method(resourceId="absent") == no_resource
    assert put_method(authorizationType="CUSTOM") == (
        400,
        "BadRequestException",
        "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS "
        "requires a valid authorizer.",
    )
    assert put_method(requestValidatorId="absent") == (
        400,
        "BadRequestException",
        "Invalid Request Validator identifier specified",
    )
    assert put_method(requestModels={"application/json": "petModel"}) == (
        400,
        "BadRequestException",
        "Invalid model identifier specified: petModel",
    )
    assert put_method(
        requestParameters={"method.request.header.same": True, "method.request.querystring.same": False}
    ) == (400, "BadRequestException", "Parameter names must be unique across querystring, header and path")
    # Every API has the model Empty (recorded: test_update_method adds it without creating it).
    with_empty = apigateway.put_method(
        restApiId=api,
        resourceId=root,
        httpMethod="GET",
        authorizationType="NONE",
        requestModels={"application/json": "Empty"},
    )
    assert with_empty["requestModels"] == {"application/json": "Empty"}


def test_apigateway_model_in_use_is_not_deleted(rest_api):
    apigateway, created = rest_api
    api = created["id"]
    root = _root(apigateway, api)
    apigateway.create_model(
        restApiId=api, name="recordedModel", contentType="application/json", schema='{"type": "object"}'
    )
    apigateway.put_method(
        restApiId=api,
        resourceId=root,
        httpMethod="ANY",
        authorizationType="NONE",
        requestModels={"application/json": "recordedModel"},
    )
    # Recorded (LocalStack test_apigateway_api test_put_method_model, 2024-04).
    assert client_error(apigateway.delete_model, restApiId=api, modelName="recordedModel") == (
        409,
        "ConflictException",
        "Cannot delete model 'recordedModel', is referenced in method request: //ANY",
    )
    assert apigateway.get_model(restApiId=api, modelName="recordedModel")["name"] == "recordedModel"


def test_iam_group_refusals(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    name, other = unique_name("recorded-group"), unique_name("recorded-group")
    iam.create_group(GroupName=name)
    iam.create_group(GroupName=other)
    cleanup.append(lambda: iam.delete_group(GroupName=other))
    cleanup.append(lambda: iam.delete_group(GroupName=name))
    # Recorded (LocalStack test_iam_groups, 2026-02).
    assert client_error(iam.create_group, GroupName=name) == (
        409,
        "EntityAlreadyExists",
        f"Group with name {name} already exists.",
    )
    user = unique_name("recorded-user")
    iam.create_user(UserName=user)
    cleanup.append(lambda: iam.delete_user(UserName=user))
    for call, kwargs in (
        (iam.get_group, {}),
        (iam.delete_group, {}),
        (iam.update_group, {"NewGroupName": "x"}),
        (iam.add_user_to_group, {"UserName": user}),
    ):
        assert client_error(call, GroupName="non-existent-group", **kwargs) == (
            404,
            "NoSuchEntity",
            "The group with name non-existent-group cannot be found.",
        )
    assert client_error(iam.add_user_to_group, GroupName=name, UserName="non-existent-user") == (
        404,
        "NoSuchEntity",
        "The user with name non-existent-user cannot be found.",
    )
    assert client_error(iam.remove_user_from_group, GroupName="unknown-group", UserName="any-user") == (
        404,
        "NoSuchEntity",
        "The user with name any-user cannot be found.",
    )
    assert client_error(iam.update_group, GroupName=name, NewGroupName=other) == (
        409,
        "EntityAlreadyExists",
        f"Group with name {other} already exists.",
    )
    assert client_error(iam.get_group_policy, GroupName="non-existent-group", PolicyName="p") == (
        404,
        "NoSuchEntity",
        "The group with name non-existent-group cannot be found.",
    )
    assert client_error(iam.get_group_policy, GroupName=name, PolicyName="absent-policy") == (
        404,
        "NoSuchEntity",
        "The group policy with name absent-policy cannot be found.",
    )
    policy_arn = f"arn:aws:iam::{aws_client('sts').get_caller_identity()['Account']}:policy/absent-policy"
    assert client_error(iam.detach_group_policy, GroupName=name, PolicyArn=policy_arn) == (
        404,
        "NoSuchEntity",
        f"Policy {policy_arn} was not found.",
    )
    got = iam.get_group(GroupName=name)
    assert (got["IsTruncated"], got["Users"]) == (False, [])


def test_iam_instance_profile_refusals(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    name = unique_name("recorded-profile")
    created = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]
    cleanup.append(lambda: iam.delete_instance_profile(InstanceProfileName=name))
    # Recorded (LocalStack test_iam_instance_profiles, 2026-02).
    assert (created["Path"], created["Roles"]) == ("/", [])
    assert "Tags" not in created
    assert iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Tags"] == []
    assert client_error(iam.create_instance_profile, InstanceProfileName=name) == (
        409,
        "EntityAlreadyExists",
        f"Instance Profile {name} already exists.",
    )
    for call in (iam.get_instance_profile, iam.delete_instance_profile):
        assert client_error(call, InstanceProfileName="nonexistent-profile") == (
            404,
            "NoSuchEntity",
            "Instance Profile nonexistent-profile cannot be found.",
        )
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    roles = [unique_name("recorded-role"), unique_name("recorded-role")]
    for role in roles:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
        cleanup.append(lambda role=role: iam.delete_role(RoleName=role))
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=roles[0])
    cleanup.append(lambda: iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=roles[0]))
    assert client_error(iam.add_role_to_instance_profile, InstanceProfileName=name, RoleName=roles[1]) == (
        409,
        "LimitExceeded",
        "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
    )
    assert client_error(iam.delete_instance_profile, InstanceProfileName=name) == (
        409,
        "DeleteConflict",
        "Cannot delete entity, must remove roles from instance profile first.",
    )


def test_acm_requested_dns_certificate_fields(aws_client, unique_name, cleanup):
    acm = aws_client("acm")
    domain = f"{unique_name('recorded')}.example.com"
    arn = acm.request_certificate(DomainName=f"*.{domain}", ValidationMethod="DNS")["CertificateArn"]
    cleanup.append(lambda: acm.delete_certificate(CertificateArn=arn))
    certificate = acm.describe_certificate(CertificateArn=arn)["Certificate"]
    # Recorded (LocalStack test_acm test_certificate_for_subdomain_wildcard, 2023-04).
    expected = {
        "DomainName": f"*.{domain}",
        "InUseBy": [],
        "Issuer": "Amazon",
        "KeyAlgorithm": "RSA-2048",
        "RenewalEligibility": "INELIGIBLE",
        "SignatureAlgorithm": "SHA256WITHRSA",
        "Subject": f"CN=*.{domain}",
        "SubjectAlternativeNames": [f"*.{domain}"],
        "Type": "AMAZON_ISSUED",
    }
    assert {key: certificate.get(key) for key in expected} == expected
    assert certificate["Options"]["CertificateTransparencyLoggingPreference"] == "ENABLED"
    summary = [c for c in acm.list_certificates()["CertificateSummaryList"] if c["CertificateArn"] == arn][0]
    assert summary["KeyAlgorithm"] == "RSA-2048"
    option = certificate["DomainValidationOptions"][0]
    assert (option["DomainName"], option["ValidationDomain"], option["ValidationMethod"]) == (
        f"*.{domain}",
        f"*.{domain}",
        "DNS",
    )
    record = option["ResourceRecord"]
    assert record["Type"] == "CNAME" and record["Name"].endswith(f".{domain}.")


@pytest.fixture
def ses_sender(aws_client, unique_name):
    ses = aws_client("ses")
    sender = f"{unique_name('sender')}@example.com"
    ses.verify_email_identity(EmailAddress=sender)
    yield ses, sender
    ses.delete_identity(Identity=sender)


@pytest.mark.parametrize(
    "tag, message",
    [
        (
            {"Name": "test_invalid_name@123", "Value": "v"},
            "Invalid tag name <test_invalid_name@123>: only alphanumeric ASCII characters, "
            "'_',  '-' are allowed.",
        ),
        ({"Name": "", "Value": ""}, "The tag name must be specified."),
        ({"Name": "", "Value": "test"}, "The tag name must be specified."),
        ({"Name": "test", "Value": ""}, "The tag value must be specified."),
        ({"Name": "test", "Value": "a" * 256}, "Tag value cannot exceed 255 characters."),
    ],
)
def test_ses_send_email_tags(ses_sender, aws_client, tag, message):
    _, sender = ses_sender
    ses = aws_client("ses", config=UNCHECKED)
    # Recorded (LocalStack test_ses test_invalid_tags_send_email, 2024-07).
    assert client_error(
        ses.send_email,
        Source=sender,
        Destination={"ToAddresses": ["recipient@example.com"]},
        Message={"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}},
        Tags=[tag],
    ) == (400, "InvalidParameterValue", message)


def test_ses_headers_in_notifications(ses_sender, aws_client):
    ses, sender = ses_sender
    # Recorded (LocalStack test_ses test_set_identity_headers_in_notifications_enabled_*, 2025-07).
    for kind in ("Bounce", "Complaint", "Delivery"):
        ses.set_identity_headers_in_notifications_enabled(
            Identity=sender, NotificationType=kind, Enabled=True
        )
        assert client_error(
            ses.set_identity_headers_in_notifications_enabled,
            Identity="unknown@example.com",
            NotificationType=kind,
            Enabled=True,
        ) == (400, "MessageRejected", "Identity unknown@example.com is not verified or does not exist.")
    ses.set_identity_headers_in_notifications_enabled(
        Identity=sender, NotificationType="Complaint", Enabled=False
    )
    attributes = ses.get_identity_notification_attributes(Identities=[sender])["NotificationAttributes"][
        sender
    ]
    assert [
        attributes[f"HeadersIn{kind}NotificationsEnabled"] for kind in ("Bounce", "Complaint", "Delivery")
    ] == [
        True,
        False,
        True,
    ]
    unchecked = aws_client("ses", config=UNCHECKED)
    assert client_error(
        unchecked.set_identity_headers_in_notifications_enabled,
        Identity=sender,
        NotificationType="InvalidType",
        Enabled=True,
    ) == (
        400,
        "InvalidParameterValue",
        "Invalid notification type: InvalidType. Valid values are: Bounce, Complaint, Delivery.",
    )


def test_ses_quota_and_templates(aws_client, unique_name):
    ses = aws_client("ses")
    quota = ses.get_send_quota()
    # Recorded (LocalStack test_ses test_sent_message_counter and test_list_templates).
    assert (quota["Max24HourSend"], quota["MaxSendRate"]) == (200.0, 1.0)
    name = unique_name("recorded-template")
    ses.create_template(Template={"TemplateName": name, "SubjectPart": "s", "TextPart": "t"})
    try:
        listed = [t for t in ses.list_templates()["TemplatesMetadata"] if t["Name"] == name]
        assert len(listed) == 1 and set(listed[0]) == {"Name", "CreatedTimestamp"}
    finally:
        ses.delete_template(TemplateName=name)


def test_tagging_api_last_page_token(aws_client, unique_name, cleanup):
    ec2, tagging = aws_client("ec2"), aws_client("resourcegroupstaggingapi")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    cleanup.append(lambda: ec2.delete_vpc(VpcId=vpc))
    value = unique_name("recorded")
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "test", "Value": value}])
    answer = tagging.get_resources(TagFilters=[{"Key": "test", "Values": [value]}])
    # Recorded (LocalStack test_rgsa test_get_resources, 2024-03): the last page's token is "".
    assert answer["PaginationToken"] == ""
    assert [m["Tags"] for m in answer["ResourceTagMappingList"]] == [[{"Key": "test", "Value": value}]]
    assert answer["ResourceTagMappingList"][0]["ResourceARN"].endswith(f":vpc/{vpc}")


def test_cloudwatch_alarm_description(aws_client, unique_name, cleanup):
    cloudwatch = aws_client("cloudwatch")
    name = unique_name("recorded-alarm")
    topic = "arn:aws:sns:us-east-1:000000000000:recorded-topic"
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        AlarmDescription="testing cloudwatch alarms",
        MetricName="my-metric1",
        Namespace="recorded",
        ActionsEnabled=True,
        Period=30,
        Threshold=2,
        Dimensions=[{"Name": "InstanceId", "Value": "abc"}],
        Unit="Seconds",
        Statistic="Average",
        OKActions=[topic],
        AlarmActions=[topic],
        EvaluationPeriods=1,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching",
    )
    cleanup.append(lambda: cloudwatch.delete_alarms(AlarmNames=[name]))
    described = cloudwatch.describe_alarms(AlarmNames=[name])
    # Recorded (LocalStack test_cloudwatch test_put_metric_alarm, 2023-10).
    assert described["CompositeAlarms"] == []
    alarm = described["MetricAlarms"][0]
    expected = {
        "ActionsEnabled": True,
        "AlarmActions": [topic],
        "InsufficientDataActions": [],
        "OKActions": [topic],
        "StateReason": "Unchecked: Initial alarm creation",
        "StateValue": "INSUFFICIENT_DATA",
        "Statistic": "Average",
        "Threshold": 2.0,
        "TreatMissingData": "notBreaching",
        "Unit": "Seconds",
        "Dimensions": [{"Name": "InstanceId", "Value": "abc"}],
        "AlarmArn": f"arn:aws:cloudwatch:{cloudwatch.meta.region_name}:000000000000:alarm:{name}",
    }
    assert {key: alarm.get(key) for key in expected} == expected
    for key in ("AlarmConfigurationUpdatedTimestamp", "StateTransitionedTimestamp", "StateUpdatedTimestamp"):
        assert key in alarm
    assert "StateReasonData" not in alarm
    cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="testing alarm")
    cloudwatch.disable_alarm_actions(AlarmNames=[name])
    alarm = cloudwatch.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
    assert (alarm["StateValue"], alarm["StateReason"], alarm["ActionsEnabled"]) == (
        "ALARM",
        "testing alarm",
        False,
    )


def test_logs_streams_and_metric_filters(log_group, aws_client):
    logs, name = log_group
    logs.create_log_stream(logGroupName=name, logStreamName="stream-1")
    # Recorded (LocalStack test_logs_streams and test_logs_metric_filters, 2026-02).
    assert client_error(logs.create_log_stream, logGroupName=name, logStreamName="stream-1") == (
        400,
        "ResourceAlreadyExistsException",
        "The specified log stream already exists",
    )
    stream = logs.describe_log_streams(logGroupName=name)["logStreams"][0]
    arn = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"][0]["logGroupArn"]
    assert set(stream) == {"arn", "creationTime", "logStreamName", "storedBytes"}
    assert (stream["arn"], stream["storedBytes"]) == (f"{arn}:log-stream:stream-1", 0)
    assert logs.describe_log_streams(logGroupIdentifier=arn)["logStreams"][0]["logStreamName"] == "stream-1"
    assert client_error(logs.describe_log_streams, logGroupName=name, logGroupIdentifier=arn) == (
        400,
        "ValidationException",
        "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
    )
    logs.put_metric_filter(
        logGroupName=name,
        filterName="basic",
        filterPattern=" ",
        metricTransformations=[
            {"metricName": "m", "metricNamespace": "n", "metricValue": "1", "defaultValue": 0.0}
        ],
    )
    described = logs.describe_metric_filters(logGroupName=name)["metricFilters"][0]
    assert {key: described[key] for key in ("applyOnTransformedLogs", "filterPattern", "logGroupName")} == {
        "applyOnTransformedLogs": False,
        "filterPattern": " ",
        "logGroupName": name,
    }
    assert isinstance(described["creationTime"], int)
    assert described["metricTransformations"] == [
        {"defaultValue": 0.0, "metricName": "m", "metricNamespace": "n", "metricValue": "1"}
    ]
    unchecked = aws_client("logs", config=UNCHECKED)
    assert client_error(unchecked.delete_metric_filter, logGroupName="g" * 513, filterName="basic") == (
        400,
        "InvalidParameterException",
        "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
    )
    assert client_error(unchecked.delete_metric_filter, logGroupName=name, filterName="X" * 513) == (
        400,
        "InvalidParameterException",
        f"1 validation error detected: Value '{'X' * 513}' at 'filterName' failed to satisfy constraint: "
        "Member must have length less than or equal to 512",
    )


def test_apigateway_model_refusals(rest_api):
    apigateway, created = rest_api
    api = created["id"]
    # Recorded (LocalStack test_apigateway_api test_model_validation and test_update_model, 2024-04).
    for call in (apigateway.get_model, apigateway.delete_model):
        assert client_error(call, restApiId=api, modelName="MySchema") == (
            404,
            "NotFoundException",
            "Invalid model name specified: MySchema",
        )
    made = apigateway.create_model(
        restApiId=api,
        name="MySchema",
        contentType="application/json",
        schema='{"title": "MySchema", "type": "object"}',
    )
    assert made["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert client_error(
        apigateway.create_model, restApiId=api, name="MySchema", contentType="application/json", schema="{}"
    ) == (409, "ConflictException", "Model name already exists for this REST API")
    assert client_error(
        apigateway.create_model, restApiId=api, name="Other", contentType="application/json", schema="{}"
    ) == (400, "BadRequestException", "Model schema must have at least 1 property or array items defined")
    deleted = apigateway.delete_model(restApiId=api, modelName="MySchema")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202


PASS_MACHINE = (
    '{"Comment": "BASE_PASS_RESULT", "StartAt": "State_1", '
    '"States": {"State_1": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": true}}}'
)


def test_sfn_state_machine_lifecycle_refusals(aws_client, unique_name, cleanup):
    sfn = aws_client("stepfunctions")
    name, role = unique_name("recorded-sm"), "arn:aws:iam::000000000000:role/sfn-role"
    # Recorded (LocalStack test_sfn_api, 2023-06/08).
    assert client_error(sfn.create_state_machine, name=name, definition='{"StartAt": "A"}', roleArn=role) == (
        400,
        "InvalidDefinition",
        "Invalid State Machine Definition: "
        "'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
    )
    arn = sfn.create_state_machine(name=name, definition=PASS_MACHINE, roleArn=role)["stateMachineArn"]
    cleanup.append(lambda: sfn.delete_state_machine(stateMachineArn=arn))
    again = sfn.create_state_machine(name=name, definition=PASS_MACHINE, roleArn=role)
    assert again["stateMachineArn"] == arn  # an exact duplicate is the same machine
    assert client_error(
        sfn.create_state_machine,
        name=name,
        definition=PASS_MACHINE.replace("argument1", "other"),
        roleArn=role,
    ) == (400, "StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'")
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["loggingConfiguration"] == {"includeExecutionData": False, "level": "OFF"}
    assert described["tracingConfiguration"] == {"enabled": False}
    assert (described["status"], described["type"]) == ("ACTIVE", "STANDARD")
    missing = arn.replace(f":stateMachine:{name}", f":stateMachine:statemachine_invalid_{name}")
    assert client_error(sfn.start_execution, stateMachineArn=missing) == (
        400,
        "StateMachineDoesNotExist",
        f"State Machine Does Not Exist: '{missing}'",
    )
    expecting = "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
    for given, reason in (
        ("not a json", f"Unrecognized token 'not': {expecting}"),
        (
            "{'not': 'json'}",
            "Unexpected character (''' (code 39)): was expecting double-quote to start field name",
        ),
        ("", "Invalid execution input."),
    ):
        assert client_error(sfn.start_execution, stateMachineArn=arn, input=given) == (
            400,
            "InvalidExecutionInput",
            f"Invalid State Machine Execution Input: '{reason}'",
        )
    for given in ("2", '"abc"', "null"):
        assert "executionArn" in sfn.start_execution(stateMachineArn=arn, input=given)
    sfn.delete_state_machine(stateMachineArn=missing)  # deleting what does not exist succeeds


def test_logs_events_refusals_and_rejections(log_group):
    logs, name = log_group
    logs.create_log_stream(logGroupName=name, logStreamName="events")
    now = int(time.time() * 1000)
    # Recorded (LocalStack test_logs_events, 2026-02).
    assert client_error(
        logs.put_log_events,
        logGroupName=name,
        logStreamName="absent",
        logEvents=[{"timestamp": now, "message": "m"}],
    ) == (400, "ResourceNotFoundException", "The specified log stream does not exist.")
    assert client_error(
        logs.put_log_events,
        logGroupName=name,
        logStreamName="events",
        logEvents=[{"timestamp": now, "message": "b"}, {"timestamp": now - 1000, "message": "a"}],
    ) == (
        400,
        "InvalidParameterException",
        "Log events in a single PutLogEvents request must be in chronological order.",
    )
    too_old = logs.put_log_events(
        logGroupName=name,
        logStreamName="events",
        logEvents=[{"timestamp": now - 15 * 24 * 3600 * 1000, "message": "old"}],
    )
    assert too_old["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 0}
    too_new = logs.put_log_events(
        logGroupName=name,
        logStreamName="events",
        logEvents=[{"timestamp": now + 3 * 3600 * 1000, "message": "new"}],
    )
    assert too_new["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 0}
    assert client_error(
        logs.get_log_events, logGroupName=name, logStreamName="events", nextToken="invalid"
    ) == (
        400,
        "InvalidParameterException",
        "The specified nextToken is invalid.",
    )
    assert client_error(logs.get_log_events, logGroupName=name, logStreamName="events", limit=10001) == (
        400,
        "InvalidParameterException",
        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 10000",
    )
    assert client_error(logs.get_log_events, logGroupName=name + "-absent", logStreamName="events") == (
        400,
        "ResourceNotFoundException",
        "The specified log group does not exist.",
    )

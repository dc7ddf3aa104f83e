"""DynamoDB's control-plane rules on tables, indexes, tags, deletion protection and point-in-time
recovery, with the codes and messages AWS answers."""

from __future__ import annotations

import json

import pytest
import requests
from botocore.exceptions import ClientError

MISSING_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/no-such-resource-table"
SIGNED = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host, Signature=0",
}


@pytest.fixture
def ddb(aws_client):
    return aws_client("dynamodb")


@pytest.fixture
def table(ddb, unique_name, cleanup):
    name = unique_name("resources")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
            {"AttributeName": "l", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-l",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )

    def drop() -> None:
        ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
        ddb.delete_table(TableName=name)

    cleanup.append(drop)
    return name


def _error(call, **kwargs) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Error"]["Code"], error["Error"]["Message"]


def test_a_protected_table_is_not_deleted(ddb, table):
    ddb.update_table(TableName=table, DeletionProtectionEnabled=True)
    assert _error(ddb.delete_table, TableName=table) == (
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. "
        "Disable deletion protection first.",
    )
    assert ddb.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"] is True


@pytest.mark.parametrize("action", ["Update", "Delete"])
def test_index_updates_name_an_existing_global_index(ddb, table, action):
    update = {"IndexName": "ghost"}
    if action == "Update":
        update["ProvisionedThroughput"] = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    assert _error(ddb.update_table, TableName=table, GlobalSecondaryIndexUpdates=[{action: update}]) == (
        "ResourceNotFoundException",
        f"Requested resource not found: Index ghost for table {table}",
    )
    update["IndexName"] = "by-l"
    assert _error(ddb.update_table, TableName=table, GlobalSecondaryIndexUpdates=[{action: update}]) == (
        "ValidationException",
        f"Cannot {action.lower()} an index that is not a GlobalSecondaryIndex: by-l",
    )


def test_a_global_index_cannot_take_a_local_indexs_name(ddb, table):
    create = {
        "IndexName": "by-l",
        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"},
    }
    assert _error(ddb.update_table, TableName=table, GlobalSecondaryIndexUpdates=[{"Create": create}]) == (
        "ValidationException",
        "One or more parameter values were invalid: Attempting to create an index which already exists",
    )


def test_tag_calls_name_a_table_by_its_arn(ddb, table):
    for call, extra in (
        (ddb.list_tags_of_resource, {}),
        (ddb.tag_resource, {"Tags": [{"Key": "k", "Value": "v"}]}),
        (ddb.untag_resource, {"TagKeys": ["k"]}),
    ):
        assert _error(call, ResourceArn=table, **extra) == (
            "ValidationException",
            f"One or more parameter values were invalid: ARNs must start with 'arn:': {table}",
        )
        # UntagResource does not name the ARN (dynalite's recording).
        named = "" if call == ddb.untag_resource else f": ResourcArn: {MISSING_ARN} not found"
        assert _error(call, ResourceArn=MISSING_ARN, **extra) == (
            "ResourceNotFoundException",
            f"Requested resource not found{named}",
        )
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "k", "Value": "v"}]


@pytest.mark.parametrize("exists", [True, False], ids=["existing-name", "missing-name"])
def test_tag_calls_on_another_accounts_table_are_access_denied(server, ddb, table, exists):
    # The caller's account has no resource-based policy on the other account's table: AWS answers
    # AccessDeniedException (coral's namespace, `Message`), whether or not such a table exists there.
    name = table if exists else "no-such-resource-table"
    arn = f"arn:aws:dynamodb:us-east-1:111111111111:table/{name}"
    caller = ddb.describe_table(TableName=table)["Table"]["TableArn"].split(":")[4]
    for operation, extra in (
        ("ListTagsOfResource", {}),
        ("TagResource", {"Tags": [{"Key": "k", "Value": "v"}]}),
        ("UntagResource", {"TagKeys": ["k"]}),
    ):
        response = requests.post(
            server.edge_url,
            data=json.dumps({"ResourceArn": arn, **extra}),
            headers={**SIGNED, "X-Amz-Target": f"DynamoDB_20120810.{operation}"},
            timeout=10,
        )
        assert response.status_code == 400
        assert response.json() == {
            "__type": "com.amazon.coral.service#AccessDeniedException",
            "Message": f"User: arn:aws:iam::{caller}:root is not authorized to perform: dynamodb:{operation} "
            f"on resource: {arn} because no resource-based policy allows the dynamodb:{operation} action",
        }


_TAG_CALLS = (
    (lambda ddb: ddb.list_tags_of_resource, {}),
    (lambda ddb: ddb.tag_resource, {"Tags": [{"Key": "k", "Value": "v"}]}),
    (lambda ddb: ddb.untag_resource, {"TagKeys": ["k"]}),
)


def test_tag_calls_on_what_is_no_table_here(ddb, table):
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    _, _, _, region, account, _ = arn.split(":", 5)
    other = "us-west-2" if region != "us-west-2" else "us-east-1"
    # Another region's table and a name too short for a table are no valid table ARN (recorded against
    # AWS by the ack-api-quirks lab for the region, by dynalite's suite for the short name).
    for invalid in (
        f"arn:aws:dynamodb:{other}:{account}:table/{table}",
        f"arn:aws:dynamodb:{region}:{account}:table/ab",
    ):
        assert _error(ddb.tag_resource, ResourceArn=invalid, Tags=[{"Key": "k", "Value": "v"}]) == (
            "ValidationException",
            f"Invalid TableArn: Invalid ResourceArn provided as input {invalid}",
        )
    # An index's ARN (recorded by ScyllaDB's suite against AWS in 2026, and by the ack-api-quirks lab).
    index_arn = f"{arn}/index/by-sk"
    for call, extra in _TAG_CALLS:
        assert _error(call(ddb), ResourceArn=index_arn, **extra) == (
            "ValidationException",
            "One or more parameter values were invalid: Invalid resource arn provided, only table or "
            f"stream is accepted. Provided resource arn: {index_arn}",
        )
    # A backup's ARN, or a DynamoDB resource that is no table: not a resource the tag calls know, even
    # in another account (the lab recorded it on all three tag calls for a backup's ARN).
    for invalid in (
        f"{arn}/backup/01700000000000-abcdef12",
        f"arn:aws:dynamodb:{region}:{account}:index/foo",
        f"arn:aws:dynamodb:{region}:111111111111:global-table/{table}",
    ):
        for call, extra in _TAG_CALLS:
            assert _error(call(ddb), ResourceArn=invalid, **extra) == (
                "ValidationException",
                "One or more parameter values were invalid: "
                f"Provided Arn is not a DynamoDB resource arn: {invalid}",
            )
    # Another service's resource is refused by the authorizer.
    code, message = _error(
        ddb.tag_resource, ResourceArn="arn:aws:s3:::mybucket", Tags=[{"Key": "k", "Value": "v"}]
    )
    assert (code, message) == (
        "AccessDeniedException",
        f"User: arn:aws:iam::{account}:root is not authorized to perform: dynamodb:TagResource on resource: "
        "arn:aws:s3:::mybucket",
    )
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == []


def test_disabling_point_in_time_recovery_takes_no_period(ddb, table):
    spec = {"PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 7}
    assert _error(ddb.update_continuous_backups, TableName=table, PointInTimeRecoverySpecification=spec) == (
        "ValidationException",
        "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.",
    )
    answer = ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    recovery = answer["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert (recovery["PointInTimeRecoveryStatus"], recovery["RecoveryPeriodInDays"]) == ("ENABLED", 35)


def test_restoring_to_a_point_in_time_needs_recovery_enabled(ddb, table, unique_name, cleanup):
    target = unique_name("restored")
    assert _error(ddb.restore_table_to_point_in_time, SourceTableName=table, TargetTableName=target) == (
        "PointInTimeRecoveryUnavailableException",
        f"Point in time recovery is not enabled for table '{table}'",
    )
    ddb.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    restored = ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=target)
    cleanup.append(lambda: ddb.delete_table(TableName=target))
    assert restored["TableDescription"]["TableName"] == target


def test_missing_tables_of_backup_calls_are_table_not_found(ddb):
    assert _error(ddb.describe_continuous_backups, TableName="no-such-resource-table") == (
        "TableNotFoundException",
        "Table not found: no-such-resource-table",
    )
    assert _error(ddb.create_backup, TableName="no-such-resource-table", BackupName="backup-1") == (
        "TableNotFoundException",
        "Table not found: no-such-resource-table",
    )


def _simple_table(ddb, name: str, **extra) -> None:
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        **extra,
    )


INVALID = "One or more parameter values were invalid: "
ON_DEMAND = {"BillingMode": "PAY_PER_REQUEST"}
KEYS_ONLY = {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}


@pytest.mark.parametrize(
    "extra,message",
    [
        (
            {**ON_DEMAND, "StreamSpecification": {"StreamEnabled": True}},
            INVALID + "Table is being created with a stream enabled, UpdateViewType is required",
        ),
        (
            {**ON_DEMAND, "StreamSpecification": {"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"}},
            INVALID + "Table is being created with a stream disabled, UpdateViewType should not be specified",
        ),
        (
            {**ON_DEMAND, "SSESpecification": {"Enabled": False, "SSEType": "KMS"}},
            INVALID + "SSEType can not be specified if Enabled is false",
        ),
        (
            {**ON_DEMAND, "SSESpecification": {"Enabled": True, "SSEType": "AES256"}},
            INVALID + "SSEType AES256 is not supported",
        ),
        (
            # DynamoDB's own sentence, not the model's enum constraint.
            {**ON_DEMAND, "TableClass": "COLD"},
            "Invalid table-class parameter provided. Please try again with a valid table-class value: "
            "[STANDARD, STANDARD_INFREQUENT_ACCESS].",
        ),
        (
            {**ON_DEMAND, "Tags": [{"Key": "aws:owner", "Value": "me"}]},
            "Tag Key cannot be prefixed with aws:, Key: aws:owner",
        ),
    ],
)
def test_create_table_options(ddb, unique_name, extra, message):
    name = unique_name("options")
    assert _error(_simple_table, ddb=ddb, name=name, **extra) == ("ValidationException", message)
    assert name not in ddb.list_tables()["TableNames"]


@pytest.fixture
def on_demand_table(ddb, unique_name, cleanup):
    name = unique_name("ondemand")
    _simple_table(ddb, name, **ON_DEMAND)
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return name


@pytest.fixture
def streamed_table(ddb, unique_name, cleanup):
    name = unique_name("streamed")
    _simple_table(ddb, name, **ON_DEMAND, StreamSpecification=KEYS_ONLY)
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return name


def test_stream_changes(ddb, on_demand_table, streamed_table):
    assert _error(ddb.update_table, TableName=streamed_table, StreamSpecification=KEYS_ONLY) == (
        "ValidationException",
        f"Table already has an enabled stream: TableName: {streamed_table}",
    )
    assert _error(
        ddb.update_table, TableName=on_demand_table, StreamSpecification={"StreamEnabled": False}
    ) == (
        "ValidationException",
        f"Table has no stream to disable: TableName: {on_demand_table}",
    )
    assert _error(
        ddb.update_table, TableName=on_demand_table, StreamSpecification={"StreamEnabled": True}
    ) == (
        "ValidationException",
        INVALID + "If stream is being enabled then UpdateViewType is required",
    )
    disable_with_view = {"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"}
    assert _error(ddb.update_table, TableName=streamed_table, StreamSpecification=disable_with_view) == (
        "ValidationException",
        INVALID + "If stream is being disabled, then UpdateViewType must not be specified",
    )
    ddb.update_table(TableName=streamed_table, StreamSpecification={"StreamEnabled": False})
    assert "LatestStreamArn" in ddb.describe_table(TableName=streamed_table)["Table"]


def test_billing_changes_of_an_on_demand_table(ddb, on_demand_table):
    throughput = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    assert _error(ddb.update_table, TableName=on_demand_table, ProvisionedThroughput=throughput) == (
        "ValidationException",
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST",
    )
    assert _error(ddb.update_table, TableName=on_demand_table, BillingMode="PROVISIONED") == (
        "ValidationException",
        INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
    )


@pytest.mark.parametrize(
    "changes,what",
    [
        (
            {"SSESpecification": {"Enabled": True}, "DeletionProtectionEnabled": True},
            "Server-Side Encryption",
        ),
        ({"TableClass": "STANDARD_INFREQUENT_ACCESS", "BillingMode": "PAY_PER_REQUEST"}, "TableClass"),
        ({"DeletionProtectionEnabled": True, "BillingMode": "PAY_PER_REQUEST"}, "DeletionProtection"),
    ],
)
def test_changes_made_only_alone(ddb, on_demand_table, changes, what):
    assert _error(ddb.update_table, TableName=on_demand_table, **changes) == (
        "ValidationException",
        INVALID + f"{what} modification must be the only operation in the request",
    )


def test_global_index_update_lists(ddb, on_demand_table):
    assert _error(ddb.update_table, TableName=on_demand_table, GlobalSecondaryIndexUpdates=[]) == (
        "ValidationException",
        INVALID + "List of GlobalSecondaryIndexUpdates is empty",
    )
    both = [{"Delete": {"IndexName": "a-index"}, "Update": {"IndexName": "a-index"}}]
    assert _error(ddb.update_table, TableName=on_demand_table, GlobalSecondaryIndexUpdates=both) == (
        "ValidationException",
        INVALID + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object",
    )
    twice = [{"Delete": {"IndexName": "a-index"}}, {"Delete": {"IndexName": "a-index"}}]
    assert _error(ddb.update_table, TableName=on_demand_table, GlobalSecondaryIndexUpdates=twice) == (
        "ValidationException",
        INVALID
        + "Only one global secondary index update per index is allowed simultaneously. Index: a-index",
    )


def test_tag_lists(ddb, on_demand_table):
    arn = ddb.describe_table(TableName=on_demand_table)["Table"]["TableArn"]
    assert _error(ddb.tag_resource, ResourceArn=arn, Tags=[]) == (
        "ValidationException",
        "Atleast one Tag needs to be provided as Input.",
    )
    assert _error(ddb.untag_resource, ResourceArn=arn, TagKeys=[]) == (
        "ValidationException",
        "Atleast one Tag Key needs to be provided as Input.",
    )
    twice = [{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]
    assert _error(ddb.tag_resource, ResourceArn=arn, Tags=twice) == (
        "ValidationException",
        "Duplicate Tag Keys provided as input: Duplicate Tag Key found k",
    )


def _tag_refusal(server, operation: str, body: dict) -> tuple[int, str, str]:
    response = requests.post(
        server.edge_url,
        data=json.dumps(body),
        headers={**SIGNED, "X-Amz-Target": f"DynamoDB_20120810.{operation}"},
        timeout=10,
    )
    answer = response.json()
    return (
        response.status_code,
        answer["__type"].split("#")[-1],
        answer.get("message") or answer.get("Message"),
    )


@pytest.mark.parametrize(
    "tags,sentence",
    [
        ([{"Key": "k" * 129, "Value": "v"}], "The Tag Key provided is invalid, Key: " + "k" * 129),
        ([{"Key": "", "Value": "v"}], "The Tag Key provided is invalid, Key: "),
        ([{"Value": "v"}], "The Tag Key provided is invalid, Key: null"),
        ([{"Key": "k", "Value": "v" * 257}], "The Tag Value provided is invalid, Value: " + "v" * 257),
        ([{"Key": "k"}], "The Tag Value provided is invalid, Value: null"),
        ([{"Key": "k", "Value": "100%"}], "The Tag Value provided is invalid, Value: 100%"),
        ([{"Key": "a,b", "Value": "v"}], "The Tag Key provided is invalid, Key: a,b"),
        (
            [{"Key": "good", "Value": "v"}, {"Key": "x" * 129, "Value": "v"}],
            "The Tag Key provided is invalid, Key: " + "x" * 129,
        ),
        (
            [{"Key": f"k{n}", "Value": "v"} for n in range(51)],
            "Number of Tags exceed the current limit for the provided ResourceArn",
        ),
    ],
    ids=[
        "key-129",
        "key-empty",
        "key-missing",
        "value-257",
        "value-missing",
        "value-percent",
        "key-comma",
        "mixed",
        "51-tags",
    ],
)
def test_tag_resource_refuses_tags_as_aws_recorded(server, ddb, table, tags, sentence):
    # Recorded against AWS with the SDK's own checks off (the ack-api-quirks lab, 2026-10): DynamoDB's
    # sentences, not the model's constraints, and nothing of a refused request applied.
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    assert _tag_refusal(server, "TagResource", {"ResourceArn": arn, "Tags": tags}) == (
        400,
        "ValidationException",
        sentence,
    )
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == []


def test_tag_texts_of_any_script_and_the_allowed_punctuation_are_accepted(ddb, table):
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    tags = [
        {"Key": "ключ", "Value": "café 表\u00a0\u3000"},
        {"Key": "k" * 128, "Value": "a+b-c=d.e_f:g/h@i" + "v" * 239},
    ]
    ddb.tag_resource(ResourceArn=arn, Tags=tags)
    assert sorted(ddb.list_tags_of_resource(ResourceArn=arn)["Tags"], key=lambda t: t["Key"]) == sorted(
        tags, key=lambda t: t["Key"]
    )


def test_untag_resource_refuses_keys_as_aws_recorded(server, ddb, table):
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    for keys, sentence in (
        (["k" * 129], "The Tag Key provided is invalid, Key: " + "k" * 129),
        ([""], "The Tag Key provided is invalid, Key: "),
        (
            [f"k{n}" for n in range(51)],
            "Number of Tags exceed the current limit for the provided ResourceArn",
        ),
    ):
        assert _tag_refusal(server, "UntagResource", {"ResourceArn": arn, "TagKeys": keys}) == (
            400,
            "ValidationException",
            sentence,
        )


def test_resource_policy_calls_refuse_arn_forms_as_aws_recorded(ddb, table):
    # Recorded against AWS on Get/Put/DeleteResourcePolicy (the ack-api-quirks lab, 2026-10).
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    _, partition, _, region, account, _ = arn.split(":", 5)
    other_region = "us-west-2" if region != "us-west-2" else "us-east-1"
    refusals = {
        table: f"{INVALID}ARNs must start with 'arn:': {table}",
        f"{arn}/backup/01700000000000-abcdef12": f"{INVALID}Provided Arn is not a DynamoDB resource arn: "
        f"{arn}/backup/01700000000000-abcdef12",
        arn.replace(f":{account}:", ":111111111111:"): "This action is only supported by accounts that match "
        "the resource owner\u2019s account.",
        arn.replace(f":{region}:", f":{other_region}:"): f"{INVALID}Invalid resource Arn: "
        + arn.replace(f":{region}:", f":{other_region}:"),
        arn.replace(f"arn:{partition}:", "arn:aws-cn:"): f"{INVALID}Invalid resource Arn: "
        + arn.replace(f"arn:{partition}:", "arn:aws-cn:"),
        f"{arn}/index/by-sk": f"{INVALID}Invalid resource arn provided, only table or stream is accepted. "
        f"Provided resource arn: {arn}/index/by-sk",
    }
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "dynamodb:GetItem",
                    "Resource": arn,
                }
            ],
        }
    )
    for resource, sentence in refusals.items():
        for call, extra in (
            (ddb.get_resource_policy, {}),
            (ddb.put_resource_policy, {"Policy": policy}),
            (ddb.delete_resource_policy, {}),
        ):
            assert _error(call, ResourceArn=resource, **extra) == ("ValidationException", sentence)
    missing = arn.replace(f"table/{table}", "table/no-such-resource-table")
    assert _error(ddb.get_resource_policy, ResourceArn=missing) == (
        "ResourceNotFoundException",
        "Requested resource not found: Table: no-such-resource-table not found",
    )

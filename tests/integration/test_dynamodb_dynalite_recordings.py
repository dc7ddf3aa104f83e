# ruff: noqa: E501 (each row is one recorded request and its sentence, kept whole to compare with the source)
"""DynamoDB's validation answers as dynalite's test suite records them from live DynamoDB (facts, no code):
each raw request and AWS's exact message. Only rules whose wording has not changed since (the model's
CreateTable no longer requires a key schema, but DynamoDB's validator still does)."""

from __future__ import annotations

import json

import pytest
import requests

AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0"
)
VALIDATION = "com.amazon.coral.validate#ValidationException"
NULL = "Value null at '%s' failed to satisfy constraint: Member must not be null"
THROUGHPUT = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}


def _errors(*sentences: str) -> str:
    count = len(sentences)
    return f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(sentences)


def _definitions(*names: str) -> list[dict]:
    return [{"AttributeName": name, "AttributeType": "S"} for name in names]


CREATE_TABLE = [
    (
        {"TableName": "abc;"},
        _errors(
            NULL % "attributeDefinitions",
            "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            NULL % "keySchema",
        ),
    ),
    (
        {"TableName": "abc", "AttributeDefinitions": [], "ProvisionedThroughput": {}},
        _errors(
            NULL % "keySchema",
            NULL % "provisionedThroughput.readCapacityUnits",
            NULL % "provisionedThroughput.writeCapacityUnits",
        ),
    ),
    (
        {
            "TableName": "abc",
            "AttributeDefinitions": [],
            "KeySchema": [
                {"KeyType": "HASH"},
                {"AttributeName": "a"},
                {"KeyType": "Woop", "AttributeName": "a"},
            ],
            "ProvisionedThroughput": {
                "ReadCapacityUnits": 1000000000001,
                "WriteCapacityUnits": 1000000000001,
            },
        },
        _errors(
            "Value '[KeySchemaElement(attributeName=null, keyType=HASH), KeySchemaElement(attributeName=a, keyType=null), KeySchemaElement(attributeName=a, keyType=Woop)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
            NULL % "keySchema.1.member.attributeName",
            NULL % "keySchema.2.member.keyType",
            "Value 'Woop' at 'keySchema.3.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
        ),
    ),
    (
        # Nine empty local indexes break 27 rules; AWS lists and counts the first ten.
        {
            "TableName": "abc",
            "AttributeDefinitions": _definitions("a", "b"),
            "KeySchema": [
                {"KeyType": "HASH", "AttributeName": "a"},
                {"KeyType": "RANGE", "AttributeName": "b"},
            ],
            "LocalSecondaryIndexes": [{}] * 9,
            "ProvisionedThroughput": THROUGHPUT,
        },
        "10 validation errors detected: ",
    ),
    (
        {
            "TableName": "abc",
            "AttributeDefinitions": _definitions("a", "b"),
            "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}],
            "LocalSecondaryIndexes": [
                {"IndexName": "h;", "KeySchema": [], "Projection": {}},
                {
                    "IndexName": "a" * 256,
                    "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
                    "Projection": {},
                },
            ],
            "ProvisionedThroughput": THROUGHPUT,
        },
        "4 validation errors detected: ",
    ),
]


def _call(server, operation: str, body: dict) -> requests.Response:
    return requests.post(
        server.edge_url,
        data=json.dumps(body),
        headers={
            "X-Amz-Target": f"DynamoDB_20120810.{operation}",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": AUTH,
        },
        timeout=30,
    )


@pytest.mark.parametrize("body, message", CREATE_TABLE)
def test_create_table_refusals(server, body, message):
    response = _call(server, "CreateTable", body)
    assert response.status_code == 400
    answer = response.json()
    assert answer["__type"] == VALIDATION
    if message.endswith(": "):
        assert answer["message"].startswith(message)
        assert answer["message"].count("failed to satisfy constraint") == int(message.split()[0])
    else:
        # The sentences as recorded; their order is the one DynamoDB gives now (by member path), which
        # differs from dynalite's older recordings.
        head, _, sentences = answer["message"].partition(": ")
        assert head == message.partition(": ")[0]
        assert sorted(sentences.split("; ")) == sorted(message.partition(": ")[2].split("; "))


def test_a_request_breaking_many_rules_lists_ten(server):
    body = {
        "TableName": "abc;",
        "ReturnConsumedCapacity": "hi",
        "AttributesToGet": [],
        "IndexName": "abc;",
        "Select": "hi",
        "KeyConditions": {"a": {}, "b": {"ComparisonOperator": ""}},
        "QueryFilter": {"a": {}, "b": {"ComparisonOperator": ""}},
        "ExclusiveStartKey": {"a": {"S": "x"}},
        "Limit": 5,
        "ScanIndexForward": True,
    }
    body["KeyConditions"].update({f"k{n}": {} for n in range(5)})
    answer = _call(server, "Query", body).json()
    assert answer["__type"] == VALIDATION
    assert answer["message"].startswith("10 validation errors detected: ")
    assert answer["message"].count("failed to satisfy constraint") == 10


INVALID = "One or more parameter values were invalid: "
ITEM_VALUES = [
    ({"NULL": "no"}, INVALID + "Null attribute value types must have the value of true"),
    ({"SS": []}, INVALID + "An string set  may not be empty"),
    ({"NS": []}, INVALID + "An number set  may not be empty"),
    ({"BS": []}, INVALID + "Binary sets should not be empty"),
    ({"SS": ["a", "a"]}, INVALID + "Input collection [a, a] contains duplicates."),
    ({"BS": ["Yg==", "Yg=="]}, INVALID + "Input collection [Yg==, Yg==]of type BS contains duplicates."),
    ({"S": "a", "N": "b"}, "The parameter cannot be converted to a numeric value: b"),
    ({"NS": ["1", "1"]}, "Input collection contains duplicates"),
    (
        {"N": "1e126"},
        "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ),
    (
        {"N": "-1e-131"},
        "Number underflow. Attempting to store a number with magnitude smaller than supported range",
    ),
]


@pytest.mark.parametrize("value, message", ITEM_VALUES)
def test_batch_write_item_value_refusals(server, value, message):
    body = {"RequestItems": {"abc": [{"PutRequest": {"Item": {"a": value}}}]}}
    answer = _call(server, "BatchWriteItem", body).json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, message)


def test_bool_and_null_given_as_strings_are_read_as_booleans(server, cleanup, unique_name):
    table = unique_name("ddb-strings")
    created = _call(
        server,
        "CreateTable",
        {
            "TableName": table,
            "AttributeDefinitions": _definitions("a"),
            "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    assert created.status_code == 200
    cleanup.append(lambda: _call(server, "DeleteTable", {"TableName": table}))
    item = {"a": {"S": "k"}, "no": {"BOOL": "no"}, "yes": {"BOOL": "yes"}, "null": {"NULL": "true"}}
    for operation, body in (
        ("PutItem", {"TableName": table, "Item": item}),
        ("BatchWriteItem", {"RequestItems": {table: [{"PutRequest": {"Item": {**item, "a": {"S": "b"}}}}]}}),
    ):
        assert _call(server, operation, body).status_code == 200
    for key in ("k", "b"):
        got = _call(server, "GetItem", {"TableName": table, "Key": {"a": {"S": key}}}).json()["Item"]
        assert got == {"a": {"S": key}, "no": {"BOOL": False}, "yes": {"BOOL": True}, "null": {"NULL": True}}
    # Elsewhere a boolean given as a string still fails to deserialize.
    refused = _call(server, "Scan", {"TableName": table, "ConsistentRead": "yes"}).json()
    assert refused["Message"] == "Unexpected token received from parser"


@pytest.fixture(scope="module")
def range_table(server):
    name = "dynalite-recorded-range"
    _call(
        server,
        "CreateTable",
        {
            "TableName": name,
            "AttributeDefinitions": _definitions("a", "b", "c"),
            "KeySchema": [
                {"AttributeName": "a", "KeyType": "HASH"},
                {"AttributeName": "b", "KeyType": "RANGE"},
            ],
            "LocalSecondaryIndexes": [
                {
                    "IndexName": "index1",
                    "KeySchema": [
                        {"AttributeName": "a", "KeyType": "HASH"},
                        {"AttributeName": "c", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    yield name
    _call(server, "DeleteTable", {"TableName": name})


@pytest.mark.parametrize(
    "item, message",
    [
        ({}, "The provided key element does not match the schema"),
        ({"c": {"S": "a"}}, "The provided key element does not match the schema"),
        ({"a": {"S": "a"}}, "The provided key element does not match the schema"),
        ({"a": {"N": "1"}, "b": {"S": "a"}}, "The provided key element does not match the schema"),
        (
            {"a": {"S": "a"}, "b": {"S": "a"}, "c": {"N": "1"}},
            INVALID + "Type mismatch for Index Key c Expected: S Actual: N IndexName: index1",
        ),
        (
            {"a": {"S": "a" * 2049}, "b": {"S": "a"}},
            INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes",
        ),
        (
            {"a": {"S": "a"}, "b": {"S": "b" * 1025}},
            INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
        ),
    ],
)
def test_batch_write_item_key_refusals(server, range_table, item, message):
    body = {"RequestItems": {range_table: [{"PutRequest": {"Item": item}}]}}
    answer = _call(server, "BatchWriteItem", body).json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, message)


# dynalite's UpdateItem recordings send BOOL and NULL values as strings; each is validated as the value
# (the operand's type is refused before any value is found unused).
UPDATE_VALUES = {
    ":a": {"S": "a"},
    ":c": {"B": "YQ=="},
    ":d": {"BOOL": "no"},
    ":e": {"NULL": "true"},
    ":j": {"L": []},
}
OPERAND = "Invalid UpdateExpression: Incorrect operand type for operator or function; "


@pytest.mark.parametrize(
    "expression, values, message",
    [
        (
            "set a = list_append(:d, a)",
            UPDATE_VALUES,
            OPERAND + "operator or function: list_append, operand type: BOOL",
        ),
        ("set a = a + :e", UPDATE_VALUES, OPERAND + "operator or function: +, operand type: NULL"),
        ("set a = :c - a", UPDATE_VALUES, OPERAND + "operator or function: -, operand type: B"),
        ("add a.b :a", {":a": {"NULL": "1"}}, OPERAND + "operator: ADD, operand type: NULL"),
        ("delete a.b :a", {":a": {"NULL": "yes"}}, OPERAND + "operator: DELETE, operand type: NULL"),
        ("add a.b :a", {":a": {"BOOL": "0"}}, OPERAND + "operator: ADD, operand type: BOOLEAN"),
        ("delete a.b :a", {":a": {"BOOL": "false"}}, OPERAND + "operator: DELETE, operand type: BOOLEAN"),
        (
            "set a = :b",
            {":b": {"NULL": "no"}},
            "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: "
            "Null attribute value types must have the value of true for key :b",
        ),
    ],
)
def test_update_expression_operand_refusals(server, expression, values, message):
    body = {
        "TableName": "abc",
        "Key": {},
        "UpdateExpression": expression,
        "ExpressionAttributeValues": values,
    }
    answer = _call(server, "UpdateItem", body).json()
    # UpdateItem now answers these inside the envelope: the 2026 recordings (paritysuite/dynamodb-conformance
    # updateItem, eu-west-2 and us-east-1, 2026-10-09, and the September 2026 cross-region capture)
    # supersede dynalite's bare recording.
    assert (answer["__type"], answer["message"]) == (VALIDATION, "1 validation error detected: " + message)


ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/"


@pytest.mark.parametrize(
    "operation, body, code, message",
    [
        (
            "TagResource",
            {"ResourceArn": ARN + "ab", "Tags": []},
            "ValidationException",
            f"Invalid TableArn: Invalid ResourceArn provided as input {ARN}ab",
        ),
        (
            "UntagResource",
            {"ResourceArn": ARN + "ab", "TagKeys": []},
            "ValidationException",
            f"Invalid TableArn: Invalid ResourceArn provided as input {ARN}ab",
        ),
        (
            "ListTagsOfResource",
            {"ResourceArn": ARN + "ab"},
            "ValidationException",
            f"Invalid TableArn: Invalid ResourceArn provided as input {ARN}ab",
        ),
        (
            "TagResource",
            {"ResourceArn": ARN + "dynalite-missing", "Tags": []},
            "ValidationException",
            "Atleast one Tag needs to be provided as Input.",
        ),
        (
            "UntagResource",
            {"ResourceArn": ARN + "dynalite-missing", "TagKeys": []},
            "ValidationException",
            "Atleast one Tag Key needs to be provided as Input.",
        ),
        (
            "TagResource",
            {"ResourceArn": ARN + "dynalite-missing", "Tags": [{"Key": "a", "Value": "b"}]},
            "ResourceNotFoundException",
            f"Requested resource not found: ResourcArn: {ARN}dynalite-missing not found",
        ),
        (
            "UntagResource",
            {"ResourceArn": ARN + "dynalite-missing", "TagKeys": ["a"]},
            "ResourceNotFoundException",
            "Requested resource not found",
        ),
        (
            "ListTagsOfResource",
            {"ResourceArn": ARN + "dynalite-missing"},
            "ResourceNotFoundException",
            f"Requested resource not found: ResourcArn: {ARN}dynalite-missing not found",
        ),
    ],
)
def test_tag_call_refusals_in_aws_order(server, operation, body, code, message):
    answer = _call(server, operation, body).json()
    assert (answer["__type"].rpartition("#")[2], answer["message"]) == (code, message)


# The ack-api-quirks lab's live answers (2026-10, DDB-TABLE-457): the order DynamoDB lists a structure's
# sentences in is by member path, but an AttributeDefinition's type and a throughput's write units first.
BACKUP = "arn:aws:dynamodb:us-east-1:000000000000:table/lab/backup/01791525400213-63b4d36a"


@pytest.mark.parametrize(
    "operation, body, message",
    [
        (
            "CreateTable",
            {
                "TableName": "lab-order",
                "AttributeDefinitions": [{}],
                "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
            },
            _errors(
                NULL % "attributeDefinitions.1.member.attributeType",
                NULL % "attributeDefinitions.1.member.attributeName",
            ),
        ),
        (
            "CreateTable",
            {
                "TableName": "lab-order",
                "AttributeDefinitions": _definitions("a"),
                "KeySchema": [{}],
                "BillingMode": "PAY_PER_REQUEST",
            },
            _errors(NULL % "keySchema.1.member.attributeName", NULL % "keySchema.1.member.keyType"),
        ),
        (
            "UpdateTable",
            {"TableName": "lab-order", "AttributeDefinitions": [{}], "DeletionProtectionEnabled": False},
            _errors(
                NULL % "attributeDefinitions.1.member.attributeType",
                NULL % "attributeDefinitions.1.member.attributeName",
            ),
        ),
        (
            "UpdateTable",
            {
                "TableName": "lab-order",
                "GlobalSecondaryIndexUpdates": [
                    {"Update": {"IndexName": "gsi1", "ProvisionedThroughput": {}}}
                ],
            },
            _errors(
                NULL % "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.writeCapacityUnits",
                NULL % "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.readCapacityUnits",
            ),
        ),
        (
            "RestoreTableFromBackup",
            {"TargetTableName": "lab-target", "BackupArn": BACKUP, "ProvisionedThroughputOverride": {}},
            _errors(
                NULL % "provisionedThroughputOverride.writeCapacityUnits",
                NULL % "provisionedThroughputOverride.readCapacityUnits",
            ),
        ),
        (
            "UpdateTimeToLive",
            {"TableName": "lab-order", "TimeToLiveSpecification": {}},
            _errors(NULL % "timeToLiveSpecification.attributeName", NULL % "timeToLiveSpecification.enabled"),
        ),
        (
            "DescribeTable",
            {"TableName": ""},
            _errors(
                "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
                "Value '' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            ),
        ),
    ],
)
def test_sentences_in_the_order_aws_lists_them(server, operation, body, message):
    answer = _call(server, operation, body).json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, message)


POLICY = "One or more parameter values were invalid: Invalid policy document: "
NAME_SIZES = "must be at least 3 characters long and at most 255 characters long"


@pytest.mark.parametrize(
    "operation, body, message",
    [
        (
            "DescribeContributorInsights",
            {"TableName": "lab-names", "IndexName": ""},
            "IndexName " + NAME_SIZES,
        ),
        (
            "UpdateContributorInsights",
            {"TableName": "lab-names", "IndexName": "", "ContributorInsightsAction": "ENABLE"},
            "IndexName " + NAME_SIZES,
        ),
        ("DescribeGlobalTable", {"GlobalTableName": ""}, "TableName " + NAME_SIZES),
        ("DescribeGlobalTableSettings", {"GlobalTableName": ""}, "TableName " + NAME_SIZES),
        ("RestoreTableFromBackup", {"TargetTableName": "", "BackupArn": BACKUP}, "TableName " + NAME_SIZES),
        (
            "UpdateContributorInsights",
            {"TableName": "lab-names", "ContributorInsightsAction": "ENABLE", "ContributorInsightsMode": ""},
            "1 validation error detected: Value '' at 'contributorInsightsMode' failed to satisfy constraint: Member must satisfy enum value set: [THROTTLED_KEYS, ACCESSED_AND_THROTTLED_KEYS]",
        ),
        (
            "CreateTable",
            {
                "TableName": "lab-names",
                "AttributeDefinitions": _definitions("a", "g"),
                "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
                "GlobalSecondaryIndexes": [
                    {
                        "IndexName": "",
                        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"},
                    }
                ],
                "BillingMode": "PAY_PER_REQUEST",
            },
            _errors(
                "Value '' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3",
                "Value '' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
            ),
        ),
        (
            "CreateTable",
            {
                "TableName": "lab-names",
                "AttributeDefinitions": _definitions("a"),
                "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
                "ResourcePolicy": "{}",
            },
            POLICY + "Syntax error at position (1,3)",
        ),
    ],
)
def test_refusals_recorded_in_2026(server, operation, body, message):
    answer = _call(server, operation, body).json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, message)


@pytest.mark.parametrize(
    "policy, reason",
    [
        ("", "This policy contains invalid Json"),
        ("[]", "This policy contains invalid Json"),
        ("null", "This text appears not to be a policy"),
        ("{}", "Syntax error at position (1,3)"),
        ('{"Version": "2012-10-17", "Statement": []}', "Could not parse the policy: Statement is empty!"),
        ('{"Version": "2012-10-17", "Statement": [{}]}', "Missing required field Effect"),
    ],
)
def test_resource_policy_documents_refused(server, range_table, policy, reason):
    body = {"ResourceArn": ARN + range_table, "Policy": policy}
    answer = _call(server, "PutResourcePolicy", body).json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, POLICY + reason)


@pytest.mark.parametrize(
    "operation, body, message",
    [
        ("DescribeBackup", {"BackupArn": ""}, "Invalid Backup ARN"),
        (
            "ExportTableToPointInTime",
            {"TableArn": "", "S3Bucket": "b"},
            "Invalid TableArn: Invalid Table ARN",
        ),
        (
            "ExportTableToPointInTime",
            {
                "TableArn": ARN + "lab",
                "S3Bucket": "bucket",
                "ExportType": "INCREMENTAL_EXPORT",
                "IncrementalExportSpecification": {},
            },
            "Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification",
        ),
        (
            "UpdateTable",
            {
                "TableName": "lab-sse",
                "SSESpecification": {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": ""},
            },
            "1 validation error detected: Value '' at 'sSESpecification.kMSMasterKeyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
        (
            "RestoreTableFromBackup",
            {
                "TargetTableName": "lab-target",
                "BackupArn": BACKUP,
                "SSESpecificationOverride": {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": ""},
            },
            "1 validation error detected: Value '' at 'sSESpecificationOverride.kMSMasterKeyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
    ],
)
def test_empty_identifiers_recorded_in_2026(server, operation, body, message):
    answer = _call(server, operation, body).json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, message)


@pytest.mark.parametrize(
    "operation, body, message",
    [
        (
            "UpdateTable",
            {
                "TableName": "lab-missing",
                "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "ghost", "WarmThroughput": {}}}],
            },
            INVALID
            + "WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond specified for index: ghost",
        ),
        (
            "UpdateTable",
            {
                "TableName": "lab-missing",
                "OnDemandThroughput": {"MaxReadRequestUnits": 0, "MaxWriteRequestUnits": 0},
            },
            INVALID
            + "Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range",
        ),
        (
            "UpdateGlobalTable",
            {"GlobalTableName": "lab-missing", "ReplicaUpdates": [{}]},
            "One or more parameter values were invalid",
        ),
    ],
)
def test_update_refusals_before_the_lookup(server, operation, body, message):
    answer = _call(server, operation, body).json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, message)


def test_a_witness_update_naming_no_region_counts_as_no_change(server, range_table):
    answer = _call(
        server, "UpdateTable", {"TableName": range_table, "GlobalTableWitnessUpdates": [{}]}
    ).json()
    assert answer["__type"] == VALIDATION
    assert answer["message"].startswith(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
    )

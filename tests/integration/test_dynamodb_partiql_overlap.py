"""PartiQL SELECTs whose OR branches read the same part of one item collection are refused with
DynamoDB's sentence; branches with a negated or `<>` sort-key condition run and answer the union
(recorded against live DynamoDB, eu-west-2 and us-east-1, 2026-10, paritysuite/dynamodb-conformance)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import pay_per_request_table

OVERLAPPING = "Overlapping conditions with range keys are not supported in where clause"
PK = "pq-overlap"


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("pqoverlap"), cleanup, sort_key=("sk", "S"))
    for sk in "123":
        ddb.put_item(TableName=name, Item={"pk": {"S": PK}, "sk": {"S": sk}})
    return name


def _sort_keys(ddb, table, where):
    answer = ddb.execute_statement(Statement=f'SELECT * FROM "{table}" WHERE {where}', ConsistentRead=True)
    return sorted(item["sk"]["S"] for item in answer["Items"])


@pytest.mark.parametrize(
    "left, expected",
    [
        (f"pk = '{PK}' AND NOT sk = '1'", ["2", "3"]),
        (f"pk = '{PK}' AND sk <> '1'", ["2", "3"]),
        (f"pk = '{PK}' AND NOT begins_with(sk, 'x')", ["1", "2", "3"]),
        (f"pk = '{PK}' AND NOT sk IN ['1', '3']", ["2"]),
        (f"pk = '{PK}' AND NOT sk > '5'", ["1", "2", "3"]),
        (f"pk = '{PK}' AND NOT (sk = '1')", ["2", "3"]),
    ],
)
def test_negated_sort_key_branch_runs(aws_client, table, left, expected):
    ddb = aws_client("dynamodb")
    assert _sort_keys(ddb, table, f"{left} OR pk = '{PK}' AND sk = '2'") == expected


def test_bare_partition_beside_negated_branch_runs(aws_client, table):
    ddb = aws_client("dynamodb")
    assert _sort_keys(ddb, table, f"pk = '{PK}' OR pk = '{PK}' AND NOT sk = '1'") == ["1", "2", "3"]


@pytest.mark.parametrize(
    "where",
    [
        "pk = 'a' AND x = '1' OR pk = 'a' AND sk = '2'",
        "pk = 'a' AND x <> '1' OR pk = 'a' AND sk = '2'",
        f"pk IN ['{PK}', '{PK}']",
        f"pk = '{PK}' OR pk = '{PK}'",
        f"pk = '{PK}' AND (sk > '0' OR sk < '5')",
        f"pk = '{PK}' AND (sk = '1' OR flag = 'two')",
        f"(pk = '{PK}' AND flag = 'one') OR (pk = '{PK}' AND flag = 'two')",
    ],
)
def test_overlapping_branches_refused(aws_client, table, where):
    ddb = aws_client("dynamodb")
    with pytest.raises(ClientError) as error:
        ddb.execute_statement(Statement=f'SELECT * FROM "{table}" WHERE {where}')
    assert error.value.response["Error"]["Code"] == "ValidationException"
    assert error.value.response["Error"]["Message"] == OVERLAPPING


@pytest.mark.parametrize(
    "where, expected",
    [
        (f"pk = '{PK}' AND (sk = '1' OR sk = '2')", ["1", "2"]),
        (f"pk = '{PK}' AND sk IN ['1', '2']", ["1", "2"]),
        (f"pk = '{PK}' AND (sk < '1' OR sk > '1' OR sk = '1')", ["1", "2", "3"]),
        (f"pk = '{PK}' AND sk = '1' OR pk = '{PK}' AND sk = '2'", ["1", "2"]),
        (f"pk = '{PK}' OR pk = 'other'", ["1", "2", "3"]),
        (f"pk = '{PK}' OR sk = '1'", ["1", "2", "3"]),
    ],
)
def test_disjoint_branches_run(aws_client, table, where, expected):
    ddb = aws_client("dynamodb")
    assert _sort_keys(ddb, table, where) == expected

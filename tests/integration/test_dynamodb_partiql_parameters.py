"""PartiQL Parameters read as DynamoDB reads them, before the statement (recorded against live DynamoDB,
eu-west-2 and us-east-1, 2026-10, by paritysuite/dynamodb-conformance: facts, no code): a number as
Java's BigDecimal reads a string (an exponent or scale beyond 32 bits cannot be converted, the magnitude
wraps in 32 bits), the first problem in document order, a map or list nested too deep."""

from __future__ import annotations

import pytest

from tests.integration.dynamodb_support import pay_per_request_table
from tests.integration.error_support import client_error

NEST = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
    "supported limit"
)
UNCONVERTIBLE = "The parameter cannot be converted to a numeric value"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
POSITIONS = [
    "SELECT * FROM \"{t}\" WHERE pk = 'pq-pn' AND n = ?",
    "INSERT INTO \"{t}\" VALUE {{'pk': 'pq-pn-insert', 'sk': 's', 'n': ?}}",
    "UPDATE \"{t}\" SET n = ? WHERE pk = 'pq-pn' AND sk = 's'",
    'SELECT * FROM "{t}" WHERE pk = ?',
]
PAIR = "SELECT * FROM \"{t}\" WHERE pk = 'pq-pn' AND x = ? AND y = ?"
SINGLE = "SELECT * FROM \"{t}\" WHERE pk = 'pq-pn' AND x = ?"


def deep(depth, leaf=None):
    value = leaf or {"S": "leaf"}
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


CASES = [
    *[
        (position, [{"N": value}], f"{UNCONVERTIBLE}: {value}")
        for value in ("1e99999999999", "-1e99999999999", "1e-99999999999", "1e2147483648", "1e-2147483648")
        for position in POSITIONS
    ],
    *[(position, [{"N": "1e2147483647"}], UNDERFLOW) for position in POSITIONS],
    *[(position, [{"N": ""}], UNCONVERTIBLE) for position in POSITIONS],
    (POSITIONS[0], [{"L": [{"N": "1"}, {"N": "1e99999999999"}]}], f"{UNCONVERTIBLE}: 1e99999999999"),
    (POSITIONS[0], [{"M": {"x": {"N": "1e99999999999"}}}], f"{UNCONVERTIBLE}: 1e99999999999"),
    (POSITIONS[0], [{"NS": ["1", "1e99999999999"]}], f"{UNCONVERTIBLE}: 1e99999999999"),
    (PAIR, [deep(40), {"N": "abc"}], NEST),
    (PAIR, [{"N": "abc"}, deep(40)], f"{UNCONVERTIBLE}: abc"),
    (SINGLE, [{"M": {"d": deep(40), "bad": {"N": "abc"}}}], NEST),
    (SINGLE, [{"M": {"bad": {"N": "abc"}, "d": deep(100)}}], f"{UNCONVERTIBLE}: abc"),
    (SINGLE, [deep(100, {"N": "abc"})], NEST),
    (PAIR, [deep(40), {"N": "1e126"}], NEST),
]


@pytest.fixture(scope="module")
def table(aws_client):
    ddb = aws_client("dynamodb")
    undo: list = []
    name = pay_per_request_table(ddb, "pqparameters", undo, sort_key=("sk", "S"))
    yield name
    for action in undo:
        action()


@pytest.mark.parametrize(
    "template,parameters,message", CASES, ids=[f"{i}:{c[2][:40]}" for i, c in enumerate(CASES)]
)
def test_refused_parameter(aws_client, table, template, parameters, message):
    ddb = aws_client("dynamodb")
    statement = template.format(t=table)
    assert client_error(ddb.execute_statement, Statement=statement, Parameters=parameters) == (
        400,
        "ValidationException",
        message,
    )


def test_refused_parameter_in_a_transaction_and_a_batch(aws_client, table):
    ddb = aws_client("dynamodb")
    update = f"UPDATE \"{table}\" SET n = ? WHERE pk = 'pq-pn' AND sk = 's'"
    statements = [{"Statement": update, "Parameters": [{"N": "1e99999999999"}]}]
    assert client_error(ddb.execute_transaction, TransactStatements=statements) == (
        400,
        "ValidationException",
        f"{UNCONVERTIBLE}: 1e99999999999",
    )
    read = f"SELECT * FROM \"{table}\" WHERE pk = 'pq-pn' AND sk = 's' AND n = ?"
    answer = ddb.batch_execute_statement(
        Statements=[
            {"Statement": read, "Parameters": [{"N": "1e99999999999"}]},
            {"Statement": PAIR.format(t=table), "Parameters": [deep(40), {"N": "abc"}]},
        ]
    )
    assert answer["Responses"] == [
        {"Error": {"Code": "ValidationError", "Message": f"{UNCONVERTIBLE}: 1e99999999999"}},
        {"Error": {"Code": "ValidationError", "Message": NEST}},
    ]

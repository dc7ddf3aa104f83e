"""PartiQL statements DynamoDB's parser refuses, with AWS's exact `__type` and message (recorded
against live DynamoDB, eu-west-2, 2026-10, by paritysuite/dynamodb-conformance's grammar tests: facts,
no code): a token left after a complete statement, literals and comments it cannot read, table aliases,
and number literals outside DynamoDB's range named by their path inside the value."""

from __future__ import annotations

import json

import pytest
import requests

from tests.integration.dynamodb_support import pay_per_request_table

VALIDATION = "com.amazon.coral.validate#ValidationException"
NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
LEFTOVER = NOT_WELL_FORMED + "Unexpected token after expression"
ALIASING = "Aliasing is not supported"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
DIGITS = "Attempting to store more than 38 significant digits in a Number"
AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0"
)

# {S}: a table keyed by a string pk; {N}: one keyed by a number pk.
CASES = [
    ('SELECT * FROM "{N}" WHERE pk = 1 foo', LEFTOVER),
    ('SELECT * FROM "{N}" WHERE pk = 1 e5', LEFTOVER),
    ("INSERT INTO \"{N}\" VALUE {{'pk': 970001}} foo", LEFTOVER),
    ('UPDATE "{N}" SET a = 9 WHERE pk = 970002 foo', LEFTOVER),
    ('DELETE FROM "{N}" WHERE pk = 970003 foo', LEFTOVER),
    ('SELECT * FROM "{N}" WHERE pk = 1)', LEFTOVER),
    ('DELETE FROM "{N}" WHERE pk = 970004 ORDER BY pk', LEFTOVER),
    ('SELECT * FROM "{N}" ORDER BY pk WHERE pk = 1', LEFTOVER),
    ('SELECT * FROM "{N}" WHERE pk = 1e2147483648', NOT_WELL_FORMED),
    ('SELECT * FROM "{N}" WHERE pk = 1e99999999999', NOT_WELL_FORMED),
    ('SELECT * FROM "{N}" WHERE pk = 1.5e-2147483647', NOT_WELL_FORMED),
    ('SELECT * FROM "{N}" WHERE pk = 1 # note', NOT_WELL_FORMED),
    ('SELECT * FROM "{N}" WHERE pk = 1 /* note', NOT_WELL_FORMED),
    ("SELECT * FROM \"{S}\" t WHERE pk = 'x'", ALIASING),
    ("SELECT * FROM \"{S}\" AS t WHERE pk = 'x'", ALIASING),
    ("UPDATE \"{S}\" t SET a = 3 WHERE pk = 'x'", ALIASING),
    ("DELETE FROM \"{S}\" t WHERE pk = 'x'", ALIASING),
    ("INSERT INTO \"{S}\" t VALUE {{'pk': 'x'}}", LEFTOVER),
    ('SELECT * FROM "{N}" WHERE pk = 1e126', f"{OVERFLOW} under root"),
    ('SELECT * FROM "{N}" WHERE pk = 1e-131', f"{UNDERFLOW} under root"),
    ('SELECT * FROM "{N}" WHERE pk = 123456789012345678901234567890123456789', f"{DIGITS} under root"),
    ("INSERT INTO \"{N}\" VALUE {{'pk': 1e126}}", f"{OVERFLOW} under root"),
    ('UPDATE "{N}" SET a = 1e-131 WHERE pk = 970005', f"{UNDERFLOW} under root"),
    ("INSERT INTO \"{N}\" VALUE {{'pk': 970006, 'm': {{'x': 1e126}}}}", f"{OVERFLOW} under root.x"),
    ("INSERT INTO \"{N}\" VALUE {{'pk': 970007, 'l': [1, 1e126]}}", f"{OVERFLOW} under root[1]"),
]


@pytest.fixture(scope="module")
def tables(aws_client):
    ddb = aws_client("dynamodb")
    undo: list = []
    names = {
        "S": pay_per_request_table(ddb, "pqgrammar-s", undo),
        "N": pay_per_request_table(ddb, "pqgrammar-n", undo, attributes={"pk": "N"}),
    }
    yield names
    for action in undo:
        action()


@pytest.mark.parametrize("template,message", CASES, ids=[c[0][:60] for c in CASES])
def test_refused_statement(server, tables, template, message):
    statement = template.format(**tables)
    response = requests.post(
        server.edge_url,
        data=json.dumps({"Statement": statement}),
        headers={
            "X-Amz-Target": "DynamoDB_20120810.ExecuteStatement",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": AUTH,
        },
        timeout=30,
    )
    assert response.status_code == 400, response.text
    answer = response.json()
    assert (answer["__type"], answer["message"]) == (VALIDATION, message)


def test_refused_before_the_table_is_looked_up(aws_client):
    ddb = aws_client("dynamodb")
    with pytest.raises(ddb.exceptions.ClientError) as info:
        ddb.execute_statement(Statement="SELECT * FROM \"no-such-table\" t WHERE pk = 'x'")
    assert info.value.response["Error"]["Message"] == ALIASING


def test_accepted_forms_still_run(aws_client, tables):
    ddb = aws_client("dynamodb")
    name = tables["S"]
    ddb.execute_statement(Statement=f"INSERT INTO \"{name}\" VALUE {{'pk': 'g1', 'n': 5, 'l': [1, 2]}}")
    statements = [
        f"SELECT pk FROM \"{name}\" WHERE pk = 'g1' AND l[0] IN [1, 2]",
        f"SELECT pk FROM \"{name}\" WHERE pk = 'g1' ORDER BY pk DESC",
        f"SELECT * FROM \"{name}\" WHERE pk = 'g1' AND attribute_type(n, 'N') AND NOT n IS MISSING",
        f"SELECT * FROM \"{name}\" WHERE pk = 'g1' -- a comment\n",
        f"SELECT * FROM \"{name}\" WHERE pk = 'g1' AND n BETWEEN 1 AND 10",
    ]
    for statement in statements:
        assert len(ddb.execute_statement(Statement=statement)["Items"]) == 1, statement

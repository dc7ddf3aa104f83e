"""PartiQL statements DynamoDB's parser refuses, with AWS's exact `__type` and message (recorded
against live DynamoDB, eu-west-2, 2026-10, by paritysuite/dynamodb-conformance's grammar and function
tests: facts, no code): a token left after a complete statement, literals and comments it cannot read,
table aliases, number literals outside DynamoDB's range named by their path inside the value, reserved
words after a dot, and function calls DynamoDB does not take (with the token's position)."""

from __future__ import annotations

import json

import pytest
import requests

from tests.integration.dynamodb_support import pay_per_request_table
from tests.integration.error_support import client_error

VALIDATION = "com.amazon.coral.validate#ValidationException"
NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
LEFTOVER = NOT_WELL_FORMED + "Unexpected token after expression"
ALIASING = "Aliasing is not supported"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
DIGITS = "Attempting to store more than 38 significant digits in a Number"
DOT = NOT_WELL_FORMED + "Invalid path dot component"
ITEM = "pq-fn-msg"
WHERE = "SELECT * FROM \"{S}\" WHERE pk = 'pq-fn-msg' AND "
UPDATE = "UPDATE \"{S}\" SET %s WHERE pk = 'pq-fn-msg'"
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
    (WHERE + "attribute_exists(m.inner)", DOT),
    (UPDATE % "m.inner = set_add(m.inner, <<'y'>>)", DOT),
    ("SELECT m.size FROM \"{S}\" WHERE pk = 'x'", DOT),
    (
        WHERE + "attribute_exists('ss')",
        "Operator or function requires a document path; operator or function: attribute_exists",
    ),
    (
        WHERE + "attribute_exists()",
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
        "number of operands: 0",
    ),
    (
        WHERE + "attribute_exists(ss, ns)",
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
        "number of operands: 2",
    ),
    (
        "SELECT attribute_exists(ss) FROM \"{S}\" WHERE pk = 'pq-fn-msg'",
        "Unexpected path component at 1:8:16",
    ),
    (WHERE + "EXISTS(ss)", "Unrecognized function: exists at 1:{w}:6"),
    (WHERE + "set_add(ss, <<'x'>>) = ss", "Unrecognized function: set_add at 1:{w}:7"),
    (
        UPDATE % "t = set_add(ss, <<'x'>>)",
        "The first argument to SET_ADD must equal the assignment value at 1:{u}:7",
    ),
    (
        UPDATE % "ss = set_add(<<'a'>>, <<'b'>>)",
        "The first argument to SET_ADD must equal the assignment value at 1:{u1}:7",
    ),
    (
        UPDATE % "ss = set_add(ss, 'x')",
        "The second argument to SET_ADD must be a value with type SET at 1:{u9}:2",
    ),
    (
        UPDATE % "ss = set_add(ss, ['x'])",
        "The second argument to SET_ADD must be a value with type SET at 1:{u9}:2",
    ),
    (UPDATE % "ss = set_add(ss)", "SET_ADD must have exactly two arguments at 1:{u1}:7"),
    (UPDATE % "ss = set_add(ss, <<'x'>>, <<'y'>>)", "SET_ADD must have exactly two arguments at 1:{u1}:7"),
    (UPDATE % "ss = set_add(ss, <<>>)", "Empty bags are not supported"),
    (
        UPDATE % "ss = set_add(ss, <<'x', 'x'>>)",
        "One or more parameter values were invalid: Input collection [x, x] contains duplicates.",
    ),
    (UPDATE % "ss = set_add(ss, <<1>>)", "An operand in the update expression has an incorrect data type"),
    (UPDATE % "s = set_add(s, <<'x'>>)", "An operand in the update expression has an incorrect data type"),
    (
        UPDATE % "t = set_delete(ss, <<'a'>>)",
        "The first argument to SET_DELETE must equal the assignment value at 1:{u}:10",
    ),
    (
        UPDATE % "ss = set_delete(ss, 'a')",
        "The second argument to SET_DELETE must be a value with type SET at 1:{u12}:2",
    ),
    *[
        (statement, NOT_WELL_FORMED + "Unexpected term")
        for statement in (
            'SELECT * FROM "{S}" WHERE',
            'SELECT * FROM "{S}" WHERE;',
            'SELECT * FROM "{S}" WHERE   ',
            'SELECT pk FROM "{S}" WHERE',
            'UPDATE "{S}" SET a = 1 WHERE',
            'DELETE FROM "{S}" WHERE',
            'SELECT * FROM "{S}" WHERE NOT',
            'SELECT * FROM "{S}" WHERE (',
            'SELECT * FROM "{S}-never-created" WHERE',
            "SELECT * FROM",
        )
    ],
    (
        "SELECT * FROM \"{S}\" WHERE pk = 'p1' AND",
        NOT_WELL_FORMED + "Missing right-hand side expression of infix operator",
    ),
    (
        "SELECT * FROM \"{S}\" WHERE pk = 'p1' OR",
        NOT_WELL_FORMED + "Missing right-hand side expression of infix operator",
    ),
    ('SELECT * FROM "{S}" WHERE ORDER BY pk', NOT_WELL_FORMED + "Unexpected keyword"),
    ("SELECT * FROM \"{S}\" WHERE pk = 'a' AND x IS FOO", NOT_WELL_FORMED + "Expected type name"),
    ('SELECT * FROM "{S}" WHERE IS NULL', NOT_WELL_FORMED + "Unexpected operator"),
    ('SELECT * FROM "{S}" WHERE pk = LIKE', NOT_WELL_FORMED + "Unexpected operator"),
    *[
        (statement, NOT_WELL_FORMED + "Expected identifier for simple path")
        for statement in ("DELETE FROM", "DELETE FROM   ", "DELETE FROM;", "DELETE FROM WHERE pk = 'a'")
    ],
    ('FROM "{S}" SET c = 1', "Where clause does not contain a mandatory equality on all key attributes"),
    ('FROM "{S}" REMOVE a', "Where clause does not contain a mandatory equality on all key attributes"),
    (
        'FROM "{S}" WHERE a = 1 SET c = 1',
        "Where clause does not contain a mandatory equality on all key attributes",
    ),
    ("FROM \"{S}\" SET c = 1 WHERE pk = 'pq-ff-msg'", LEFTOVER),
    ("FROM \"{S}\" SET c = 1 WHERE pk = 'pq-ff-msg' SET d = 2", LEFTOVER),
    (
        "INSERT INTO \"{S}\" VALUE {{'pk': 'pq-fn-msg-insert', 'ss': set_add(<<'a'>>, <<'b'>>)}}",
        "Unsupported data type: set_add under key root at 1:{i}:7",
    ),
]


@pytest.fixture(scope="module")
def tables(aws_client):
    ddb = aws_client("dynamodb")
    undo: list = []
    names = {
        "S": pay_per_request_table(ddb, "pqgrammar-s", undo),
        "N": pay_per_request_table(ddb, "pqgrammar-n", undo, attributes={"pk": "N"}),
    }
    ddb.put_item(
        TableName=names["S"],
        Item={
            "pk": {"S": ITEM},
            "ss": {"SS": ["a", "b", "c"]},
            "ns": {"NS": ["1", "2", "3"]},
            "s": {"S": "str"},
            "m": {"M": {"inner": {"SS": ["x"]}}},
        },
    )
    yield names
    for action in undo:
        action()


@pytest.mark.parametrize("template,message", CASES, ids=[c[0][:60] for c in CASES])
def test_refused_statement(server, tables, template, message):
    # Columns (from 1) of the tokens a positioned sentence names, in the statement as sent.
    where, update = (
        len(WHERE.format(**tables)) + 1,
        len((UPDATE % "").split(" WHERE")[0].format(**tables)) + 1,
    )
    insert = template.format(w=0, u=0, u1=0, u9=0, u12=0, i=0, **tables).find("set_add") + 1
    columns = {
        "w": where,
        "u": update + 4,
        "u1": update + 5,
        "u9": update + 13,
        "u12": update + 16,
        "i": insert,
    }
    statement = template.format(**columns, **tables)
    message = message.format(**columns)
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


def test_transaction_reads_name_one_item_by_its_key(aws_client, tables):
    ddb = aws_client("dynamodb")
    name = tables["S"]
    read = f"SELECT * FROM \"{name}\" WHERE pk = '{ITEM}'"
    cases = [
        (
            [{"Statement": read + " AND attribute_exists(ss)"}],
            "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must "
            "specify the primary key in the where clause.",
        ),
        (
            [
                {"Statement": f"EXISTS({read})"},
                {"Statement": f"UPDATE \"{name}\" SET z = 1 WHERE pk = 'pq-fn-msg-never-written'"},
            ],
            "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with "
            "additional condition",
        ),
    ]
    for statements, message in cases:
        assert client_error(ddb.execute_transaction, TransactStatements=statements) == (
            400,
            "ValidationException",
            message,
        )
    # Keyed reads answer each item (a nested path under its last name), {} for a missing one.
    projected = f'SELECT s, m."inner" FROM "{name}" WHERE pk = \'{ITEM}\''
    missing = f"SELECT * FROM \"{name}\" WHERE pk = 'pq-fn-msg-missing'"
    answer = ddb.execute_transaction(TransactStatements=[{"Statement": projected}, {"Statement": missing}])
    assert answer["Responses"] == [{"Item": {"s": {"S": "str"}, "inner": {"SS": ["x"]}}}, {}]


def test_batch_reads_name_one_item_by_its_key(aws_client, tables):
    ddb = aws_client("dynamodb")
    read = f"SELECT * FROM \"{tables['S']}\" WHERE pk = '{ITEM}'"
    answer = ddb.batch_execute_statement(
        Statements=[{"Statement": read + " AND attribute_exists(ss)"}, {"Statement": read}]
    )
    assert answer["Responses"][0] == {
        "Error": {
            "Code": "ValidationError",
            "Message": "Select statements within BatchExecuteStatement must specify the primary key in the "
            "where clause.",
        }
    }
    assert answer["Responses"][1]["Item"]["s"] == {"S": "str"}


def test_number_literals_comments_and_order_as_dynamodb_reads_them(aws_client, unique_name, cleanup):
    """The accepted forms of the same recordings (paritysuite/dynamodb-conformance's tier-2 grammar tests)."""
    ddb = aws_client("dynamodb")
    numbers = pay_per_request_table(ddb, unique_name("pqnumbers"), cleanup, attributes={"pk": "N"})
    ordered = pay_per_request_table(ddb, unique_name("pqorder"), cleanup, sort_key=("sk", "N"))
    for number in ("7310000", "7.3", "-7.3"):
        ddb.put_item(TableName=numbers, Item={"pk": {"N": number}})
    for number in "123":
        ddb.put_item(TableName=ordered, Item={"pk": {"S": "o"}, "sk": {"N": number}})

    def keys(statement):
        return [item["pk"]["N"] for item in ddb.execute_statement(Statement=statement)["Items"]]

    for literal in ("7.31e6", "7.31E6", "7.31e+6", "731e4", "73100000e-1"):
        assert keys(f'SELECT * FROM "{numbers}" WHERE pk = {literal}') == ["7310000"], literal
    assert keys(f'SELECT * FROM "{numbers}" WHERE pk = .73e1') == ["7.3"]
    assert keys(f'SELECT * FROM "{numbers}" WHERE pk = -.73e1') == ["-7.3"]
    for literal, stored in (("7.32e6", "7320000"), (".7325e1", "7.325"), ("1.5", "1.5")):
        ddb.execute_statement(Statement=f"INSERT INTO \"{numbers}\" VALUE {{'pk': {literal}, 'd': 2.25}}")
        item = ddb.get_item(TableName=numbers, Key={"pk": {"N": stored}})["Item"]
        assert item["d"] == {"N": "2.25"}
    assert client_error(
        ddb.execute_statement, Statement=f"INSERT INTO \"{numbers}\" VALUE {{'pk': 1.5}}"
    ) == (400, "DuplicateItemException", "Duplicate primary key exists in table")
    assert keys(f'-- a note\nSELECT * FROM "{numbers}" WHERE pk = 7.3') == ["7.3"]
    assert keys(f'SELECT * FROM "{numbers}" -- a note\nWHERE pk = 7.3') == ["7.3"]
    assert keys(f'SELECT * FROM "{numbers}" /* a note */ WHERE pk = 7.3 /* another */') == ["7.3"]
    descending = ddb.execute_statement(
        Statement=f"SELECT * FROM \"{ordered}\" WHERE pk = 'o' ORDER BY sk DESC"
    )
    assert [item["sk"]["N"] for item in descending["Items"]] == ["3", "2", "1"]


def test_where_functions_and_is_run_as_filters(aws_client, unique_name, cleanup):
    """paritysuite/dynamodb-conformance's tier-2 WHERE-function recordings: a function compared with true,
    IS NULL, IS NOT NULL and IS with a type name."""
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("pqwhere"), cleanup)
    item = {
        "pk": {"S": "i"},
        "ss": {"SS": ["a"]},
        "s": {"S": "str"},
        "nul": {"NULL": True},
        "flag": {"BOOL": True},
    }
    ddb.put_item(TableName=name, Item=item)

    def holds(condition):
        statement = f"SELECT * FROM \"{name}\" WHERE pk = 'i' AND {condition}"
        return len(ddb.execute_statement(Statement=statement)["Items"]) == 1

    assert holds("attribute_exists(ss) = true") and not holds("attribute_exists(ss) = false")
    assert holds("nul IS NULL") and not holds("s IS NULL")
    assert holds("s IS NOT NULL") and not holds("nul IS NOT NULL")
    assert holds("flag IS BOOL") and holds("s IS STRING") and not holds("s IS BOOL")
    assert holds('attribute_exists("ss")') and holds("size(s) = 3") and holds("attribute_type(ss, 'SS')")


def test_from_first_update(aws_client, unique_name, cleanup):
    """`FROM "T" WHERE <key> SET ... REMOVE ...` runs as the UPDATE of that item (paritysuite/
    dynamodb-conformance's tier-2 recordings, 2026-10)."""
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("pqfromfirst"), cleanup)

    def seed(pk):
        ddb.put_item(TableName=name, Item={"pk": {"S": pk}, "a": {"N": "1"}, "b": {"S": "bee"}})
        return {"pk": {"S": pk}}

    def stored(key):
        return ddb.get_item(TableName=name, Key=key).get("Item")

    key = seed("set")
    ddb.execute_statement(Statement=f"FROM \"{name}\" WHERE pk = 'set' SET c = 1 REMOVE a")
    assert stored(key) == {"pk": {"S": "set"}, "b": {"S": "bee"}, "c": {"N": "1"}}
    key = seed("params")
    ddb.execute_statement(
        Statement=f'from "{name}" where pk = ? AND a = ? set c = ?',
        Parameters=[{"S": "params"}, {"N": "1"}, {"N": "7"}],
    )
    assert stored(key)["c"] == {"N": "7"}
    seed("returning")
    answer = ddb.execute_statement(
        Statement=f"FROM \"{name}\" WHERE pk = 'returning' SET d = 3 RETURNING ALL NEW *"
    )
    assert answer["Items"] == [
        {"pk": {"S": "returning"}, "a": {"N": "1"}, "b": {"S": "bee"}, "d": {"N": "3"}}
    ]
    status, code, _ = client_error(
        ddb.execute_statement, Statement=f"FROM \"{name}\" WHERE pk = 'absent' SET c = 1"
    )
    assert (status, code) == (400, "ConditionalCheckFailedException")
    assert stored({"pk": {"S": "absent"}}) is None
    key = seed("batch")
    answer = ddb.batch_execute_statement(
        Statements=[{"Statement": f"FROM \"{name}\" WHERE pk = 'batch' SET c = 1"}]
    )
    assert "Error" not in answer["Responses"][0] and stored(key)["c"] == {"N": "1"}
    key = seed("tx")
    ddb.execute_transaction(TransactStatements=[{"Statement": f"FROM \"{name}\" WHERE pk = 'tx' SET c = 1"}])
    assert stored(key)["c"] == {"N": "1"}


def test_statements_refused_in_a_transaction_and_a_batch_and_missing_tables(aws_client, tables):
    ddb = aws_client("dynamodb")
    empty_where = f'SELECT * FROM "{tables["S"]}" WHERE'
    assert client_error(ddb.execute_transaction, TransactStatements=[{"Statement": empty_where}]) == (
        400,
        "ValidationException",
        f"Validation failed in TransactStatements[0]: {NOT_WELL_FORMED}Unexpected term",
    )
    answer = ddb.batch_execute_statement(Statements=[{"Statement": empty_where}])
    assert answer["Responses"] == [
        {"Error": {"Code": "ValidationError", "Message": NOT_WELL_FORMED + "Unexpected term"}}
    ]
    missing = f"FROM \"{tables['S']}-never-created\" WHERE pk = 'x' SET c = 1"
    assert client_error(ddb.execute_statement, Statement=missing) == (
        400,
        "ResourceNotFoundException",
        "Requested resource not found",
    )

"""DynamoDB's parser refusals of PartiQL statements: comments and number literals it cannot read, a
token left after a complete statement, table aliases, and number literals outside DynamoDB's range
(named by their path inside the value). The sentences are AWS's, recorded against live DynamoDB
(paritysuite/dynamodb-conformance, eu-west-2, 2026-10)."""

from __future__ import annotations

import re

from localstack.services.dynamodb.attribute_values import InvalidValue, check_number
from localstack.services.dynamodb.expressions.request import RequestInvalid

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: "
LEFTOVER = NOT_WELL_FORMED + "Unexpected token after expression"
ALIASING = "Aliasing is not supported"

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<quoted>"(?:[^"]|"")*")
    | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<comment>--[^\n]*|/\*.*?\*/)
    | (?P<op><<|>>|<=|>=|<>|!=|\|\||[=<>()\[\]{},.:?+\-*/;%])
    | (?P<other>\S)
    )""",
    re.X | re.S,
)
# Words that may follow a complete operand (an operand then a word outside these is a leftover token).
_KEYWORDS = frozenset(
    "AND OR NOT IN BETWEEN IS NULL MISSING ORDER BY ASC DESC WHERE SET REMOVE RETURNING ALL MODIFIED OLD "
    "NEW VALUE FROM AS LIMIT".split()
)
_LITERAL_WORDS = frozenset(("NULL", "MISSING", "TRUE", "FALSE"))
# SQL-92's reserved words, which PartiQL reserves too: after a dot one must be quoted (`m."size"`), or
# DynamoDB answers "Invalid path dot component" (recorded: `m.inner`, paritysuite/dynamodb-conformance,
# 2026-10; `payload.size`, reported against DynamoDB in passren/PyDynamoDB#28).
_RESERVED = frozenset(
    """ABSOLUTE ACTION ADD ALL ALLOCATE ALTER AND ANY ARE AS ASC ASSERTION AT AUTHORIZATION AVG BEGIN BETWEEN
    BIT BIT_LENGTH BOTH BY CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER CHAR_LENGTH CHARACTER_LENGTH
    CHECK CLOSE COALESCE COLLATE COLLATION COLUMN COMMIT CONNECT CONNECTION CONSTRAINT CONSTRAINTS CONTINUE
    CONVERT CORRESPONDING COUNT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP
    CURRENT_USER CURSOR DATE DAY DEALLOCATE DEC DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DELETE DESC
    DESCRIBE DESCRIPTOR DIAGNOSTICS DISCONNECT DISTINCT DOMAIN DOUBLE DROP ELSE END ESCAPE EXCEPT
    EXCEPTION EXEC EXECUTE EXISTS EXTERNAL EXTRACT FALSE FETCH FIRST FLOAT FOR FOREIGN FOUND FROM FULL GET
    GLOBAL GO GOTO GRANT GROUP HAVING HOUR IDENTITY IMMEDIATE IN INDICATOR INITIALLY INNER INPUT
    INSENSITIVE INSERT INT INTEGER INTERSECT INTERVAL INTO IS ISOLATION JOIN KEY LANGUAGE LAST LEADING LEFT
    LEVEL LIKE LOCAL LOWER MATCH MAX MIN MINUTE MODULE MONTH NAMES NATIONAL NATURAL NCHAR NEXT NO NOT NULL
    NULLIF NUMERIC OCTET_LENGTH OF ON ONLY OPEN OPTION OR ORDER OUTER OUTPUT OVERLAPS PAD PARTIAL POSITION
    PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVILEGES PROCEDURE PUBLIC READ REAL REFERENCES RELATIVE
    RESTRICT REVOKE RIGHT ROLLBACK ROWS SCHEMA SCROLL SECOND SECTION SELECT SESSION SESSION_USER SET SIZE
    SMALLINT SOME SPACE SQL SQLCODE SQLERROR SQLSTATE SUBSTRING SUM SYSTEM_USER TABLE TEMPORARY THEN TIME
    TIMESTAMP TIMEZONE_HOUR TIMEZONE_MINUTE TO TRAILING TRANSACTION TRANSLATE TRANSLATION TRIM TRUE UNION
    UNIQUE UNKNOWN UPDATE UPPER USAGE USER USING VALUE VALUES VARCHAR VARYING VIEW WHEN WHENEVER WHERE WITH
    WORK WRITE YEAR ZONE""".split()
)
DOT_COMPONENT = NOT_WELL_FORMED + "Invalid path dot component"
# The words PartiQL reads after IS (its type names, NOT, NULL and MISSING); any other is "Expected type
# name" (recorded: `x IS FOO`; INT4, INT8, DOUBLE PRECISION and CHARACTER VARYING parse as types).
_TYPE_NAMES = frozenset(
    """NOT NULL MISSING ANY BOOL BOOLEAN SMALLINT INT2 INTEGER2 INT4 INTEGER4 INT8 INTEGER8 INT INTEGER BIGINT
    FLOAT REAL DOUBLE DECIMAL DEC NUMERIC CHAR CHARACTER VARCHAR STRING SYMBOL BLOB CLOB DATE TIME TIMESTAMP
    STRUCT TUPLE LIST SEXP BAG""".split()
)
_INT_MAX = 2**31 - 1
_VERBS = {"SELECT", "INSERT", "UPDATE", "DELETE"}

Token = tuple[str, str]


def check(statement: str) -> None:
    """Raise RequestInvalid with AWS's sentence for a statement DynamoDB's parser refuses."""
    tokens = _tokens(statement)
    if not tokens or tokens[0][0] != "name" or tokens[0][1].upper() not in _VERBS:
        return  # EXISTS and other forms: left to the statement's own checks
    if tokens[-1] == ("op", ";"):
        tokens.pop()
    for kind, text in tokens:
        if kind == "number":
            _check_literal_form(text)
    verb = tokens[0][1].upper()
    span = _table_path(tokens)
    if span is None:
        _check_missing_table(verb, tokens)
        return
    after_path = span[1]
    _check_dot_components(tokens, span)
    _check_where(tokens)
    _check_table_alias(verb, tokens, after_path)
    if verb == "INSERT":
        _check_insert_end(tokens, after_path)
    else:
        _check_clauses(verb, tokens[after_path:])
    _check_number_ranges(verb, tokens)


def _check_missing_table(verb: str, tokens: list[Token]) -> None:
    """`DELETE FROM` or `SELECT * FROM` with no table after it."""
    words = [text.upper() if kind == "name" else text for kind, text in tokens]
    if verb == "DELETE" and words[1:2] == ["FROM"] and (len(words) == 2 or words[2] in _KEYWORDS):
        raise RequestInvalid(NOT_WELL_FORMED + "Expected identifier for simple path")
    if verb == "SELECT" and words[-1:] == ["FROM"]:
        raise RequestInvalid(NOT_WELL_FORMED + "Unexpected term")


def _check_where(tokens: list[Token]) -> None:
    """A WHERE with no condition after it, or a condition left without its right-hand side."""
    depth = 0
    for index, (kind, text) in enumerate(tokens):
        if kind == "op" and text in ("(", "[", "{"):
            depth += 1
        elif kind == "op" and text in (")", "]", "}"):
            depth -= 1
        if depth != 0 or kind != "name" or text.upper() != "WHERE":
            continue
        rest = tokens[index + 1 :]
        if all(token in (("op", "("),) or token[1].upper() == "NOT" for token in rest):
            raise RequestInvalid(NOT_WELL_FORMED + "Unexpected term")
        first = rest[0][1].upper() if rest[0][0] == "name" else ""
        if first == "ORDER":
            raise RequestInvalid(NOT_WELL_FORMED + "Unexpected keyword")
        if first == "IS":
            raise RequestInvalid(NOT_WELL_FORMED + "Unexpected operator")
        break
    if tokens[-1][0] == "name" and tokens[-1][1].upper() in ("AND", "OR"):
        raise RequestInvalid(NOT_WELL_FORMED + "Missing right-hand side expression of infix operator")
    for (kind, text), (next_kind, next_text) in zip(tokens, tokens[1:], strict=False):
        if kind == "name" and text.upper() == "IS" and next_kind == "name":
            if next_text.upper() not in _TYPE_NAMES:
                raise RequestInvalid(NOT_WELL_FORMED + "Expected type name")
        if kind == "op" and text in ("=", "<>", "!=", "<", "<=", ">", ">="):
            if next_kind == "name" and next_text.upper() in ("LIKE", "IS"):
                raise RequestInvalid(NOT_WELL_FORMED + "Unexpected operator")


def _tokens(statement: str) -> list[Token]:
    return [(kind, text) for kind, text, _ in positioned_tokens(statement)]


def positioned_tokens(statement: str) -> list[tuple[str, str, int]]:
    """The statement's tokens (kind, text, offset), comments left out; raises for what cannot be read."""
    tokens: list[tuple[str, str, int]] = []
    position = 0
    text = statement.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return tokens
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "other" or (kind == "op" and value == "/" and text.startswith("/*", match.start(kind))):
            # `#` starts no comment in PartiQL; an unterminated `/*` reads to no end.
            raise RequestInvalid(NOT_WELL_FORMED)
        position = match.end()
        if kind != "comment":
            tokens.append((kind, value, match.start(kind)))
    return tokens


def _check_literal_form(text: str) -> None:
    """A literal whose exponent, or whose scale (digits after the point less the exponent), does not
    fit a 32-bit integer cannot be converted at all."""
    mantissa, _, exponent_text = text.lower().partition("e")
    exponent = int(exponent_text) if exponent_text else 0
    fraction = len(mantissa.partition(".")[2])
    if not -_INT_MAX - 1 <= exponent <= _INT_MAX or not -_INT_MAX - 1 <= fraction - exponent <= _INT_MAX:
        raise RequestInvalid(NOT_WELL_FORMED)


def _table_path(tokens: list[Token]) -> tuple[int, int] | None:
    """The indexes of the statement's table path's first token and of the token after it (`"t"` or
    `"t"."index"`)."""
    verb = tokens[0][1].upper()
    position = 1
    if verb == "SELECT":
        depth = 0
        while position < len(tokens):
            kind, text = tokens[position]
            depth += (text in "([{") - (text in ")]}") if kind == "op" else 0
            if depth == 0 and kind == "name" and text.upper() == "FROM":
                break
            position += 1
        position += 1
    elif verb in ("INSERT", "DELETE"):
        if len(tokens) < 2 or tokens[1][1].upper() not in ("INTO", "FROM"):
            return None
        position = 2
    start = position
    if tokens[start : start + 1] and tokens[start][0] == "name" and tokens[start][1].upper() in _KEYWORDS:
        return None  # `DELETE FROM WHERE ...`: no table
    while position < len(tokens) and tokens[position][0] in ("name", "quoted"):
        position += 1
        if tokens[position : position + 1] != [("op", ".")]:
            return start, position
        position += 1
    return None


def _check_dot_components(tokens: list[Token], path: tuple[int, int]) -> None:
    """A reserved word after a dot outside the table path (tokens `path[0]` to `path[1]`)."""
    for index in range(1, len(tokens) - 1):
        kind, text = tokens[index + 1]
        if path[0] <= index < path[1]:
            continue
        if tokens[index] == ("op", ".") and kind == "name" and text.upper() in _RESERVED:
            raise RequestInvalid(DOT_COMPONENT)


def _check_table_alias(verb: str, tokens: list[Token], position: int) -> None:
    if position >= len(tokens):
        return
    kind, text = tokens[position]
    if kind not in ("name", "quoted"):
        return
    word = text.upper() if kind == "name" else ""
    expected = {"SELECT": ("WHERE", "ORDER"), "DELETE": ("WHERE",), "UPDATE": ("SET", "REMOVE")}
    if verb == "INSERT":
        if word != "VALUE":
            raise RequestInvalid(LEFTOVER)
    elif word not in expected[verb] and (word == "AS" or word not in _KEYWORDS):
        raise RequestInvalid(ALIASING)


def _check_insert_end(tokens: list[Token], position: int) -> None:
    """Nothing may follow the item literal of `INSERT INTO t VALUE {...}`."""
    depth = 0
    for index in range(position + 1, len(tokens)):
        kind, text = tokens[index]
        if kind != "op":
            continue
        if text in "([{" or text == "<<":
            depth += 1
        elif text in ")]}" or text == ">>":
            depth -= 1
            if depth == 0 and index + 1 < len(tokens):
                raise RequestInvalid(LEFTOVER)


def _ends_operand(token: Token) -> bool:
    kind, text = token
    if kind in ("number", "string", "quoted"):
        return True
    if kind == "name":
        return text.upper() not in _KEYWORDS or text.upper() in _LITERAL_WORDS
    return kind == "op" and text in (")", "]", "}", "?", ">>")


def _starts_operand(token: Token) -> bool:
    kind, text = token
    if kind in ("number", "string", "quoted"):
        return True
    if kind == "name":
        return text.upper() not in _KEYWORDS or text.upper() in _LITERAL_WORDS
    return kind == "op" and text in ("?", "{", "<<")


def _check_clauses(verb: str, tokens: list[Token]) -> None:
    """After the table path: no unopened `)`, no operand right after an operand, ORDER BY only last in
    a SELECT."""
    depth = 0
    ordered = False
    previous: Token | None = None
    for token in tokens:
        kind, text = token
        if kind == "op" and text in ("(", "[", "{"):
            depth += 1
        elif kind == "op" and text in (")", "]", "}"):
            depth -= 1
            if depth < 0:
                raise RequestInvalid(LEFTOVER)
        if depth == 0 and kind == "name" and text.upper() == "ORDER":
            if verb != "SELECT":
                raise RequestInvalid(LEFTOVER)
            ordered = True
        elif depth == 0 and kind == "name" and text.upper() == "WHERE" and ordered:
            raise RequestInvalid(LEFTOVER)
        if previous is not None and _ends_operand(previous) and _starts_operand(token):
            raise RequestInvalid(LEFTOVER)
        previous = token


def _check_number_ranges(verb: str, tokens: list[Token]) -> None:
    """Each number literal within DynamoDB's range, named by its path inside its attribute's value
    (`root`, `root.x`, `root[1]`)."""
    # Each open container: [kind, path, map key or list index]. An INSERT's item is the outermost map,
    # whose members are each a `root`.
    stack: list[list] = []
    item_pending = verb == "INSERT"
    for index, (kind, text) in enumerate(tokens):
        if kind == "op" and text in ("{", "[", "<<"):
            if item_pending and text == "{":
                stack.append(["item", "", None])
                item_pending = False
            else:
                stack.append(["map" if text == "{" else "list", _value_path(stack), 0])
        elif kind == "op" and text in ("}", "]", ">>"):
            if stack:
                stack.pop()
        elif kind == "op" and text == "," and stack and stack[-1][0] == "list":
            stack[-1][2] += 1
        elif (
            kind == "string"
            and stack
            and stack[-1][0] == "map"
            and tokens[index + 1 : index + 2] == [("op", ":")]
        ):
            stack[-1][2] = text[1:-1].replace("''", "'")
        elif kind == "number":
            try:
                check_number(text)
            except InvalidValue as error:
                raise RequestInvalid(f"{error} under {_value_path(stack)}") from None


def _value_path(stack: list[list]) -> str:
    if not stack or stack[-1][0] == "item":
        return "root"
    kind, path, position = stack[-1]
    return f"{path}.{position}" if kind == "map" else f"{path}[{position}]"

"""PartiQL UPDATE and DELETE statements as the UpdateItem and DeleteItem requests DynamoDB runs for them.

DynamoDB translates each into one item write: the WHERE clause's equalities on the key attributes name
the item (all of them are mandatory), every other predicate becomes the write's condition, an UPDATE
also requires the item to exist (`attribute_exists` on the partition key: no upsert), and a DELETE of a
missing item is a no-op whatever the predicates say. RETURNING maps to ReturnValues, its attributes
answered as the statement's one item. A statement this module cannot read is left to moto's engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid

MISSING_KEY = "Where clause does not contain a mandatory equality on all key attributes"
PARAMETER_COUNT = "Number of parameters in request and statement don't match."

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<quoted>"(?:[^"]|"")*")
    | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op><<|>>|<=|>=|<>|!=|[=<>()\[\]{},.:?+\-*;])
    )""",
    re.X,
)
_RETURN_VALUES = {
    ("ALL", "OLD"): "ALL_OLD",
    ("MODIFIED", "OLD"): "UPDATED_OLD",
    ("ALL", "NEW"): "ALL_NEW",
    ("MODIFIED", "NEW"): "UPDATED_NEW",
}
_COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_CONDITION_FUNCTIONS = {
    "begins_with",
    "contains",
    "attribute_type",
    "size",
    "attribute_exists",
    "attribute_not_exists",
}


class Unreadable(Exception):
    """A statement outside what this module translates: moto's engine answers it."""


@dataclass
class Translation:
    operation: str  # UpdateItem or DeleteItem
    body: dict
    returning: bool


def count_placeholders(statement: str) -> int:
    outside = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "", statement)
    return outside.count("?")


def check_parameter_count(statement: Any, parameters: Any) -> None:
    """A statement with more `?` than Parameters values is refused (more values than `?` pass)."""
    if not isinstance(statement, str) or "?" not in statement:
        return
    given = len(parameters) if isinstance(parameters, list) else 0
    if count_placeholders(statement) > given:
        raise RequestInvalid(PARAMETER_COUNT)


def translate(body: dict, key_names: list[str]) -> Translation | None:
    """The item write an UPDATE or DELETE ExecuteStatement runs, for a table whose key attributes are
    `key_names` (partition key first); None for other statements and those this module cannot read.
    Raises RequestInvalid for AWS's refusals (a key attribute without its equality)."""
    statement = body.get("Statement")
    if not isinstance(statement, str) or not re.match(r"\s*(UPDATE|DELETE)\b", statement, re.I):
        return None
    try:
        parser = _Parser(statement, body.get("Parameters"))
        return parser.statement(body, key_names)
    except Unreadable:
        return None


@dataclass
class _Expression:
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict] = field(default_factory=dict)
    mentioned: list[str] = field(default_factory=list)  # every attribute name written, in order

    def name(self, text: str) -> str:
        self.mentioned.append(text)
        for placeholder, known in self.names.items():
            if known == text:
                return placeholder
        placeholder = f"#n{len(self.names)}"
        self.names[placeholder] = text
        return placeholder

    def value(self, attribute: dict) -> str:
        placeholder = f":v{len(self.values)}"
        self.values[placeholder] = attribute
        return placeholder


class _Parser:
    def __init__(self, statement: str, parameters: Any) -> None:
        self.tokens: list[tuple[str, str]] = []
        position = 0
        text = statement.rstrip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise Unreadable()
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        if self.tokens and self.tokens[-1] == ("op", ";"):
            self.tokens.pop()
        self.position = 0
        self.parameters = parameters if isinstance(parameters, list) else []
        self.used = 0
        self.expression = _Expression()

    # -- tokens
    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else ("end", "")

    def keyword(self, *words: str) -> bool:
        kind, text = self.peek()
        if kind == "name" and text.upper() in words:
            self.position += 1
            return True
        return False

    def expect_keyword(self, word: str) -> None:
        if not self.keyword(word):
            raise Unreadable()

    def op(self, *symbols: str) -> str | None:
        kind, text = self.peek()
        if kind == "op" and text in symbols:
            self.position += 1
            return text
        return None

    def expect_op(self, symbol: str) -> None:
        if self.op(symbol) is None:
            raise Unreadable()

    # -- statement
    def statement(self, body: dict, key_names: list[str]) -> Translation:
        if self.keyword("UPDATE"):
            operation = "UpdateItem"
            table = self.identifier()
            update = self.update_clauses()
        else:
            self.expect_keyword("DELETE")
            self.expect_keyword("FROM")
            operation = "DeleteItem"
            table = self.identifier()
            update = None
        if self.op("."):
            raise Unreadable()  # an index path: the index checks answer it
        if not self.keyword("WHERE"):
            raise RequestInvalid(MISSING_KEY)
        conjuncts = self.conjunction()
        returning = None
        if self.keyword("RETURNING"):
            scope = self.peek()[1].upper()
            self.position += 1
            age = self.peek()[1].upper()
            self.position += 1
            self.expect_op("*")
            returning = _RETURN_VALUES.get((scope, age))
            if returning is None:
                raise Unreadable()
        if self.peek()[0] != "end":
            raise Unreadable()
        key, rest = self.split_key(conjuncts, key_names)
        condition = " AND ".join(rest)
        if operation == "UpdateItem":
            guard = self.expression.name(key_names[0])
            condition = f"attribute_exists({guard})" + (f" AND {condition}" if condition else "")
        elif condition:
            # A DELETE of a missing item succeeds: its predicates are never evaluated.
            guard = self.expression.name(key_names[0])
            condition = f"attribute_not_exists({guard}) OR {condition}"
        write: dict[str, Any] = {"TableName": table, "Key": key}
        if update is not None:
            write["UpdateExpression"] = update
        if condition:
            write["ConditionExpression"] = condition
        if self.expression.names:
            write["ExpressionAttributeNames"] = dict(self.expression.names)
        if self.expression.values:
            write["ExpressionAttributeValues"] = dict(self.expression.values)
        if returning is not None:
            write["ReturnValues"] = returning
        for member in ("ReturnConsumedCapacity", "ReturnValuesOnConditionCheckFailure"):
            if member in body:
                write[member] = body[member]
        return Translation(operation, write, returning is not None)

    def split_key(self, conjuncts: list[tuple[Any, Any]], key_names: list[str]) -> tuple[dict, list[str]]:
        key: dict[str, dict] = {}
        rest = []
        for write, equality in conjuncts:
            if equality is not None and equality[0] in key_names and equality[0] not in key:
                key[equality[0]] = equality[1]
            else:
                rest.append(write())
        if set(key) != set(key_names):
            raise RequestInvalid(MISSING_KEY)
        return key, rest

    # -- names and paths
    def identifier(self) -> str:
        kind, text = self.peek()
        if kind == "quoted":
            self.position += 1
            return text[1:-1].replace('""', '"')
        if kind == "name":
            self.position += 1
            return text
        raise Unreadable()

    def path(self) -> tuple[str, list]:
        """A document path as expression text with name placeholders, and its raw parts."""
        first = self.identifier()
        parts: list = [first]
        text = self.expression.name(first)
        while True:
            if self.op("."):
                part = self.identifier()
                parts.append(part)
                text += "." + self.expression.name(part)
            elif self.op("["):
                kind, number = self.peek()
                if kind != "number" or not number.isdigit():
                    raise Unreadable()
                self.position += 1
                self.expect_op("]")
                parts.append(int(number))
                text += f"[{number}]"
            else:
                return text, parts

    # -- values
    def literal(self) -> dict | None:
        """An AttributeValue for a literal or `?` at the cursor; None where there is none."""
        kind, text = self.peek()
        if kind == "op" and text == "?":
            self.position += 1
            if self.used >= len(self.parameters):
                raise RequestInvalid(PARAMETER_COUNT)
            value = self.parameters[self.used]
            self.used += 1
            return value
        if kind == "string":
            self.position += 1
            return {"S": text[1:-1].replace("''", "'")}
        if kind == "number":
            self.position += 1
            return {"N": text}
        if kind == "op" and text == "-" and self.peek(1)[0] == "number":
            self.position += 2
            return {"N": "-" + self.tokens[self.position - 1][1]}
        if kind == "name" and text.upper() in ("TRUE", "FALSE") and self.peek(1) != ("op", "("):
            self.position += 1
            return {"BOOL": text.upper() == "TRUE"}
        if kind == "name" and text.upper() == "NULL":
            self.position += 1
            return {"NULL": True}
        if kind == "op" and text == "[":
            self.position += 1
            return {"L": self.values_until("]")}
        if kind == "op" and text == "<<":
            self.position += 1
            return _set_of(self.values_until(">>"))
        if kind == "op" and text == "{":
            self.position += 1
            members: dict[str, dict] = {}
            if not self.op("}"):
                while True:
                    name_kind, name = self.peek()
                    if name_kind != "string":
                        raise Unreadable()
                    self.position += 1
                    self.expect_op(":")
                    value = self.literal()
                    if value is None:
                        raise Unreadable()
                    members[name[1:-1].replace("''", "'")] = value
                    if self.op("}"):
                        break
                    self.expect_op(",")
            return {"M": members}
        return None

    def values_until(self, closing: str) -> list[dict]:
        values: list[dict] = []
        if self.op(closing):
            return values
        while True:
            value = self.literal()
            if value is None:
                raise Unreadable()
            values.append(value)
            if self.op(closing):
                return values
            self.expect_op(",")

    def operand(self) -> str:
        """A condition or update operand as expression text: a value, a path or a function call."""
        value = self.literal()
        if value is not None:
            return self.expression.value(value)
        kind, text = self.peek()
        if kind == "name" and self.peek(1) == ("op", "("):
            if text.lower() not in _CONDITION_FUNCTIONS | {"list_append", "if_not_exists"}:
                raise Unreadable()
            self.position += 2
            arguments = [self.operand()]
            while self.op(","):
                arguments.append(self.operand())
            self.expect_op(")")
            return f"{text.lower()}({', '.join(arguments)})"
        return self.path()[0]

    # -- UPDATE
    def update_clauses(self) -> str:
        sets: list[str] = []
        removes: list[str] = []
        adds: list[str] = []
        deletes: list[str] = []
        while True:
            if self.keyword("SET"):
                while True:
                    target = self.path()[0]
                    self.expect_op("=")
                    kind, text = self.peek()
                    if (
                        kind == "name"
                        and text.lower() in ("set_add", "set_delete")
                        and self.peek(1) == ("op", "(")
                    ):
                        self.position += 2
                        if self.path()[0] != target:
                            raise Unreadable()
                        self.expect_op(",")
                        value = self.literal()
                        if value is None:
                            raise Unreadable()
                        self.expect_op(")")
                        clause = f"{target} {self.expression.value(value)}"
                        (adds if text.lower() == "set_add" else deletes).append(clause)
                    else:
                        source = self.operand()
                        sign = self.op("+", "-")
                        if sign:
                            source = f"{source} {sign} {self.operand()}"
                        sets.append(f"{target} = {source}")
                    if not self.op(","):
                        break
            elif self.keyword("REMOVE"):
                removes.append(self.path()[0])
                while self.op(","):
                    removes.append(self.path()[0])
            else:
                break
        if not (sets or removes or adds or deletes):
            raise Unreadable()
        clauses = []
        for word, actions in (("SET", sets), ("REMOVE", removes), ("ADD", adds), ("DELETE", deletes)):
            if actions:
                clauses.append(f"{word} {', '.join(actions)}")
        return " ".join(clauses)

    # -- WHERE
    def conjunction(self) -> list[tuple[Any, Any]]:
        """The WHERE clause's top-level AND terms: (condition text, (name, value) for `name = value`)."""
        terms = [self.term()]
        while self.keyword("AND"):
            terms.append(self.term())
        return terms

    def term(self) -> tuple[Any, Any]:
        """A top-level term; `name = value` comes back unwritten (it may be the key, which the
        expression must not mention), as a function writing it into the condition."""
        start, used = self.position, self.used
        if self.peek()[0] in ("name", "quoted") and self.peek(1) == ("op", "="):
            name = self.identifier()
            self.position += 1
            value = self.literal()
            kind, text = self.peek()
            if value is not None and (
                kind == "end" or (kind == "name" and text.upper() in ("AND", "RETURNING"))
            ):
                return (lambda: f"{self.expression.name(name)} = {self.expression.value(value)}"), (
                    name,
                    value,
                )
            self.position, self.used = start, used
        parts = self.disjuncts()
        text = " OR ".join(parts) if len(parts) == 1 else f"({' OR '.join(parts)})"  # AND binds tighter
        return (lambda: text), None

    def disjunction(self) -> str:
        return " OR ".join(self.disjuncts())

    def disjuncts(self) -> list[str]:
        parts = [self.negation()]
        while self.keyword("OR"):
            parts.append(self.negation())
        return parts

    def negation(self) -> str:
        if self.keyword("NOT"):
            return f"NOT {self.negation()}"
        return self.predicate()

    def predicate(self) -> str:
        if self.op("("):
            inner = self.disjunction()
            while self.keyword("AND"):
                inner = f"{inner} AND {self.disjunction()}"
            self.expect_op(")")
            return f"({inner})"
        left = self.operand()
        comparator = self.op(*_COMPARATORS)
        if comparator is not None:
            return f"{left} {_COMPARATORS[comparator]} {self.operand()}"
        if self.keyword("BETWEEN"):
            low = self.operand()
            self.expect_keyword("AND")
            return f"{left} BETWEEN {low} AND {self.operand()}"
        if self.keyword("IN"):
            closing = "]" if self.op("[") else ")" if self.op("(") else None
            if closing is None:
                raise Unreadable()
            choices = [self.expression.value(value) for value in self.values_until(closing)]
            return f"{left} IN ({', '.join(choices)})"
        if self.keyword("IS"):
            negated = self.keyword("NOT")
            if not self.keyword("MISSING"):
                raise Unreadable()
            return f"{'attribute_exists' if negated else 'attribute_not_exists'}({left})"
        if left.startswith(tuple(f"{name}(" for name in _CONDITION_FUNCTIONS)):
            return left
        raise Unreadable()


def _set_of(values: list[dict]) -> dict:
    kinds = {next(iter(value)) for value in values if isinstance(value, dict) and len(value) == 1}
    if len(kinds) != 1 or not values:
        raise Unreadable()
    kind = kinds.pop()
    if kind not in ("S", "N", "B"):
        raise Unreadable()
    return {kind + "S": [value[kind] for value in values]}


def answer(translation: Translation, written: dict) -> dict:
    """ExecuteStatement's answer to the item write's: RETURNING's attributes as the one item."""
    result: dict[str, Any] = {"Items": []}
    attributes = written.get("Attributes")
    if translation.returning and attributes:
        result["Items"] = [attributes]
    if "ConsumedCapacity" in written:
        result["ConsumedCapacity"] = written["ConsumedCapacity"]
    return result


DUPLICATE_ITEM = "Duplicate primary key exists in table"


@dataclass
class TransactionTranslation:
    body: dict  # TransactWriteItems' request
    inserts: set[int]  # positions of INSERT statements (their failed condition is DuplicateItem)


def translate_transaction(body: dict, key_names_of: Any) -> TransactionTranslation | None:
    """An ExecuteTransaction of writes as the TransactWriteItems DynamoDB runs for it; None for one
    holding a read (or a statement this module cannot read). `key_names_of(table)` gives a table's key
    attributes, None for a table that does not exist (moto answers those)."""
    statements = body.get("TransactStatements")
    if not isinstance(statements, list) or not statements:
        return None
    items: list[dict] = []
    inserts: set[int] = set()
    for position, entry in enumerate(statements):
        if not isinstance(entry, dict) or not isinstance(entry.get("Statement"), str):
            return None
        table = _statement_table(entry["Statement"])
        key_names = key_names_of(table) if table is not None else None
        if not key_names:
            return None
        if re.match(r"\s*INSERT\b", entry["Statement"], re.I):
            put = _insert(entry, key_names)
            if put is None:
                return None
            items.append({"Put": put})
            inserts.add(position)
            continue
        translation = translate(entry, key_names)
        if translation is None:
            return None
        write = {
            k: v for k, v in translation.body.items() if k not in ("ReturnValues", "ReturnConsumedCapacity")
        }
        items.append({"Update" if translation.operation == "UpdateItem" else "Delete": write})
    transact: dict[str, Any] = {"TransactItems": items}
    for member in ("ClientRequestToken", "ReturnConsumedCapacity"):
        if member in body:
            transact[member] = body[member]
    return TransactionTranslation(transact, inserts)


def _statement_table(statement: str) -> str | None:
    try:
        parser = _Parser(statement, [])
        if parser.keyword("INSERT"):
            parser.expect_keyword("INTO")
        elif parser.keyword("DELETE"):
            parser.expect_keyword("FROM")
        elif not parser.keyword("UPDATE"):
            return None
        return parser.identifier()
    except Unreadable:
        return None


def _insert(entry: dict, key_names: list[str]) -> dict | None:
    """INSERT INTO t VALUE {...} as a Put that fails when the item exists."""
    try:
        parser = _Parser(entry["Statement"], entry.get("Parameters"))
        parser.expect_keyword("INSERT")
        parser.expect_keyword("INTO")
        table = parser.identifier()
        parser.expect_keyword("VALUE")
        document = parser.literal()
        if parser.peek()[0] != "end" or not isinstance(document, dict) or "M" not in document:
            return None
    except Unreadable:
        return None
    put: dict[str, Any] = {
        "TableName": table,
        "Item": document["M"],
        "ConditionExpression": "attribute_not_exists(#n0)",
        "ExpressionAttributeNames": {"#n0": key_names[0]},
    }
    if "ReturnValuesOnConditionCheckFailure" in entry:
        put["ReturnValuesOnConditionCheckFailure"] = entry["ReturnValuesOnConditionCheckFailure"]
    return put


def cancellation(translation: TransactionTranslation, error: dict) -> dict:
    """TransactWriteItems' cancellation as ExecuteTransaction's: an INSERT whose item exists is
    DuplicateItem, not ConditionalCheckFailed."""
    reasons = error.get("CancellationReasons")
    if not isinstance(reasons, list):
        return error
    for position in translation.inserts:
        if position < len(reasons) and reasons[position].get("Code") == "ConditionalCheckFailed":
            reasons[position] = {"Code": "DuplicateItem", "Message": DUPLICATE_ITEM}
    codes = ", ".join(str(reason.get("Code")) for reason in reasons)
    error["Message"] = (
        f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]"
    )
    return error

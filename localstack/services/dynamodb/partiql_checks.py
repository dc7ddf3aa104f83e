"""DynamoDB's refusals of PartiQL statements that moto's engine misreads: the FROM path (empty
components, more than two, an index the table lacks, strongly consistent reads of a global index),
RETURNING clauses DELETE and ExecuteTransaction do not allow, and index reads inside a transaction.
The sentences are AWS's, as recorded against live DynamoDB (nubo-db/dynamodb-conformance)."""

from __future__ import annotations

import re
from typing import Any, Callable

from localstack.services.dynamodb import partiql_functions, partiql_grammar, partiql_parameters
from localstack.services.dynamodb.attribute_values import canonical_number
from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_writes import check_parameter_count
from localstack.utils.aws.errors import AWSError

_MALFORMED = "Statement wasn't well formed, can't be processed"
# The path after FROM / INTO / UPDATE: quoted or bare components joined by dots.
_VERB = re.compile(
    r"^\s*(SELECT\b.*?\bFROM|DELETE\s+FROM|INSERT\s+INTO|UPDATE|EXISTS\s*\(\s*SELECT\b.*?\bFROM)\s*",
    re.I | re.S,
)
# A statement starts with one of PartiQL's data manipulation keywords (EXISTS inside transactions).
_DML = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|EXISTS)\b", re.I)
_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RETURNING = re.compile(r"\bRETURNING\s+((?:ALL|MODIFIED)\s+(?:OLD|NEW)\s+\*)\s*$", re.I)

Lookup = Callable[[str], Any]


def from_path(statement: str) -> list[str] | None:
    """The components of the statement's table path; None where the statement is not one of ours to
    read (moto answers it)."""
    span = _path_span(statement)
    return span[0] if span else None


def _path_span(statement: str) -> tuple[list[str], int, int] | None:
    verb = _VERB.match(statement)
    if verb is None:
        return None
    start = position = verb.end()
    components: list[str] = []
    while True:
        if statement[position : position + 1] == '"':
            end = statement.find('"', position + 1)
            if end < 0:
                raise RequestInvalid(_MALFORMED)
            components.append(statement[position + 1 : end])
            position = end + 1
        else:
            bare = _BARE.match(statement, position)
            if bare is None:
                return (components, start, position) if components else None
            components.append(bare.group())
            position = bare.end()
        if statement[position : position + 1] != ".":
            return components, start, position
        position += 1


_BARE_PREFIX_ARGUMENT = re.compile(r"begins_with\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,", re.I)


def for_moto(statement: str, parameters: Any = None) -> str | None:
    """The statement as moto's engine reads it as AWS does, where it differs: an index-qualified read
    names the index's items `"table.index"`; an INSERT's `?` parameters are written into its document
    (moto's engine cannot bind them there)."""
    rewritten = plain(statement)
    rewritten = index_read(rewritten) or rewritten
    # The engine drops a begins_with whose attribute is a bare name, and evaluates a quoted one.
    rewritten = _BARE_PREFIX_ARGUMENT.sub(r'begins_with("\1",', rewritten)
    if parameters and re.match(r"\s*INSERT\b", rewritten, re.I):
        rewritten = _bound(rewritten, parameters) or rewritten
    return rewritten if rewritten != statement else None


# Outside quotes: a comment, or a number with an exponent or no leading digit (moto's engine reads
# neither; DynamoDB does, recorded by paritysuite/dynamodb-conformance's grammar tests, 2026-10).
_UNQUOTED = re.compile(
    r"""('(?:[^']|'')*'|"(?:[^"]|"")*")|(--[^\n]*|/\*.*?\*/)|(?<![\w.])((?:\d+\.?\d*|\.\d+)[eE][+-]?\d+|\.\d+)""",
    re.S,
)


def plain(statement: str) -> str:
    """The statement without comments, its numbers written without exponents."""

    def replace(match: re.Match) -> str:
        if match.group(1):
            return match.group(1)
        if match.group(2):
            return " "
        return canonical_number(match.group(3))

    return _UNQUOTED.sub(replace, statement).strip()


def without_comments(statement: str) -> str:
    return _UNQUOTED.sub(lambda match: " " if match.group(2) else match.group(0), statement)


def _literal(value: Any) -> str | None:
    """An AttributeValue as a PartiQL literal; None for those without one (binary)."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    kind, item = next(iter(value.items()))
    if kind == "S" and isinstance(item, str):
        return "'" + item.replace("'", "''") + "'"
    if kind == "N" and isinstance(item, str):
        return item
    if kind == "BOOL":
        return "true" if item else "false"
    if kind == "NULL":
        return "null"
    if kind in ("SS", "NS") and isinstance(item, list):
        members = [_literal({kind[0]: member}) for member in item]
        return None if None in members else "<<" + ", ".join(members) + ">>"  # type: ignore[arg-type]
    if kind == "L" and isinstance(item, list):
        members = [_literal(member) for member in item]
        return None if None in members else "[" + ", ".join(members) + "]"  # type: ignore[arg-type]
    if kind == "M" and isinstance(item, dict):
        entries = [(name, _literal(member)) for name, member in item.items()]
        if any(literal is None for _, literal in entries):
            return None
        return "{" + ", ".join(f"'{name}': {literal}" for name, literal in entries) + "}"
    return None


def _bound(statement: str, parameters: list) -> str | None:
    """The statement with each `?` outside quotes replaced by its parameter."""
    parts = re.split(r"('(?:[^']|'')*'|\"[^\"]*\")", statement)
    values = iter(parameters)
    out = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pieces = part.split("?")
            for position, piece in enumerate(pieces):
                out.append(piece)
                if position < len(pieces) - 1:
                    literal = _literal(next(values, None))
                    if literal is None:
                        return None
                    out.append(literal)
        else:
            out.append(part)
    return "".join(out)


def index_read(statement: str) -> str | None:
    """A read of `"table"."index"` as moto's engine names the index's items (`"table.index"`)."""
    span = _path_span(statement)
    if span is None or len(span[0]) != 2 or not re.match(r"\s*(SELECT|EXISTS)\b", statement, re.I):
        return None
    components, start, end = span
    return f'{statement[:start]}"{components[0]}.{components[1]}"{statement[end:]}'


def check_statement(body: dict, table: Lookup, in_transaction: int | None = None) -> None:
    """Raise RequestInvalid for a statement AWS refuses before running it. `in_transaction`: the
    statement's position in ExecuteTransaction."""
    statement = body.get("Statement")
    if not isinstance(statement, str):
        return
    partiql_parameters.check(body.get("Parameters"))
    if not _DML.match(without_comments(statement)):
        raise RequestInvalid(f"{_MALFORMED}: Expected data manipulation")
    try:
        partiql_grammar.check(statement)
        partiql_functions.check(statement)
    except RequestInvalid as error:
        if in_transaction is None:
            raise
        raise RequestInvalid(f"Validation failed in TransactStatements[{in_transaction}]: {error}") from None
    returning = _RETURNING.search(statement)
    if in_transaction is not None and returning is not None:
        raise RequestInvalid(
            f"Validation failed in TransactStatements[{in_transaction}]: "
            "RETURNING clause is not supported in ExecuteTransaction."
        )
    if returning is not None and re.match(r"\s*DELETE\b", statement, re.I):
        clause = " ".join(returning.group(1).upper().split())
        if clause != "ALL OLD *":
            raise RequestInvalid(
                f"Invalid returning clause: RETURNING {clause}. "
                "Only RETURNING ALL OLD * is allowed in DELETE statements."
            )
    _check_ordered_parameters(statement, body.get("Parameters"))
    check_parameter_count(statement, body.get("Parameters"))
    path = from_path(statement)
    if not path:
        return
    if any(component == "" for component in path):
        raise RequestInvalid("Path component cannot be an empty string")
    if len(path) > 2:
        raise RequestInvalid("A path may contain at most 2 components in the FROM clause")
    if in_transaction is None and len(path) == 1 and table(path[0]) is None:
        raise AWSError("ResourceNotFoundException", "Requested resource not found")
    if in_transaction is not None and len(path) == 1:
        _check_transaction_read(statement, table(path[0]), in_transaction)
    if len(path) == 1:
        return
    found = table(path[0])
    if found is None:
        return  # moto answers ResourceNotFoundException
    global_names = {index.name for index in found.global_indexes}
    local_names = {index.name for index in found.indexes}
    if path[1] not in global_names | local_names:
        raise RequestInvalid("The table does not have the specified index")
    if in_transaction is not None:
        raise RequestInvalid(
            f"Validation failed in TransactStatements[{in_transaction}]: Reads on indices are not supported "
            "within transactions."
        )
    if body.get("ConsistentRead") and path[1] in global_names:
        raise RequestInvalid("Strongly consistent read is not supported on Global Secondary Indexes")


_ORDERED_TYPES = frozenset(("S", "N", "B"))


def _check_ordered_parameters(statement: str, parameters: Any) -> None:
    """A `?` compared with <, <=, > or >= must be a string, number or binary."""
    if not isinstance(parameters, list) or "?" not in statement:
        return
    outside_quotes = re.sub(r"'(?:[^']|'')*'|\"[^\"]*\"", lambda match: "_" * len(match.group()), statement)
    for position, placeholder in enumerate(re.finditer(r"\?", outside_quotes)):
        before = outside_quotes[: placeholder.start()]
        # `<>` is equality's complement, which every type has.
        operator = re.search(r"(?<![<>!=])(<=|>=|<|>)\s*$", before)
        name = operator.group(1) if operator else None
        if name is None and re.search(r"\bBETWEEN\s*$|\bBETWEEN\s+\?\s+AND\s*$", before, re.I):
            name = "BETWEEN"
        value = parameters[position] if position < len(parameters) else None
        if name is None or not isinstance(value, dict) or len(value) != 1:
            continue
        kind = next(iter(value))
        if kind not in _ORDERED_TYPES:
            raise RequestInvalid(
                "Incorrect operand type for operator or function; "
                f"operator or function: {name}, operand type: {kind}"
            )


def check(operation: str, body: dict, table: Lookup) -> None:
    if operation == "ExecuteStatement":
        check_statement(body, table)
    elif operation == "ExecuteTransaction":
        for position, entry in enumerate(body.get("TransactStatements") or ()):
            if isinstance(entry, dict):
                check_statement(entry, table, position)


_SELECT_LIST = re.compile(r"^\s*SELECT\s+(.*?)\s+FROM\b", re.I | re.S)
_PATH_PART = re.compile(r'\s*(?:"([^"]*)"|([A-Za-z_][A-Za-z0-9_]*))((?:\[\d+\])*)\s*')


def nested_selection(statement: str) -> tuple[str, list[list]] | None:
    """A SELECT of document paths (`mymap.nested`, `l[0]`), which moto's engine cannot project: the
    statement reading whole items, and the paths to project from them."""
    match = _SELECT_LIST.match(statement)
    if match is None or match.group(1).strip() == "*":
        return None
    paths = []
    for text in match.group(1).split(","):
        path: list = []
        for part in text.split("."):
            parsed = _PATH_PART.fullmatch(part)
            if parsed is None:
                return None
            path.append(parsed.group(1) if parsed.group(1) is not None else parsed.group(2))
            path.extend(int(index) for index in re.findall(r"\[(\d+)\]", parsed.group(3)))
        paths.append(path)
    if all(len(path) == 1 for path in paths):
        return None  # top-level attributes: moto projects those
    return f"{statement[: match.start(1)]}*{statement[match.end(1) :]}", paths


def project(item: dict, paths: list[list]) -> dict:
    """A SELECT's paths of one item, each named by its last attribute name, as PartiQL answers."""
    projected = {}
    for path in paths:
        value: Any = {"M": item}
        for part in path:
            container = value.get("L" if isinstance(part, int) else "M") if isinstance(value, dict) else None
            try:
                value = container[part] if container is not None else None
            except (IndexError, KeyError, TypeError):
                value = None
            if value is None:
                break
        if value is not None:
            name = next((part for part in reversed(path) if isinstance(part, str)), str(path[0]))
            projected[name] = value
    return projected


def key_terms(statement: str, found: Any) -> tuple[int, bool] | None:
    """For a SELECT (or EXISTS of one) of `found`: how many WHERE terms it has, and whether they include
    an equality on every key attribute; None where the statement is no such read."""
    from localstack.services.dynamodb.partiql_grammar import positioned_tokens

    if found is None:
        return None
    try:
        tokens = [(kind, text) for kind, text, _ in positioned_tokens(statement)]
    except RequestInvalid:
        return None
    words = [text.upper() if kind == "name" else None for kind, text in tokens]
    if "SELECT" not in words[:3] or "WHERE" not in words:
        return None
    terms: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for kind, text in tokens[words.index("WHERE") + 1 :]:
        if kind == "op" and text in ("(", "[", "{", "<<"):
            depth += 1
        elif kind == "op" and text in (")", "]", "}", ">>"):
            depth -= 1
            if depth < 0:
                break  # the EXISTS( that holds the SELECT
        if depth == 0 and kind == "name" and text.upper() == "AND":
            terms.append([])
        else:
            terms[-1].append((kind, text))
    keys = {found.hash_key_attr, *([found.range_key_attr] if found.range_key_attr else [])}
    equalities = set()
    for term in terms:
        if len(term) == 3 and term[0][0] in ("name", "quoted") and term[1] == ("op", "="):
            name = term[0][1][1:-1] if term[0][0] == "quoted" else term[0][1]
            if term[2][0] in ("string", "number") or term[2] == ("op", "?"):
                equalities.add(name)
    return len(terms), keys <= equalities


def _check_transaction_read(statement: str, found: Any, position: int) -> None:
    """A transaction reads one item by its whole key: a SELECT with no other condition, an EXISTS with
    one (recorded: paritysuite/dynamodb-conformance, 2026-10)."""
    terms = key_terms(statement, found)
    if terms is None:
        return
    count, keyed = terms
    keys = 2 if found.range_key_attr else 1
    prefix = f"Validation failed in TransactStatements[{position}]: "
    if re.match(r"\s*EXISTS\b", statement, re.I):
        if keyed and count == keys:
            raise RequestInvalid(
                prefix + "EXISTS() must contain a single item read with additional condition"
            )
    elif not keyed or count != keys:
        raise RequestInvalid(
            prefix + "Select statements within ExecuteTransaction must specify the primary key in the where "
            "clause."
        )

"""Checks of a state machine definition as AWS reports them: ValidateStateMachineDefinition's diagnostics,
and CreateStateMachine's and UpdateStateMachine's InvalidDefinition (the first error among them).

The structure (required fields, transitions, reachability, fields a state type does not take) is checked
here; whatever passes is then parsed by the interpreter's own ASL parser, the one executions run on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterator

SCHEMA = "SCHEMA_VALIDATION_FAILED"
MISSING_TARGET = "MISSING_TRANSITION_TARGET"

STATE_TYPES = ("Task", "Choice", "Fail", "Succeed", "Pass", "Wait", "Parallel", "Map")
# Fields only some state types take, in the order AWS reports them.
_RESTRICTED = (
    ("TimeoutSeconds", frozenset(("Task",))),
    ("Catch", frozenset(("Task", "Parallel", "Map"))),
    ("Retry", frozenset(("Task", "Parallel", "Map"))),
)
_JSONATA_ONLY = ("Output", "Arguments", "Items")
_ARN = re.compile(r"^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+")


def _express_refusal(resource: str) -> str | None:
    """Why an Express machine cannot run this Task resource (AWS's recorded sentences; the first ends
    with a space)."""
    if resource.endswith(".waitForTaskToken"):
        return "Express state machine does not support '.waitForTaskToken' service integration "
    if resource.endswith(".sync") or ".sync:" in resource:
        return "Express state machine does not support '.sync' service integration"
    if resource.split(":")[5:6] == ["activity"]:
        return "Express state machine does not support Activity ARN"
    return None


@dataclass
class Diagnostic:
    code: str
    message: str
    location: str | None = None
    severity: str = "ERROR"

    def to_dict(self) -> dict[str, str]:
        entry = {"severity": self.severity, "code": self.code, "message": self.message}
        if self.location is not None:
            entry["location"] = self.location
        return entry


def json_syntax_reason(text: str, error: json.JSONDecodeError) -> tuple[str, int]:
    """(sentence, column) of a JSON syntax error as the JSON parser AWS uses words it (recorded for
    definitions and execution input); the column is where that parser stopped."""
    token = re.match(r"[A-Za-z0-9_$\-]+", text[error.pos :])
    if token is not None and error.msg.startswith("Expecting value"):
        word = token.group(0)
        message = (
            f"Unrecognized token '{word}': was expecting (JSON String, Number, Array, Object or token "
            "'null', 'true' or 'false')"
        )
        return message, error.colno + len(word)
    if error.msg.startswith("Expecting property name") and error.pos < len(text):
        character = text[error.pos]
        message = (
            f"Unexpected character ('{character}' (code {ord(character)})): "
            "was expecting double-quote to start field name"
        )
        return message, error.colno
    return error.msg, error.colno


def _json_error(definition: str, error: json.JSONDecodeError) -> Diagnostic:
    """A syntax error, worded as the JSON parser AWS uses words it (token, then source position)."""
    message, column = json_syntax_reason(definition, error)
    source = f'[Source: (String)"{definition}"; line: {error.lineno}, column: {column}]'
    return Diagnostic("INVALID_JSON_DESCRIPTION", f"{message}\n at {source}", source)


def _transitions(state: dict, at: str) -> Iterator[tuple[str, str]]:
    """(target, location) of every transition a state makes."""
    if isinstance(state.get("Next"), str):
        yield state["Next"], f"{at}/Next"
    if isinstance(state.get("Default"), str):
        yield state["Default"], f"{at}/Default"
    for field in ("Choices", "Catch"):
        rules = state.get(field)
        if isinstance(rules, list):
            for index, rule in enumerate(rules):
                if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                    yield rule["Next"], f"{at}/{field}[{index}]/Next"


def _is_terminal(state: Any) -> bool:
    return isinstance(state, dict) and (state.get("End") is True or state.get("Type") in ("Succeed", "Fail"))


class _Checker:
    def __init__(self, machine_type: str, query_language: str) -> None:
        self.machine_type = machine_type
        self.top_language = query_language
        self.found: list[Diagnostic] = []

    def add(self, code: str, message: str, location: str | None) -> None:
        self.found.append(Diagnostic(code, message, location))

    def machine(self, node: Any, at: str, top: bool) -> None:
        """A state machine, a Parallel branch or a Map's processor (`at` is its location)."""
        if not isinstance(node, dict):
            self.add(SCHEMA, "Definition must be a valid JSON object", at or None)
            return
        missing = [field for field in ("States", "StartAt") if field not in node]
        if missing:
            self.add(SCHEMA, f"These fields are required: [{', '.join(missing)}]", at or "/")
            return
        states, start = node["States"], node["StartAt"]
        if not isinstance(states, dict) or not isinstance(start, str):
            self.add(SCHEMA, "'States' must be an object and 'StartAt' a string", at or "/")
            return
        for name, state in states.items():
            self.state(name, state, f"{at}/States/{name}")
        targets = [(start, f"{at}/StartAt")]
        for name, state in states.items():
            if isinstance(state, dict):
                targets.extend(_transitions(state, f"{at}/States/{name}"))
        for target, location in targets:
            if target not in states:
                self.add(MISSING_TARGET, f"Missing 'Next' target: {target}", location)
        if top and not any(_is_terminal(state) for state in states.values()):
            # AWS reports only this then, not the states the loop leaves unreachable.
            self.add("MISSING_END_STATE", "Workflow has no terminal state", None)
            return
        reached = self.reachable(states, start)
        for name in states:
            if name not in reached:
                self.add(MISSING_TARGET, f'State "{name}" is not reachable.', f"{at}/States/{name}")

    @staticmethod
    def reachable(states: dict, start: str) -> set[str]:
        reached: set[str] = set()
        pending = [start] if start in states else []
        while pending:
            name = pending.pop()
            if name in reached:
                continue
            reached.add(name)
            state = states[name]
            if isinstance(state, dict):
                pending.extend(t for t, _ in _transitions(state, "") if t in states)
        return reached

    def state(self, name: str, state: Any, at: str) -> None:
        if not isinstance(state, dict):
            self.add(SCHEMA, "State must be an object", at)
            return
        kind = state.get("Type")
        if kind is None:
            self.add(SCHEMA, "These fields are required: [Type]", at)
            return
        if kind not in STATE_TYPES:
            self.add(SCHEMA, f"Value is not a valid state type: {kind}", f"{at}/Type")
            return
        for field, types in _RESTRICTED:
            if field in state and kind not in types:
                self.add(SCHEMA, f"Field '{field}' is not supported", at)
        language = state.get("QueryLanguage", self.top_language)
        if self.top_language == "JSONata" and state.get("QueryLanguage") == "JSONPath":
            message = "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"
            self.add(SCHEMA, message, at)
        if language != "JSONata":
            for field in _JSONATA_ONLY:
                if field in state:
                    self.add(
                        SCHEMA,
                        f"The QueryLanguage is set to 'JSONPath', but field '{field}' is only supported "
                        "for the 'JSONata' QueryLanguage",
                        at,
                    )
        if kind == "Task":
            resource = state.get("Resource")
            if not isinstance(resource, str) or not _ARN.match(resource):
                message = f"Value is not a valid resource ARN: {resource}"
                self.add("INVALID_RESOURCE", message, f"{at}/Resource")
            elif self.machine_type == "EXPRESS" and (refusal := _express_refusal(resource)):
                self.add(SCHEMA, refusal, f"{at}/Resource")
        if kind not in ("Choice", "Succeed", "Fail") and "Next" not in state and state.get("End") is not True:
            self.add(SCHEMA, "This state must have either 'Next' or 'End': true", at)
        if kind == "Parallel":
            branches = state.get("Branches")
            if not isinstance(branches, list):
                self.add(SCHEMA, "These fields are required: [Branches]", at)
            else:
                for index, branch in enumerate(branches):
                    self.machine(branch, f"{at}/Branches[{index}]", top=False)
        if kind == "Map":
            field = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
            if field not in state:
                self.add(SCHEMA, "These fields are required: [ItemProcessor]", at)
            else:
                self.machine(state[field], f"{at}/{field}", top=False)


def diagnose(definition: str, machine_type: str = "STANDARD") -> list[Diagnostic]:
    """Every problem of a definition, in the order AWS reports them; empty when it would be accepted."""
    if not definition or not definition.strip():
        return [Diagnostic(SCHEMA, "Definition must be a valid JSON object")]
    try:
        document = json.loads(definition)
    except json.JSONDecodeError as error:
        return [_json_error(definition, error)]
    if not isinstance(document, dict):
        return [Diagnostic(SCHEMA, "Definition must be a valid JSON object")]
    language = document.get("QueryLanguage", "JSONPath")
    checker = _Checker(machine_type or "STANDARD", language)
    checker.machine(document, "", top=True)
    if checker.found:
        return checker.found
    return _parse(definition)


def _parse(definition: str) -> list[Diagnostic]:
    """What the interpreter's parser refuses (the parser CreateStateMachine and executions use)."""
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser, ASLParserException

    try:
        AmazonStateLanguageParser.parse(definition)
    except ASLParserException as error:
        return [Diagnostic(SCHEMA, "; ".join(str(e) for e in error.errors) or str(error), "/")]
    except Exception as error:  # the parser's semantic checks raise plain exceptions
        return [Diagnostic(SCHEMA, str(error) or type(error).__name__, "/")]
    return []


def invalid_definition_message(diagnostic: Diagnostic) -> str:
    """CreateStateMachine's InvalidDefinition message for a definition's first error."""
    return (
        f"Invalid State Machine Definition: '{diagnostic.code}: {diagnostic.message} "
        f"at {diagnostic.location or 'null'}'"
    )

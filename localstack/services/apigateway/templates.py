"""The variables of API Gateway mapping templates: `$input`, `$util`, and a small JSONPath."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote_plus, unquote_plus

from localstack.services.apigateway.vtl import Template
from localstack.services.apigateway.vtl_values import to_json
from localstack.utils.json_path import JSONPathError, find, parse

_templates: dict[str, Template] = {}


def json_path(document: Any, expression: str) -> Any:
    """`$`, `$.a.b`, `$.a[0]`, `$['a b']`, `$.a[*].b`, `$..b`: one value, a list for `*`/`..`, or None."""
    expression = (expression or "$").strip()
    if not expression.startswith("$"):
        expression = "$." + expression
    try:
        values, multiple = find(document, parse(expression))
    except JSONPathError:
        raise ValueError(f"invalid JSONPath {expression!r}") from None
    if multiple:
        return values
    return values[0] if values else None


class InputVariable:
    """`$input`: the request (or integration response) body and the request's parameters."""

    def __init__(self, body: bytes | str, params: dict[str, dict[str, str]]) -> None:
        self.body = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        self._params = params
        self._parsed: Any = ...

    def _document(self) -> Any:
        if self._parsed is ...:
            if not self.body.strip():
                self._parsed = {}
            else:
                try:
                    self._parsed = json.loads(self.body)
                except ValueError:
                    self._parsed = self.body
        return self._parsed

    def path(self, expression: str) -> Any:
        return json_path(self._document(), expression)

    def json(self, expression: str = "$") -> str:
        return to_json(self.path(expression))

    def params(self, name: str | None = None) -> Any:
        if name is None:
            return self._params
        for kind in ("path", "querystring", "header"):
            values = self._params.get(kind, {})
            if name in values:
                return values[name]
            if kind == "header":
                lowered = name.lower()
                for key, value in values.items():
                    if key.lower() == lowered:
                        return value
        return ""

    def vtl_property(self, name: str) -> Any:
        if name == "body":
            return self.body
        if name == "params":
            return self._params
        return None


class UtilVariable:
    """`$util`: the escaping and encoding helpers API Gateway documents."""

    @staticmethod
    def escapeJavaScript(value: Any) -> str:  # noqa: N802 - VTL's name
        return escape_javascript("" if value is None else str(value))

    @staticmethod
    def base64Encode(value: Any) -> str:  # noqa: N802
        data = value if isinstance(value, bytes) else str(value or "").encode("utf-8")
        return base64.b64encode(data).decode("ascii")

    @staticmethod
    def base64Decode(value: Any) -> str:  # noqa: N802
        return base64.b64decode(str(value or "")).decode("utf-8", "replace")

    @staticmethod
    def urlEncode(value: Any) -> str:  # noqa: N802
        # Java's URLEncoder: '*' stays, '~' does not.
        return quote_plus(str(value or ""), safe="*").replace("~", "%7E")

    @staticmethod
    def urlDecode(value: Any) -> str:  # noqa: N802
        return unquote_plus(str(value or ""))

    @staticmethod
    def parseJson(value: Any) -> Any:  # noqa: N802
        return json.loads(str(value))

    def vtl_property(self, name: str) -> Any:
        return None


def escape_javascript(text: str) -> str:
    """As Java's StringEscapeUtils.escapeJavaScript, which API Gateway uses (quotes, slash, controls,
    and non-ASCII as \\uXXXX)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "'\"\\/":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif code < 32 or code > 0x7F:
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}")
            else:
                out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return "".join(out)


def render_template(
    text: str,
    body: bytes | str,
    params: dict[str, dict[str, str]],
    context: dict[str, Any],
    stage_variables: dict[str, str],
) -> str:
    """Render a mapping template; parsed templates are cached by their text."""
    template = _templates.get(text)
    if template is None:
        template = Template(text)
        if len(_templates) < 1000:
            _templates[text] = template
    variables = {
        "input": InputVariable(body, params),
        "util": UtilVariable(),
        "context": context,
        "stageVariables": dict(stage_variables or {}),
    }
    return template.render(variables)

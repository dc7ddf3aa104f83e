"""Request bodies parsed the way hostile input cannot hurt: JSON nested past any sane depth, lone
UTF-16 surrogates and XML bombs become the protocol's 400, never a RecursionError's 500."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.parsers import expat

from localstack.utils.aws.errors import MalformedXML, SerializationError

# Deeper than any AWS document: refused before a parser downstream could recurse into it.
MAX_XML_DEPTH = 256
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse_json_body(data: bytes, service_checked: str | None = None) -> Any:
    """The JSON document of a request body ({} when empty), or the SerializationException AWS sends.

    `service_checked` names a top-level member whose text the service checks character by character
    itself: a lone surrogate there is left to the service's own error (SQS's MessageBody answers
    InvalidMessageContents, as Java's JSON parser hands an escaped lone surrogate on as a char)."""
    if not data.strip():
        return {}
    try:
        body = json.loads(data)
    except UnicodeDecodeError:
        raise SerializationError("The request body is not valid UTF-8.") from None
    except RecursionError:
        # json's C scanner counts its depth against the recursion limit and stops cleanly.
        raise SerializationError("The request body is nested too deeply.") from None
    except ValueError as error:
        raise SerializationError(f"The request body is not valid JSON: {error}") from None
    # A body without a backslash escapes nothing: one memchr spares the pattern's scan.
    if data.find(b"\\") >= 0 and _ESCAPED_SURROGATE.search(data):
        if service_checked is not None and isinstance(body, dict):
            _refuse_lone_surrogates({k: v for k, v in body.items() if k != service_checked})
        else:
            _refuse_lone_surrogates(body)
    return body


def _refuse_lone_surrogates(body: Any) -> None:
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise SerializationError("Invalid UTF-8: the request holds an unpaired UTF-16 surrogate.") from None


def check_xml_body(data: bytes) -> None:
    """Raise MalformedXML unless `data` is well-formed XML no deeper than MAX_XML_DEPTH."""
    parser = expat.ParserCreate()
    depth = 0

    def start(name: str, attributes: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise MalformedXML()

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise MalformedXML(str(error)) from None

"""The website configurations S3 refuses before it stores them: RedirectAllRequestsTo beside other
settings, index and error documents, routing rules and redirect protocols."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from localstack.services.s3.s3_errors import S3Error, invalid_argument, invalid_request

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"
BAD_PROTOCOL = (
    "Invalid protocol, protocol can be http or https. "
    "If not defined the protocol will be selected automatically."
)


def _name(element: ElementTree.Element) -> str:
    return element.tag.rpartition("}")[2]


def _child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    if element is None:
        return None
    return next((child for child in element if _name(child) == name), None)


def _text(element: ElementTree.Element | None) -> str | None:
    return None if element is None else (element.text or "").strip()


def _malformed() -> S3Error:
    return S3Error("MalformedXML", MALFORMED_XML)


def check(data: bytes) -> None:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise _malformed() from None
    redirect_all = _child(root, "RedirectAllRequestsTo")
    if redirect_all is not None:
        if len(list(root)) > 1:
            raise invalid_argument(
                "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.",
                "RedirectAllRequestsTo",
                "not null",
            )
        if _child(redirect_all, "HostName") is None:
            raise _malformed()
        _check_protocol(redirect_all)
        return
    index = _child(root, "IndexDocument")
    if index is None:
        raise invalid_argument(
            "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
            "IndexDocument",
            "null",
        )
    suffix = _text(_child(index, "Suffix"))
    if not suffix or "/" in suffix:
        # An empty Suffix is named by an empty ArgumentValue, as S3 answers it.
        raise invalid_argument("The IndexDocument Suffix is not well formed", "IndexDocument", suffix or "")
    error_document = _child(root, "ErrorDocument")
    if error_document is not None and not _text(_child(error_document, "Key")):
        raise _malformed()
    rules = _child(root, "RoutingRules")
    if rules is not None:
        _check_routing_rules([rule for rule in rules if _name(rule) == "RoutingRule"])


def _check_routing_rules(rules: list[ElementTree.Element]) -> None:
    if not rules:
        raise _malformed()
    for rule in rules:
        redirect = _child(rule, "Redirect")
        if (
            _child(redirect, "ReplaceKeyPrefixWith") is not None
            and _child(redirect, "ReplaceKeyWith") is not None
        ):
            raise invalid_request("You can only define ReplaceKeyPrefix or ReplaceKey but not both.")
        condition = _child(rule, "Condition")
        if condition is not None and not len(condition):
            raise invalid_request(
                "Condition cannot be empty. To redirect all requests without a condition, "
                "the condition element shouldn't be present."
            )
        _check_protocol(redirect)


def _check_protocol(redirect: ElementTree.Element | None) -> None:
    protocol = _text(_child(redirect, "Protocol"))
    if protocol and protocol not in ("http", "https"):
        raise invalid_request(BAD_PROTOCOL)

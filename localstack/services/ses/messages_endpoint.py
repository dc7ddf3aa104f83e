"""GET/DELETE /_aws/ses: the emails SES "sent" (moto keeps them), in the shape LocalStack documents
(filter with ?id= and ?email=; DELETE with ?id= removes one, without it all)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from werkzeug.wrappers import Response

from localstack.services.ses.ses_starter import MESSAGES_PATH
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response


def _backends() -> list[tuple[str, str, Any]]:
    from moto.ses.models import ses_backends

    return [
        (account, region, backend)
        for account, regions in list(ses_backends.items())
        for region, backend in list(regions.items())
    ]


def _as_json(message: Any, region: str) -> dict:
    out: dict[str, Any] = {"Id": message.id, "Region": region, "Source": message.source}
    destinations = getattr(message, "destinations", None)
    if isinstance(destinations, dict):
        out["Destination"] = {
            key: destinations[name]
            for key, name in (
                ("ToAddresses", "ToAddresses"),
                ("CcAddresses", "CcAddresses"),
                ("BccAddresses", "BccAddresses"),
            )
            if destinations.get(name)
        }
    elif isinstance(destinations, list):
        out["Destination"] = {"ToAddresses": destinations}
    if hasattr(message, "raw_data"):
        out["RawData"] = message.raw_data
    if hasattr(message, "subject"):
        out["Subject"] = message.subject
        out["Body"] = (
            {"html_part": message.body, "text_part": None}
            if message.body.lstrip().startswith("<")
            else {
                "text_part": message.body,
                "html_part": None,
            }
        )
    if hasattr(message, "template"):
        out["Template"] = message.template
        out["TemplateData"] = message.template_data
    stamp = getattr(message, "ls_timestamp", None)
    if stamp is not None:
        out["Timestamp"] = stamp
    return out


def _addresses(message: dict) -> set[str]:
    destination = message.get("Destination", {})
    return {message.get("Source", "")} | {a for values in destination.values() for a in values}


def handle_messages(request: Request) -> Response:
    query = dict(parse_qsl(request.query_string))
    if request.method == "GET":
        messages = [
            _as_json(message, region)
            for _, region, backend in _backends()
            for message in list(backend.sent_messages)
        ]
        if "id" in query:
            messages = [m for m in messages if m["Id"] == query["id"]]
        if "email" in query:
            messages = [m for m in messages if query["email"] in _addresses(m)]
        return json_response({"messages": messages})
    if request.method == "DELETE":
        for _, _, backend in _backends():
            if "id" in query:
                backend.sent_messages[:] = [m for m in backend.sent_messages if m.id != query["id"]]
            else:
                backend.sent_messages.clear()
        return Response(status=204)
    raise AWSError(
        "MethodNotAllowed", f"{request.method} is not allowed on {MESSAGES_PATH}: GET or DELETE", 405
    )

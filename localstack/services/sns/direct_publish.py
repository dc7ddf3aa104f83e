"""Publish of a plain message to a standard topic, answered against moto's sns backend after the
listener's validation, without moto's request parsing, dispatch and serializer: the same backend call
(which hands the message to `publishing` for the listener to deliver) and the same XML bytes. Message
attributes, structures, FIFO topics, phone numbers, platform endpoints and every error go the general
way; a refused publish stored nothing, so the general path answers it as before.

DIRECT_OPS=0 in the environment sends every request the general way (the parity tests compare both).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.config import get_config
from localstack.services import plugins
from localstack.services.sns import publishing
from localstack.utils.aws import request_context

_PATCHES = "localstack.services.sns.patches"
ENABLED = get_config().direct_ops
_KEYS = frozenset(("Action", "Version", "TopicArn", "Message", "Subject"))
_XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/"


def answer(params: dict[str, str], headers: Any) -> Response | None:
    """The answer to a validated query-protocol Publish, or None to let it go the general way."""
    if not plugins.patches_applied(_PATCHES):
        return None  # moto's sns backend not built yet: the general path builds it, patched
    if not params.keys() <= _KEYS:
        return None
    arn, message, subject = params.get("TopicArn"), params.get("Message"), params.get("Subject")
    if not arn or message is None or "\ufffd" in message or (subject is not None and "\ufffd" in subject):
        return None  # the general path words missing parameters and reads bytes that are not UTF-8
    scope = request_context.credential_scope(headers)
    if scope is None:
        return None
    from moto.sns.models import sns_backends

    try:
        backend = sns_backends[request_context.account_for_access_key(scope[0])][scope[1]]
    except KeyError:
        return None
    topic = backend.topics.get(arn)
    if topic is None or str(topic.fifo_topic).lower() == "true":
        return None
    try:
        message_id = backend.publish(
            message, arn=arn, phone_number=None, subject=subject, message_attributes={}
        )
    except Exception:  # noqa: BLE001 - refused before anything was kept; moto's path answers it
        publishing.begin()
        return None
    from moto.utilities.aws_headers import gen_amzn_requestid_long

    request_id = gen_amzn_requestid_long()
    body = (
        f'<PublishResponse xmlns="{_XMLNS}"><PublishResult><MessageId>{escape(message_id)}</MessageId>'
        f"</PublishResult><ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
        "</PublishResponse>"
    )
    headers_out = [("Content-Type", "text/xml"), ("server", "amazon.com"), ("x-amzn-requestid", request_id)]
    return Response(body, status=200, headers=headers_out)

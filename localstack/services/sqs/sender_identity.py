"""The SenderId of a message a client sends: AWS records the caller, as GetCallerIdentity's UserId
names it (ReceiveMessage's API reference): the account id for the account's root user, the IAM
user's id for that user's access key, `<role id>:<session name>` for assumed-role credentials.
Messages that services deliver (SNS, EventBridge, S3) keep the service's own id."""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from localstack.utils import lazy_imports
from localstack.utils.aws import request_context
from localstack.utils.aws.internal_client import HEADER_INTERNAL

_ISSUED_KEY_PREFIXES = ("AKIA", "ASIA")
_sending = threading.local()


def sender_id(headers: Mapping[str, str]) -> str | None:
    """The caller's SenderId, or None for a delivery made by one of our services."""
    if headers.get(HEADER_INTERNAL):
        return None
    key = request_context.access_key_of(headers)
    account = request_context.account_for_access_key(key)
    if key and key.startswith(_ISSUED_KEY_PREFIXES):
        return _issued_key_owner(key, account) or account
    return account


def _loaded(name: str) -> Any:
    # IAM and STS issue keys only once they ran: an unused moto module is never imported for this.
    module = sys.modules.get(name)
    return None if module is None or lazy_imports.is_pending(module) else module


def _issued_key_owner(key: str, account: str) -> str | None:
    sts = _loaded("moto.sts.models")
    if sts is not None:
        for backends in list(sts.sts_backends.values()):
            for backend in list(backends.values()):
                role = backend.get_assumed_role_from_access_key(key)
                if role is not None:
                    return str(role.user_id)
    iam = _loaded("moto.iam.models")
    if iam is not None:
        for backend in list(iam.iam_backends.get(account, {}).values()):
            user = backend.get_user_from_access_key_id(key)
            if user is not None:
                return str(user.id)
    return None


@contextmanager
def sending_as(sender: str | None) -> Iterator[None]:
    """Messages the backend stores in this block carry `sender` (None: moto's service id stays)."""
    previous = getattr(_sending, "sender", None)
    _sending.sender = sender
    try:
        yield
    finally:
        _sending.sender = previous


def apply(models: Any) -> None:
    from moto.sqs import responses

    original_send = models.SQSBackend.send_message

    def send_message(backend: Any, *args: Any, **kwargs: Any) -> Any:
        message = original_send(backend, *args, **kwargs)
        sender = getattr(_sending, "sender", None)
        if sender:
            message.sender_id = sender
        return message

    models.SQSBackend.send_message = send_message

    for name in ("send_message", "send_message_batch"):
        original = getattr(responses.SQSResponse, name)

        def answer(response: Any, _original: Any = original) -> Any:
            with sending_as(sender_id(response.headers)):
                return _original(response)

        setattr(responses.SQSResponse, name, answer)

"""The SMS sandbox: destination numbers added (Pending, with a one-time password "texted" to them) and
verified, per account and region. The password is kept like any SMS, at GET /_aws/sns/sms-messages."""

from __future__ import annotations

import re
import secrets
from typing import Mapping
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

from localstack.services.sns import envelopes, models
from localstack.utils import fast_ids
from localstack.utils.aws.errors import AWSError

ACTIONS = (
    "CreateSMSSandboxPhoneNumber",
    "VerifySMSSandboxPhoneNumber",
    "DeleteSMSSandboxPhoneNumber",
    "ListSMSSandboxPhoneNumbers",
    "GetSMSSandboxAccountStatus",
)
XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/"
PENDING, VERIFIED = "Pending", "Verified"
# The model's pattern admits short codes; a destination must be a full E.164 number.
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_OTP_TEXT = "Your Amazon SNS verification code is: {code}"


def handle(action: str, params: Mapping[str, str], account_id: str, region: str) -> Response:
    store = models.sns_stores[account_id][region]
    numbers = store.sandbox_numbers
    phone = params.get("PhoneNumber") or ""
    if action == "GetSMSSandboxAccountStatus":
        # An emulated account never left the sandbox: only verified numbers receive SMS in AWS too.
        return _xml(action, "<IsInSandbox>true</IsInSandbox>")
    if action == "ListSMSSandboxPhoneNumbers":
        return _list(action, numbers, params)
    if action == "CreateSMSSandboxPhoneNumber":
        _check_phone(phone)
        _check_not_opted_out(phone, account_id, region)
        with store.lock:
            entry = numbers.get(phone)
            if entry is not None and entry["status"] == VERIFIED:
                return _xml(action, "")
            code = f"{secrets.randbelow(1_000_000):06d}"
            numbers[phone] = {"status": PENDING, "otp": code}
        _send_otp(store, phone, code, account_id, region)
        return _xml(action, "")
    entry = numbers.get(phone)
    if entry is None:
        raise AWSError("ResourceNotFound", "Phone number does not exist.", 404)
    if action == "DeleteSMSSandboxPhoneNumber":
        numbers.pop(phone, None)
        return _xml(action, "")
    # VerifySMSSandboxPhoneNumber
    if entry["status"] == VERIFIED:
        return _xml(action, "")
    if not secrets.compare_digest(params.get("OneTimePassword") or "", entry["otp"]):
        return _verification_error("Invalid one-time password.", entry["status"])
    entry["status"] = VERIFIED
    return _xml(action, "")


def _check_phone(phone: str) -> None:
    if not _E164.match(phone):
        raise AWSError(
            "InvalidParameter", "Invalid parameter: PhoneNumber Reason: input incorrectly formatted"
        )


def _check_not_opted_out(phone: str, account_id: str, region: str) -> None:
    from moto.sns.models import sns_backends

    if phone in sns_backends[account_id][region].opt_out_numbers:
        raise AWSError("OptedOut", "Phone number is opted out.")


def _send_otp(store: models.SnsRegionStore, phone: str, code: str, account_id: str, region: str) -> None:
    store.kept_messages.append(
        {
            "type": "Notification",
            "protocol": "sms",
            "endpoint": phone,
            "phoneNumber": phone,
            "messageId": fast_ids.uuid4(),
            "topicArn": None,
            "subscriptionArn": None,
            "subject": None,
            "message": _OTP_TEXT.format(code=code),
            "messageAttributes": {},
            "timestamp": envelopes.timestamp(),
            "accountId": account_id,
            "region": region,
        }
    )


def _list(action: str, numbers: dict[str, dict[str, str]], params: Mapping[str, str]) -> Response:
    ordered = sorted(numbers)
    start = 0
    token = params.get("NextToken")
    if token:
        if not token.isdigit() or int(token) > len(ordered):
            raise AWSError("InvalidParameter", "Invalid parameter: NextToken")
        start = int(token)
    limit = int(params.get("MaxResults") or 100)
    page = ordered[start : start + limit]
    members = "".join(
        f"<member><PhoneNumber>{escape(phone)}</PhoneNumber>"
        f"<Status>{numbers[phone]['status']}</Status></member>"
        for phone in page
        if phone in numbers
    )
    result = f"<PhoneNumbers>{members}</PhoneNumbers>"
    if start + limit < len(ordered):
        result += f"<NextToken>{start + limit}</NextToken>"
    return _xml(action, result)


def _xml(action: str, result: str) -> Response:
    body = (
        f'<{action}Response xmlns="{XMLNS}"><{action}Result>{result}</{action}Result>'
        f"<ResponseMetadata><RequestId>{fast_ids.request_id()}</RequestId></ResponseMetadata></{action}Response>"
    )
    return Response(body, status=200, mimetype="text/xml")


def _verification_error(message: str, status: str) -> Response:
    """VerificationException carries a `Status` beside its message, which the shared serializer
    does not write; botocore reads every child of <Error> into the error."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<ErrorResponse><Error><Type>Sender</Type><Code>VerificationException</Code>"
        f"<Message>{escape(message)}</Message><Status>{escape(status)}</Status></Error>"
        f"<RequestId>{fast_ids.request_id()}</RequestId></ErrorResponse>"
    )
    return Response(body, status=400, mimetype="text/xml")

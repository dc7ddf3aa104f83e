"""SetIdentityHeadersInNotificationsEnabled, which moto lacks (it answered 501), and the flags it sets
as GetIdentityNotificationAttributes shows them. Refusals as recorded against AWS: an unknown
notification type (InvalidParameterValue, in place of the validator's enum sentence) and an identity
the account has not verified (MessageRejected)."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError

NOTIFICATION_TYPES = ("Bounce", "Complaint", "Delivery")
# Left to this module's sentence rather than the validator's enum sentence (request_checks).
OWN_CONSTRAINTS = frozenset(("SetIdentityHeadersInNotificationsEnabled:NotificationType",))


def _flag(kind: str) -> str:
    return f"HeadersIn{kind}NotificationsEnabled"


def set_enabled(backend: Any, identity: str, kind: str, enabled: bool) -> None:
    if kind not in NOTIFICATION_TYPES:
        raise AWSError(
            "InvalidParameterValue",
            f"Invalid notification type: {kind}. Valid values are: {', '.join(NOTIFICATION_TYPES)}.",
        )
    if identity not in backend.email_identities:
        raise AWSError("MessageRejected", f"Identity {identity} is not verified or does not exist.")
    backend.sns_topics.setdefault(identity, {})[_flag(kind)] = enabled


def apply() -> None:
    from moto.core.responses import EmptyResult
    from moto.ses.models import SESBackend
    from moto.ses.responses import EmailResponse

    original_attributes = SESBackend.get_identity_notification_attributes

    def set_identity_headers_in_notifications_enabled(self: Any) -> Any:
        enabled = str(self._get_param("Enabled")).lower() == "true"
        set_enabled(self.backend, self._get_param("Identity"), self._get_param("NotificationType"), enabled)
        return EmptyResult()

    def get_identity_notification_attributes(self: Any, identities: list[str]) -> dict[str, dict[str, Any]]:
        answer = original_attributes(self, identities)
        for identity, attributes in answer.items():
            stored = self.sns_topics.get(identity, {})
            for kind in NOTIFICATION_TYPES:
                attributes[_flag(kind)] = bool(stored.get(_flag(kind), False))
        return answer

    EmailResponse.set_identity_headers_in_notifications_enabled = (
        set_identity_headers_in_notifications_enabled
    )
    SESBackend.get_identity_notification_attributes = get_identity_notification_attributes

"""JSON-protocol answers that carry an empty map where AWS sends one (recorded against AWS); the query
protocol writes no element for an empty map, so its answers stay as they are."""

from __future__ import annotations

from typing import Any


def _json_protocol(response: Any) -> bool:
    from moto.core.utils import get_service_model

    return response.determine_response_protocol(get_service_model("sqs")) == "json"


def apply() -> None:
    """GetQueueAttributes naming only attributes the queue does not have (a Policy after the last
    RemovePermission, in LocalStack's AWS-validated permission test) answers `"Attributes": {}`;
    moto answered an empty body."""
    from moto.core.responses import ActionResult
    from moto.sqs.responses import SQSResponse

    original = SQSResponse.get_queue_attributes

    def get_queue_attributes(self: Any) -> Any:
        answer = original(self)
        if answer.result is None and _json_protocol(self):
            return ActionResult({"Attributes": {}})
        return answer

    SQSResponse.get_queue_attributes = get_queue_attributes

"""Query requests sent to a queue URL instead of the service endpoint, as AWS answers them (LocalStack's
AWS-validated TestSqsQueryApi): a GET with no query at all names no operation (404, an
`<UnknownOperationException/>` body, XML whatever the Accept header), and an action that acts on no
single queue (CreateQueue, ListQueues) is refused with InvalidAction "The action X is not valid for this
endpoint." GetQueueUrl of any queue is served there, as on AWS."""

from __future__ import annotations

import re

from werkzeug.wrappers import Response

from localstack.utils.aws.errors import AWSError

# /<account>/<name>, or the path strategy's /queue/<region>/<account>/<name>.
_QUEUE_PATH = re.compile(r"^/(?:queue/[a-z0-9-]+/)?\d{12}/[^/]+/?$")
NOT_FOR_A_QUEUE = frozenset({"CreateQueue", "ListQueues"})


def is_queue_path(path: str) -> bool:
    return bool(_QUEUE_PATH.match(path.partition("?")[0]))


def unknown_operation() -> Response:
    return Response("<UnknownOperationException/>", status=404, mimetype="text/xml")


def check_action(operation: str) -> None:
    if operation in NOT_FOR_A_QUEUE:
        raise AWSError("InvalidAction", f"The action {operation} is not valid for this endpoint.")

"""A proxy integration handler: answers with the event it got, or a binary body, or an error."""

import base64
import json

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe"


def handler(event, context):
    path = event.get("rawPath") or event.get("path") or ""
    if path.endswith("/raise"):
        raise ValueError("the handler failed on purpose")
    if path.endswith("/binary"):
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "image/png"},
            "body": base64.b64encode(PNG).decode(),
            "isBase64Encoded": True,
        }
    if path.endswith("/malformed"):
        return {"statusCode": 200, "unexpected": True}
    if path.endswith("/bare"):
        return {"just": "data"}
    return {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json", "X-Handler": "python"},
        "multiValueHeaders": {"X-Multi": ["a", "b"]},
        "body": json.dumps({"event": event, "requestId": context.aws_request_id}),
    }

"""A handler behind a non-proxy (AWS) integration: mapping templates shape its input and output."""


def handler(event, context):
    if event.get("fail"):
        raise Exception("BadRequest: " + str(event.get("fail")))
    return {"received": event, "items": [{"id": 1, "name": "one"}, {"id": 2, "name": "two"}]}

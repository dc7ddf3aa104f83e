"""A TOKEN (and REQUEST) Lambda authorizer: 'allow' allows, 'deny' denies, 'bad' is unauthorized."""


def handler(event, context):
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    token = event.get("authorizationToken") or headers.get("x-token", "")
    if token == "bad":
        raise Exception("Unauthorized")
    effect = "Allow" if token.startswith("allow") else "Deny"
    return {
        "principalId": "user-" + token,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}],
        },
        "context": {"user": "alice", "level": 5, "admin": True, "type": event["type"]},
    }

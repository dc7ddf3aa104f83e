"""The shape of a request's signature, checked as AWS's front door does before any service runs: a
malformed SigV4 Authorization header, a credential scope naming a malformed region, and an S3
presigned URL that is garbled or past its expiry. The signature's value itself is never verified
(any key signs), as everywhere in this emulator."""

from __future__ import annotations

import re
import time
from calendar import timegm
from typing import Mapping
from urllib.parse import parse_qs

from localstack import constants
from localstack.utils.aws.errors import AWSError, FrameworkError

SIGV4 = "AWS4-HMAC-SHA256"
# The form every SDK sends; anything else gets the detailed diagnosis below.
_WELL_FORMED = re.compile(
    r"AWS4-HMAC-SHA256 Credential=[^/,\s]+/\d{8}/([^/,\s]+)/[^/,\s]+/aws4_request,\s*"
    r"SignedHeaders=[^,\s]+,\s*Signature=[0-9a-fA-F]+"
)
# us-east-1, us-gov-west-1, us-isob-east-1, cn-north-1, eu-fake-1: two letters, words, a number.
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
_S3_CREDENTIAL_FORM = '"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"'
_PRESIGNED_PARAMETERS = (
    "X-Amz-Credential",
    "X-Amz-Signature",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
)
_INVALID_TOKEN = "The security token included in the request is invalid."
MAX_PRESIGNED_EXPIRY = 604800  # a week, S3's bound for X-Amz-Expires


def is_valid_region(region: str) -> bool:
    return _REGION.fullmatch(region) is not None


def check_signature(service: str, headers: Mapping[str, str], query: str) -> None:
    """Raise the error AWS answers for a malformed SigV4 signature or a malformed region."""
    auth = headers.get("Authorization")
    if auth and auth.startswith("AWS4"):
        match = _WELL_FORMED.match(auth) if auth.isascii() else None
        if match is None:
            _diagnose_header(service, auth)
        elif not is_valid_region(match.group(1)):
            raise _bad_region(service, match.group(1))
    elif service == "s3" and "X-Amz-" in query:
        _check_presigned_v4(query)
    elif service == "s3" and "Expires=" in query and "Signature=" in query:
        _check_presigned_v2(query)


def _diagnose_header(service: str, auth: str) -> None:
    """Name what is wrong with a header that is not in the SDKs' form; accept what is merely unusual."""
    if not auth.isascii():
        raise _incomplete(service, "The Authorization header holds non-ASCII characters.", auth)
    scheme, _, rest = auth.partition(" ")
    if scheme != SIGV4:
        raise _incomplete(service, f"Unsupported AWS 'algorithm': '{scheme}'.", auth)
    fields = {}
    for part in rest.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            fields[name.strip()] = value.strip()
    missing = [
        f"Authorization header requires '{name}' parameter."
        for name in ("Credential", "Signature", "SignedHeaders")
        if name not in fields
    ]
    if missing:
        raise _incomplete(service, " ".join(missing), auth)
    credential = fields["Credential"]
    parts = credential.split("/")
    if len(parts) != 5:
        message = (
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
            f"got '{credential}'"
        )
        s3_detail = f"the Credential is mal-formed; expecting {_S3_CREDENTIAL_FORM}."
        raise _incomplete(service, message, auth, s3_detail)
    key, date, region, _, terminator = parts
    if not key:
        raise _unknown_key(service)
    if not is_valid_region(region):
        raise _bad_region(service, region)
    if terminator != "aws4_request":
        message = f"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'."
        raise _incomplete(service, message, auth)
    if not re.fullmatch(r"\d{8}", date):
        raise _incomplete(service, f"Date must be in YYYYMMDD format, got '{date}'.", auth)
    if not fields["Signature"] or not fields["SignedHeaders"]:
        raise _incomplete(service, "The Signature and SignedHeaders parameters must not be empty.", auth)


def _incomplete(service: str, detail: str, auth: str, s3_detail: str = "") -> AWSError:
    if service == "s3":
        detail = s3_detail or (
            "the authorization header requires three components: Credential, SignedHeaders, and Signature."
        )
        return AWSError("AuthorizationHeaderMalformed", f"The authorization header is malformed; {detail}")
    if _is_json(service):
        return FrameworkError("IncompleteSignatureException", f"{detail} Authorization={auth}")
    return FrameworkError("IncompleteSignature", f"{detail} Authorization={auth}")


def _unknown_key(service: str) -> AWSError:
    if service == "s3":
        return AWSError(
            "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403
        )
    if _is_json(service):
        return FrameworkError("UnrecognizedClientException", _INVALID_TOKEN)
    return FrameworkError("InvalidClientTokenId", _INVALID_TOKEN, 403)


def _bad_region(service: str, region: str) -> AWSError:
    if service == "s3":
        return AWSError(
            "AuthorizationHeaderMalformed",
            f"The authorization header is malformed; the region '{region}' is wrong; expecting "
            f"'{constants.DEFAULT_REGION}'",
        )
    message = f"Credential should be scoped to a valid region, not '{region}'. "
    if _is_json(service):
        return FrameworkError("InvalidSignatureException", message)
    return FrameworkError("SignatureDoesNotMatch", message, 403)


def _is_json(service: str) -> bool:
    return constants.PROTOCOLS.get(service, "rest-json") in ("json", "rest-json")


def _presigned_error(message: str) -> AWSError:
    return AWSError("AuthorizationQueryParametersError", message, 400)


def _check_presigned_v4(query: str) -> None:
    params = {key: values[0] for key, values in parse_qs(query, keep_blank_values=True).items()}
    if (
        "X-Amz-Algorithm" not in params
        and "X-Amz-Credential" not in params
        and "X-Amz-Signature" not in params
    ):
        return  # X-Amz-* query parameters of an unsigned request (x-amz-acl as a query...)
    if params.get("X-Amz-Algorithm") != SIGV4:
        raise _presigned_error('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"')
    missing = [name for name in _PRESIGNED_PARAMETERS if not params.get(name)]
    if missing:
        raise _presigned_error(
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
            "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
        )
    parts = params["X-Amz-Credential"].split("/")
    if len(parts) != 5 or not parts[0] or parts[4] != "aws4_request" or not re.fullmatch(r"\d{8}", parts[1]):
        raise _presigned_error(
            "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
            f"expecting {_S3_CREDENTIAL_FORM}."
        )
    if not is_valid_region(parts[2]):
        raise _presigned_error(
            f"Error parsing the X-Amz-Credential parameter; the region '{parts[2]}' is wrong; expecting "
            f"'{constants.DEFAULT_REGION}'"
        )
    expires = params["X-Amz-Expires"]
    if not expires.removeprefix("-").isdigit():
        raise _presigned_error("X-Amz-Expires should be a number")
    if int(expires) < 0:
        raise _presigned_error("X-Amz-Expires must be non-negative")
    if int(expires) > MAX_PRESIGNED_EXPIRY:
        # As S3 words it (recorded answers of s3.amazonaws.com).
        raise _presigned_error(
            "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
            "less than 604800 seconds"
        )
    try:
        timegm(time.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ"))
    except ValueError:
        raise _presigned_error(
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
        ) from None
    # Expiry is S3's own check (services/s3/identity.py): its AccessDenied names X-Amz-Expires,
    # Expires and ServerTime, as S3 does.


def _check_presigned_v2(query: str) -> None:
    params = {key: values[0] for key, values in parse_qs(query, keep_blank_values=True).items()}
    if "AWSAccessKeyId" not in params:
        return
    expires = params.get("Expires", "")
    if not expires.isdigit():
        raise AWSError("AccessDenied", "Invalid date (should be seconds since epoch): " + expires, 403)
    # Expiry is S3's own check (services/s3/identity.py): its AccessDenied names Expires and ServerTime.

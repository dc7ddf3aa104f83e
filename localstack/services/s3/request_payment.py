"""Requester Pays: PutBucketRequestPayment stores who pays (BucketOwner or Requester), GetBucketRequestPayment
answers it (BucketOwner until set). moto knows neither: it took the PUT for a CreateBucket."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.s3.operation import S3Call
from localstack.services.s3.s3_errors import S3Error

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"
PAYERS = ("BucketOwner", "Requester")
_XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


def answer(call: S3Call, bucket: Any, data: bytes) -> Response | None:
    if bucket is None or call.key or "requestPayment" not in call.query:
        return None
    if call.method == "GET":
        payer = getattr(bucket, "request_payer", "BucketOwner")
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<RequestPaymentConfiguration xmlns="{_XMLNS}"><Payer>{payer}</Payer>'
            "</RequestPaymentConfiguration>"
        )
        return Response(body, status=200, mimetype="application/xml")
    if call.method != "PUT":
        return None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise S3Error("MalformedXML", MALFORMED_XML) from None
    payers = [(node.text or "").strip() for node in root.iter() if node.tag.rpartition("}")[2] == "Payer"]
    if (
        root.tag.rpartition("}")[2] != "RequestPaymentConfiguration"
        or len(payers) != 1
        or payers[0] not in PAYERS
    ):
        raise S3Error("MalformedXML", MALFORMED_XML)
    bucket.request_payer = payers[0]
    return Response(b"", status=200)

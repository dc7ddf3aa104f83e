"""Corrections to moto's acm backend, applied by the starter before the backend is built."""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _describe_as_aws()


def _as_aws(certificate: dict[str, Any]) -> None:
    """A certificate's description as ACM words it (recorded): the key algorithm `RSA-2048` (moto: the
    request enum's `RSA_2048`); an Amazon-issued certificate signed SHA256WITHRSA (moto signs its
    stand-in SHA512) and issued only once it is ISSUED (moto gave a pending one an IssuedAt)."""
    algorithm = certificate.get("KeyAlgorithm")
    if isinstance(algorithm, str):
        certificate["KeyAlgorithm"] = algorithm.replace("_", "-", 1)
    if certificate.get("Type") == "AMAZON_ISSUED":
        certificate["SignatureAlgorithm"] = "SHA256WITHRSA"
        if certificate.get("Status") != "ISSUED":
            certificate.pop("IssuedAt", None)


def _describe_as_aws() -> None:
    from moto.acm.responses import AWSCertificateManagerResponse

    original_describe = AWSCertificateManagerResponse.describe_certificate
    original_list = AWSCertificateManagerResponse.list_certificates

    def describe_certificate(self: Any) -> Any:
        answer = original_describe(self)
        certificate = answer.result.get("Certificate") if isinstance(answer.result, dict) else None
        if isinstance(certificate, dict):
            _as_aws(certificate)
        return answer

    def list_certificates(self: Any) -> Any:
        answer = original_list(self)
        for summary in (
            answer.result.get("CertificateSummaryList", []) if isinstance(answer.result, dict) else []
        ):
            _as_aws(summary)
        return answer

    AWSCertificateManagerResponse.describe_certificate = describe_certificate
    AWSCertificateManagerResponse.list_certificates = list_certificates

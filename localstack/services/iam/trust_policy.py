"""A refused trust policy (CreateRole, UpdateAssumeRolePolicy) in AWS's sentences (recorded), where moto
words two of them its own way."""

from __future__ import annotations

import functools
from typing import Any, Callable

# moto's sentence -> AWS's.
_AWS_SENTENCES = {
    "Trust Policy statement actions can only be sts:AssumeRole, "
    "sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity": (
        "AssumeRole policy may only specify STS AssumeRole actions."
    ),
    "Has prohibited field Resource.": "Has prohibited field Resource",
}


def _in_aws_words(method: Callable[..., Any]) -> Callable[..., Any]:
    from moto.iam.exceptions import MalformedPolicyDocument

    @functools.wraps(method)
    def validate(self: Any) -> None:
        try:
            method(self)
        except MalformedPolicyDocument as refusal:
            sentence = _AWS_SENTENCES.get(refusal.message or "")
            if sentence is None:
                raise
            raise MalformedPolicyDocument(sentence) from None

    validate._ls_sentences = True  # type: ignore[attr-defined]
    return validate


def apply() -> None:
    """Wrap the trust policy validator once."""
    from moto.iam.policy_validation import IAMTrustPolicyDocumentValidator

    if not getattr(IAMTrustPolicyDocumentValidator.validate, "_ls_sentences", False):
        IAMTrustPolicyDocumentValidator.validate = _in_aws_words(IAMTrustPolicyDocumentValidator.validate)  # type: ignore[method-assign]

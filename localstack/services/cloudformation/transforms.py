"""Template transforms: AWS::Serverless-2016-10-31 through aws-sam-translator (AWS's own SAM
translator), and AWS::LanguageExtensions (Fn::ForEach; Fn::Length and Fn::ToJsonString resolve as
intrinsics)."""

from __future__ import annotations

import copy
import re
from typing import Any

from localstack.services.cloudformation.template import transforms_of
from localstack.utils.aws.errors import AWSError

SAM = "AWS::Serverless-2016-10-31"
LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
SUPPORTED = (SAM, LANGUAGE_EXTENSIONS)


def check_capabilities(template: dict[str, Any], capabilities: list[str]) -> None:
    if transforms_of(template) and "CAPABILITY_AUTO_EXPAND" not in capabilities:
        raise AWSError(
            "InsufficientCapabilitiesException",
            "Requires capabilities : [CAPABILITY_AUTO_EXPAND]",
        )


def apply(
    template: dict[str, Any], parameters: dict[str, Any], account_id: str, region: str
) -> dict[str, Any]:
    """The template with its transforms expanded, in the order listed."""
    names = transforms_of(template)
    if not names:
        return template
    for name in names:
        if name not in SUPPORTED:
            raise AWSError("ValidationError", f"Template format error: Unsupported transform {name}")
    result = copy.deepcopy(template)
    for name in names:
        if name == LANGUAGE_EXTENSIONS:
            result = _language_extensions(result, parameters)
        elif name == SAM:
            result = _sam(result, parameters, account_id, region)
    result.pop("Transform", None)
    return result


class _NoManagedPolicies:
    """SAM's policy names resolve from the map the library bundles; nothing to add."""

    def load(self) -> dict[str, str]:
        return {}


def _sam(
    template: dict[str, Any], parameters: dict[str, Any], account_id: str, region: str
) -> dict[str, Any]:
    import os

    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform

    values = {
        **parameters,
        "AWS::Region": region,
        "AWS::AccountId": account_id,
        "AWS::Partition": "aws",
    }
    # The translator reads the region from boto3's environment for ARNs it makes.
    previous = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = region
    try:
        return transform(template, values, _NoManagedPolicies())
    except InvalidDocumentException as error:
        causes = " ".join(str(cause) for cause in getattr(error, "causes", [])) or str(error)
        raise AWSError("ValidationError", f"Transform {SAM} failed with: {causes}") from None
    finally:
        if previous is None:
            os.environ.pop("AWS_DEFAULT_REGION", None)
        else:
            os.environ["AWS_DEFAULT_REGION"] = previous


def _language_extensions(template: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    for section in ("Resources", "Outputs", "Conditions"):
        if isinstance(template.get(section), dict):
            template[section] = _expand_for_each(template[section], parameters)
    return template


def _expand_for_each(section: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in section.items():
        if not key.startswith("Fn::ForEach::"):
            out[key] = value
            continue
        if not isinstance(value, list) or len(value) != 3 or not isinstance(value[2], dict):
            raise AWSError(
                "ValidationError",
                f"Template format error: {key} must be a list of an identifier, a collection and an "
                "output map",
            )
        identifier, collection, fragment = value
        if isinstance(collection, dict) and "Ref" in collection:
            collection = parameters.get(collection["Ref"], [])
        if isinstance(collection, str):
            collection = [item.strip() for item in collection.split(",")]
        for item in collection:
            expanded = _substitute(copy.deepcopy(fragment), str(identifier), str(item))
            out.update(_expand_for_each(expanded, parameters))
    return out


def _substitute(value: Any, identifier: str, item: str) -> Any:
    pattern = re.compile(r"[$&]\{" + re.escape(identifier) + r"\}")
    alphanumeric = re.sub(r"[^A-Za-z0-9]", "", item)

    def text(s: str) -> str:
        return pattern.sub(lambda m: alphanumeric if m.group(0).startswith("&") else item, s)

    if isinstance(value, dict):
        if value == {"Ref": identifier}:
            return item
        return {text(k): _substitute(v, identifier, item) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, identifier, item) for v in value]
    if isinstance(value, str):
        return text(value)
    return value

"""EventBridge's tagging rules: which ARNs take tags (rules and event buses, as the API reference says),
the reserved `aws:` prefix and the 50 tags a resource may carry (the user guide's tagging page)."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError

MAX_TAGS_PER_RESOURCE = 50
RESERVED_PREFIX = "aws:"
TAGGABLE_KINDS = ("event-bus", "rule")
# Our wording: AWS's sentence for the reserved prefix was not found recorded.
RESERVED_KEY = "Invalid tag key: {key}. Tag keys starting with '{prefix}' are reserved for AWS use."


def check_taggable_arn(arn: Any) -> None:
    """Connections, API destinations, archives and replays take no tags: EventBridge answers any ARN it
    cannot tag with the sentence it gives a target ARN of the wrong form (recorded for PutTargets)."""
    parts = arn.split(":", 5) if isinstance(arn, str) else []
    kind = parts[5].split("/", 1)[0] if len(parts) == 6 else ""
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "events" or kind not in TAGGABLE_KINDS:
        raise AWSError(
            "ValidationException",
            f"Parameter {arn} is not valid. Reason: Provided Arn is not in correct format.",
        )


def check_new_tags(tags: Any) -> None:
    """The keys a caller may set: none with the reserved prefix (any case), and no more than 50."""
    if not isinstance(tags, list):
        return
    keys = [tag.get("Key") for tag in tags if isinstance(tag, dict)]
    check_untag_keys(keys)
    check_count(len(set(keys)))


def check_count(count: int) -> None:
    """Our wording too: AWS documents the limit of 50, not its refusal's sentence."""
    if count > MAX_TAGS_PER_RESOURCE:
        raise AWSError(
            "ValidationException",
            f"A resource can have at most {MAX_TAGS_PER_RESOURCE} tags; the request would leave {count}.",
        )


def check_untag_keys(keys: Any) -> None:
    """Tags with the reserved prefix are AWS's: a caller can neither set nor remove them."""
    for key in keys if isinstance(keys, list) else []:
        if isinstance(key, str) and key.lower().startswith(RESERVED_PREFIX):
            raise AWSError("ValidationException", RESERVED_KEY.format(key=key, prefix=RESERVED_PREFIX))


def _existing_keys(arn: str, account: str, region: str) -> set[str]:
    from moto.events.models import events_backends

    tagger = events_backends[account][region].tagger
    return set(tagger.get_tag_dict_for_resource(arn)) if tagger.has_tags(arn) else set()


def tag_resource(params: dict[str, Any], account: str, region: str) -> bool:
    arn = params.get("ResourceARN")
    check_taggable_arn(arn)
    tags = params.get("Tags")
    check_new_tags(tags)
    if isinstance(tags, list):
        new = {tag.get("Key") for tag in tags if isinstance(tag, dict)}
        check_count(len(_existing_keys(arn, account, region) | new))
    return True


def untag_resource(params: dict[str, Any], account: str, region: str) -> bool:
    check_taggable_arn(params.get("ResourceARN"))
    check_untag_keys(params.get("TagKeys"))
    return True


def list_tags_for_resource(params: dict[str, Any], account: str, region: str) -> bool:
    check_taggable_arn(params.get("ResourceARN"))
    return True


def create_with_tags(params: dict[str, Any], account: str, region: str) -> bool:
    """PutRule and CreateEventBus carry tags under the same rules as TagResource."""
    check_new_tags(params.get("Tags"))
    return True


HANDLERS = {
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
    "ListTagsForResource": list_tags_for_resource,
    "PutRule": create_with_tags,
    "CreateEventBus": create_with_tags,
}

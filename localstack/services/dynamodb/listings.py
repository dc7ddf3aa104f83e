"""ListImports, which moto does not serve: the imports moto keeps, newest first, by table and page
(global tables are listed by global_tables.py, bulk operations by bulk_operations.py)."""

from __future__ import annotations

from typing import Any

OPERATIONS = frozenset(("ListImports",))
_IMPORT_PAGE = 25  # ListImports' default and largest PageSize


def handle(operation: str, body: dict, scope: tuple[str, str]) -> dict:
    return _imports(body, scope)


def _imports(body: dict, scope: tuple[str, str]) -> dict:
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[scope[0]][scope[1]]
    imports = list(getattr(backend, "table_imports", {}).values())[::-1]
    table_arn = body.get("TableArn")
    if table_arn:
        imports = [entry for entry in imports if entry.table_arn == table_arn]
    start = 0
    token = body.get("NextToken")
    if isinstance(token, str):
        start = next((i for i, entry in enumerate(imports) if entry.arn == token), len(imports))
    size = body.get("PageSize") or _IMPORT_PAGE
    page = imports[start : start + size]
    answer: dict[str, Any] = {"ImportSummaryList": [_summary(entry) for entry in page]}
    if start + size < len(imports):
        answer["NextToken"] = imports[start + size].arn
    return answer


def _summary(entry: Any) -> dict:
    summary = {"ImportArn": entry.arn, "ImportStatus": entry.status, "TableArn": entry.table_arn}
    if entry.s3_source:
        summary["S3BucketSource"] = entry.s3_source
    return summary

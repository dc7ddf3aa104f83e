"""Helpers about AWS conventions: errors, request identity."""

"""The logs service: moto backend plus our listeners and patches."""

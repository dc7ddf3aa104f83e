"""The stepfunctions service: moto backend plus our listeners and patches."""

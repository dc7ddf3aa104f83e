"""The secretsmanager service: moto backend plus our listeners and patches."""

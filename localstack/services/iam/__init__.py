"""The iam service: moto backend plus our listeners and patches."""

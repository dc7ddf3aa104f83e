"""The dynamodb service: moto backend plus our listeners and patches."""

"""The sqs service: moto backend plus our listeners and patches."""

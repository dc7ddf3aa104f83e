"""The cloudwatch service: moto backend plus our listeners and patches."""

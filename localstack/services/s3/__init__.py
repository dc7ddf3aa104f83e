"""The s3 service: moto backend plus our listeners and patches."""

"""The route53 service: moto backend plus our listeners and patches."""

"""The apigateway service: moto backend plus our listeners and patches."""

"""The apigatewayv2 service: moto backend plus our listeners and patches."""

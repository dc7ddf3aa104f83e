"""Our own apigatewayv2 state: none yet, moto's backend (keyed by account and region) holds it all."""

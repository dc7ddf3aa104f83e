"""Our own sqs state: none yet, moto's backend (keyed by account and region) holds it all."""

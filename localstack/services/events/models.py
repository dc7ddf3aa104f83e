"""Our own events state: none yet, moto's backend (keyed by account and region) holds it all."""

"""What test suites use to run the emulator: the pytest plugin and the emulator process it manages."""

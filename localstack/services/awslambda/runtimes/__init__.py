"""Our Lambda runtime clients (run inside worker processes, not imported by the emulator)."""

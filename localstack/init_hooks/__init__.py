"""Init hooks: user scripts run at the boot, start, ready and shutdown stages of the emulator."""

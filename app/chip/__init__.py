"""The chip's memory, pure (no I/O): Mifare Classic geometry (`geometry`) and the sandbox's data
layout HMSSBX v1 (`hmssbx`, docs/STATUS_API.md). The reader (`scanner.nfc`) and the card simulator
(`sandbox.nfc_sim`) both use it, so neither adapter imports the other."""

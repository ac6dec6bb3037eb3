"""What every feature's handlers share: the callback-data codec, the refusal path, the typed
per-user state. Nothing is imported here, so the pure codec can be imported on its own."""

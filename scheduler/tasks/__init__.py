"""The tasks feature's jobs: approval digests and task reminders."""

"""The review cycle's reminders."""

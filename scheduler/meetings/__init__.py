"""The meetings feature's jobs: reminders, the day-before nudges and digests, and
finalising attendance."""

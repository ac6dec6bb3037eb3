"""The inspections feature's jobs: reminders of each step, the monthly digest and the quarterly
warning."""

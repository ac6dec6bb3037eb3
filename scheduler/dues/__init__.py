"""The dues feature's jobs: the monthly reminder and the unpaid-months alerts."""

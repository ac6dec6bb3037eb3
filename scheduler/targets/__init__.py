"""The targets feature's jobs: reminding owners to record their targets' values."""

"""The period report's rules: the spans it covers and their cut-off, who reads it, and its
section figures."""

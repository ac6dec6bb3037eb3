"""The offline demo: a fictitious organisation, the local sandbox and a terminal chat."""

"""One repository per aggregate; each takes the connection of the current transaction."""

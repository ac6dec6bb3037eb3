"""The ``butpha`` command line: setup, import, invites, export, backup, run and the demo."""

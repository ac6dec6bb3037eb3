"""``python -m bot`` is the ``butpha`` command."""

from bot.cli.main import main

raise SystemExit(main())

"""Ears and mouth for Telegram: parse an update, check who is asking, call one service, render.

No SQL and no business rules here. ``handlers.wiring.register`` adds every handler in order.
"""

"""Inspection and supervision (kiểm tra, giám sát): the yearly programme's rules, pure.

- :mod:`.model`: the kinds of item and of target, an item's steps and who may never sit on it.
- :mod:`.quotas`: the quotas as settings, the counts they require and the quota lines' figures.
- :mod:`.organisation`: what the planner is told about the organisation.
- :mod:`.targets`, :mod:`.months`, :mod:`.teams`: the planner's three choices (whom, when, who).
- :mod:`.planner`: :func:`~.planner.propose`, a programme that meets every quota.
"""

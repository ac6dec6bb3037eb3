"""Targets (chỉ tiêu): the numbers a year is judged by, pure.

- :mod:`.model`: a target, its comparator, section, source and the dated updates of its value.
- :mod:`.lines`: a target's line as the report writes it: met, exceeded, not met, in progress
  (with the pro-rata expectation) or no data yet, in the report's rounding.
- :mod:`.grammar`: the forgiving one-line form (``Lớp đào tạo; ≥ 22; lớp; chính trị``).
- :mod:`.reminders`: when an owner is reminded to record a value.
"""

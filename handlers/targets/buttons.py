"""The buttons of /chitieu: a target's card, recording its value, and the form's first step.
Each carries ids only; the service decides whether the one who pressed may."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.kit.callbacks import CallbackData


@dataclass(frozen=True)
class OpenTarget(CallbackData, prefix="tgt:o:"):
    target: int


@dataclass(frozen=True)
class RecordValue(CallbackData, prefix="tgt:r:"):
    target: int


@dataclass(frozen=True)
class AddTargetForm(CallbackData, prefix="tgt:n"):
    pass


@dataclass(frozen=True)
class PickSection(CallbackData, prefix="tgt:s:"):
    section: int  # the position in bot.domain.targets.model.Section


@dataclass(frozen=True)
class ShowEvidence(CallbackData, prefix="tgt:e:"):
    update: int  # the recorded value whose file is sent

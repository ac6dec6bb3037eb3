"""The import-linter contracts keep up with the features: every feature package (a folder in
handlers/, bot/services/ or scheduler/ that the wiring lists) is named by the independence
contract and by every other feature's "uses no other feature" contract, and what the features
share may import none of them. A feature added without its contracts fails here, not later."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from handlers.wiring import FEATURES

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("handlers", "bot/services", "scheduler")


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _packages(feature: str) -> set[str]:
    return {
        f"{layer.replace('/', '.')}.{feature}"
        for layer in LAYERS
        if (ROOT / layer / feature / "__init__.py").exists()
    }


FEATURE_NAMES = sorted(
    {
        path.name
        for layer in ("handlers", "bot/services")
        for path in (ROOT / layer).iterdir()
        if (path / "__init__.py").exists() and path.name not in ("kit", "__pycache__")
    }
)


def test_the_feature_packages_are_the_wirings_features() -> None:
    assert set(FEATURE_NAMES) == {f.name for f in FEATURES}


def test_the_services_independence_contract_names_every_feature() -> None:
    [independence] = [c for c in _contracts() if c["type"] == "independence"]
    assert set(independence["modules"]) == {f"bot.services.{f}" for f in FEATURE_NAMES}


def test_every_feature_forbids_every_other_feature() -> None:
    for feature in FEATURE_NAMES:
        own = _packages(feature)
        [contract] = [
            c for c in _contracts() if c["type"] == "forbidden" and set(c["source_modules"]) == own
        ]
        others = set().union(*(_packages(f) for f in FEATURE_NAMES if f != feature))
        assert set(contract["forbidden_modules"]) == others, feature


def test_what_the_features_share_imports_none_of_them() -> None:
    [shared] = [c for c in _contracts() if c["name"].startswith("What the features share")]
    every = set().union(*(_packages(f) for f in FEATURE_NAMES))
    assert every <= set(shared["forbidden_modules"])

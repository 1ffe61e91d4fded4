"""Shared fixtures: the real seed document and examples live in ../shared (read-only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_30b8c2d7fc78f862.txt"
SHIPPED_SEED = ROOT / "examples" / "seed" / "000_30b8c2d7fc78f862.txt"  # a byte-identical copy


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed document: ../shared when present, else the copy shipped in examples/."""
    return SEED if SEED.exists() else SHIPPED_SEED


# --- golden files: compared by default, rewritten with `pytest --update-golden` (then review the diff) ---
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/* from the current output instead of comparing with it")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: assert text equals tests/golden/NAME, or rewrite it under --update-golden."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as out:
                out.write(actual)
            return
        if not path.exists():
            pytest.fail(f"{path} is missing: run `pytest --update-golden` and review the new file")
        with path.open(encoding="utf-8", newline="") as f:
            expected = f.read()
        assert actual == expected, f"{name} differs from the golden file; if the change is intended, " \
                                   "run `pytest --update-golden` and review the diff"

    return check

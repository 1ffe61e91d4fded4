"""The copies kept in the repository (examples/, tests/fixtures/) are byte-identical to ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
COPIES = [
    ("seeds/000_30b8c2d7fc78f862.txt", "examples/seed/000_30b8c2d7fc78f862.txt"),
    ("examples/sh-putuo-shgzb-2024-final/document.pdf", "examples/sh-putuo-shgzb-2024-final/document.pdf"),
    ("examples/sh-putuo-shgzb-2024-final/stated_figures.csv", "tests/fixtures/sh-putuo-shgzb-2024-final/stated_figures.csv"),
    ("examples/templates/shanghai-final-accounts-template-2024.pdf",
     "tests/fixtures/templates/shanghai-final-accounts-template-2024.pdf"),
    *[(f"examples/sh-putuo-shgzb-2024-final/tables/{p.name}", f"tests/fixtures/sh-putuo-shgzb-2024-final/tables/{p.name}")
      for p in sorted((ROOT / "tests/fixtures/sh-putuo-shgzb-2024-final/tables").glob("*.csv"))],
]


@pytest.mark.parametrize(("shared", "copy"), COPIES, ids=[c[1] for c in COPIES])
def test_copy_matches_shared(shared: str, copy: str) -> None:
    assert (ROOT / copy).is_file(), f"{copy} is missing from the repository"
    if not (SHARED / shared).is_file():
        pytest.skip("../shared is not present")
    assert (ROOT / copy).read_bytes() == (SHARED / shared).read_bytes()

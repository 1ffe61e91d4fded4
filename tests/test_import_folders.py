"""A folder of unit folders read all at once equals the units read one by one and merged: the same
frames (values, dtypes, column order), tables, units and problems in the same order — for clean units
and for units with every kind of problem (bad cells, odd headers, duplicate keys, broken manifests)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from checker.dataset.model import Dataset
from checker.diagnostics import DiagnosticError
from checker.importers import load_dataset, load_many
from checker.importers.folders import read_folders
from tests.builders import edit_file

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2021"
SPEND = "05_支出总表.csv"


_edit = edit_file


def _key(key: str) -> Callable[[Path], None]:
    return _edit("manifest.toml", lambda t: t.replace('key = "260002-2021"', f'key = "{key}"'))


def _swap_columns(text: str) -> str:
    lines = text.split("\n")
    out = []
    for line in lines:
        cells = line.split(",")
        if len(cells) > 4:
            cells[3], cells[4] = cells[4], cells[3]
        out.append(",".join(cells))
    return "\n".join(out)


VARIANTS: dict[str, list[Callable[[Path], None]]] = {
    "a": [_key("a")],
    "b": [_key("b")],
    "b-again": [_key("b")],  # W303: renamed b#2
    "bad-cell": [_key("bad-cell"), _edit(SPEND, lambda t: t.replace("2762.35", "27x2.35", 1))],
    "bad-code": [_key("bad-code"), _edit(SPEND, lambda t: t.replace("\n208,", "\n20x8,", 1))],
    "swapped": [_key("swapped"), _edit(SPEND, _swap_columns)],
    "extra-column": [_key("extra-column"), _edit(SPEND, lambda t: t.replace("结转下年,", "结转下年,自定义列,", 1)
                                                  .replace(",0.00,000_", ",0.00,1.00,000_"))],
    "typo-header": [_key("typo-header"), _edit("04_收入总表.csv", lambda t: t.replace("本年收入合计", "本年收入合记", 1))],
    "typo-header-2": [_key("typo-header-2"), _edit("04_收入总表.csv", lambda t: t.replace("本年收入合计", "本年收入合记", 1))],
    "empty-table": [_key("empty-table"), _edit("14_三公经费表.csv", lambda t: t.split("\n", 1)[0] + "\n")],
    "bad-target": [_key("bad-target"), _edit("indicators.csv", lambda t: t.replace(",≥12,", ",≥约十二,", 1))],
    "no-file": [_key("no-file"), lambda f: (f / "09_政府性基金支出表.csv").unlink()],
    "bad-manifest": [_edit("manifest.toml", lambda t: t.replace("[dataset]", "[dataset"))],
    "unknown-kind": [_key("unknown-kind"), _edit("manifest.toml", lambda t: t.replace('kind = "三公经费表"', 'kind = "三公表"'))],
    "long-row": [_key("long-row"), _edit(SPEND, lambda t: t.replace(",0.00,000_", ",0.00,9,000_", 1))],
}


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("province")
    for name, edits in VARIANTS.items():
        shutil.copytree(SEED, root / name, ignore=shutil.ignore_patterns("*illustrative*"))
        for edit in edits:
            edit(root / name)
    return root


def _same(a: Dataset, b: Dataset) -> None:
    assert a.units == b.units
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]
    assert a.problems == b.problems
    assert list(a.tables) == list(b.tables)
    for kind, ta in a.tables.items():
        tb = b.tables[kind]
        pd.testing.assert_frame_equal(ta.frame, tb.frame, check_exact=True)
        assert (ta.kind, ta.title, ta.unit, ta.columns, ta.number, ta.source, ta.notes, ta.places) == (
            tb.kind, tb.title, tb.unit, tb.columns, tb.number, tb.source, tb.notes, tb.places)
    pd.testing.assert_frame_equal(a.indicators, b.indicators, check_exact=True)
    pd.testing.assert_frame_equal(a.stated, b.stated, check_exact=True)


def test_every_variant_reads_as_the_units_one_by_one(province: Path) -> None:
    units = sorted(p for p in province.iterdir())
    one_by_one = load_many(units)
    at_once = load_dataset(province)
    assert {p.code for p in at_once.problems} >= {"W303", "E302", "E314", "E310", "E308", "E301", "E306", "E304", "E303"}
    _same(one_by_one, at_once)


@pytest.mark.parametrize("subset", [["a", "b"], ["bad-cell", "a"], ["swapped", "a", "extra-column"],
                                    ["empty-table"], ["a", "empty-table", "b-again", "b"]])
def test_subsets_read_as_the_units_one_by_one(province: Path, subset: list[str]) -> None:
    units = [province / name for name in subset]
    _same(load_many(units), read_folders(units))


def test_no_readable_unit_is_an_error(province: Path) -> None:
    with pytest.raises(DiagnosticError) as caught:
        read_folders([province / "bad-manifest"])
    with pytest.raises(DiagnosticError) as expected:
        load_many([province / "bad-manifest"])
    assert caught.value.diagnostics == expected.value.diagnostics


MANIFEST = (SEED / "manifest.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [
    MANIFEST,
    MANIFEST.replace('source = "examples/seed', 'notes = """多行\n[[tables]]\n说明"""\nsource = "examples/seed', 1),
    MANIFEST + '\n[dataset.extra]\nx = 1\n',
    MANIFEST.replace("[dataset]", "[[tables]]\nkind = \"收支总表\"\nfile = \"x.csv\"\n\n[dataset]", 1),
    MANIFEST.replace("\n[[tables]]", "\n  [[tables]]", 1),
    "[dataset]\nkey = \"a\"\n",
])
def test_manifests_parse_as_the_whole_text_does(text: str) -> None:
    import tomllib

    from checker.importers.manifest import parse_toml

    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        with pytest.raises(tomllib.TOMLDecodeError) as caught:
            parse_toml(text)
        assert str(caught.value) == str(exc)
    else:
        assert parse_toml(text) == expected
        assert list(parse_toml(text)) == list(expected)


@pytest.mark.parametrize("broken", ['kind = "收支总表\n', "[[tables]\n", "places = 2\nplaces = 3\n"])
def test_errors_in_the_shared_part_point_into_the_whole_file(broken: str) -> None:
    import tomllib

    from checker.importers.manifest import parse_toml

    text = MANIFEST.replace("[[tables]]\nkind = \"收支总表\"\n", "[[tables]]\n" + broken, 1)
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(text)
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        parse_toml(text)
    assert str(caught.value) == str(expected.value)

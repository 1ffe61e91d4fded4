"""Many units in one folder ("stacked": units.csv, one file per table kind led by 单位) read exactly as the
same units in one folder each: the same frames (all but _file/_line), units and tables, and the same
problems — bad cells and codes at the file and line of the stacked file; rows of unknown units reported."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import checker.importers.stacked as stacked_reader
from checker.cli import main
from checker.dataset.model import Dataset
from checker.diagnostics import DiagnosticError
from checker.importers import load_dataset, load_many
from checker.importers.actuals import apply_actuals
from checker.importers.canonical import write_canonical
from checker.importers.cells import read_csv, read_frame, read_text
from checker.importers.manifest import read_manifest, render_manifest
from checker.workers import Forked, can_fork
from tests.builders import edit_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-2021"
PUTUO = ROOT / "examples" / "sh-putuo-shgzb-2024-final"
SPEND = "05_支出总表.csv"
VOLATILE = ["_file", "_line"]


_edit = edit_file


def _key(key: str) -> Callable[[Path], None]:
    return _edit("manifest.toml", lambda t: t.replace('key = "260002-2021"', f'key = "{key}"')
                 .replace('unit_code = "260002"', f'unit_code = "{key.upper()}"'))


UNITS: dict[str, list[Callable[[Path], None]]] = {
    "a": [],
    "bad-cell": [_edit(SPEND, lambda t: t.replace("2762.35", "27x2.35", 1))],
    "bad-code": [_edit(SPEND, lambda t: t.replace("\n208,", "\n20x8,", 1))],
    "bad-target": [_edit("indicators.csv", lambda t: t.replace(",100%,", ",≥约十二,", 1))],
    "bad-stated": [_edit("stated_figures.csv", lambda t: t.replace(",378.91,", ",3x8.91,", 1))],
    "empty-table": [_edit("14_三公经费表.csv", lambda t: t.split("\n", 1)[0] + "\n")],
    "b": [],
}
EVERY_UNIT: dict[str, list[Callable[[Path], None]]] = {  # edits of every unit (a stacked file has one header)
    "as-is": [],
    "typo-header": [_edit("04_收入总表.csv", lambda t: t.replace("本年收入合计", "本年收入合记", 1))],
    "unknown-column": [_edit(SPEND, lambda t: t.replace("结转下年,", "结转下年,自定义列,", 1)
                             .replace(",0.00,000_", ",0.00,1.00,000_"))],
}


def unit_folders(root: Path, every: list[Callable[[Path], None]]) -> list[Path]:
    folders = []
    for name, edits in UNITS.items():
        folder = root / "units" / name
        shutil.copytree(SEED, folder, ignore=shutil.ignore_patterns("*illustrative*"))
        for edit in [_key(name), *edits, *every]:
            edit(folder)
        folders.append(folder)
    return folders


def stack(folders: list[Path], out: Path) -> Path:
    """The unit folders as one stacked folder, cell for cell: each file's rows led by their unit's key."""
    out.mkdir(parents=True)
    manifests = [read_manifest(f / "manifest.toml") for f in folders]
    units = io.StringIO()
    writer = csv.writer(units, lineterminator="\n")
    writer.writerow(["key", "department", "unit_code", "year", "document", "source", "headings"])
    writer.writerows([m.key, m.department, m.unit_code, m.year, m.document, m.source, "\n".join(m.headings)]
                     for m in manifests)
    (out / "units.csv").write_text(units.getvalue(), encoding="utf-8-sig")
    first = manifests[0]
    for name in [e.file for e in first.tables] + [first.indicators, first.stated]:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        for i, (folder, manifest) in enumerate(zip(folders, manifests, strict=True)):
            header, *rows = [r for r in csv.reader(io.StringIO(read_text(folder / name), newline="")) if r]
            if i == 0:
                writer.writerow(["单位", *header])
            writer.writerows([manifest.key, *row] for row in rows)
        (out / name).write_text(text.getvalue(), encoding="utf-8-sig")
    stacked = replace(first, key="", department="", unit_code="", year="", document="", source="", headings=(),
                      units="units.csv")
    (out / "manifest.toml").write_text(render_manifest(stacked), encoding="utf-8")
    return out


def stable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=VOLATILE).reset_index(drop=True)


def assert_same_data(a: Dataset, b: Dataset) -> None:
    assert a.units == b.units
    assert list(a.tables) == list(b.tables)
    for kind, ta in a.tables.items():
        tb = b.tables[kind]
        assert (ta.kind, ta.title, ta.unit, ta.columns, ta.number, ta.source, ta.notes, ta.places) == (
            tb.kind, tb.title, tb.unit, tb.columns, tb.number, tb.source, tb.notes, tb.places)
        pd.testing.assert_frame_equal(stable(ta.frame), stable(tb.frame), check_exact=True, obj=kind)
    pd.testing.assert_frame_equal(stable(a.indicators), stable(b.indicators), check_exact=True)
    pd.testing.assert_frame_equal(stable(a.stated), stable(b.stated), check_exact=True)


def problem_places(dataset: Dataset) -> set[tuple[str, str, tuple[str, str, int]]]:
    """Each problem as (code, message, where): a row as (file name, unit, its position among the unit's rows),
    a header as (file name, "header", line) — so one file's problems compare with many files' alike."""
    rows: dict[tuple[str, int], tuple[str, str, int]] = {}
    for frame in [t.frame for t in dataset.tables.values()] + [dataset.indicators, dataset.stated]:
        if frame.empty:
            continue
        position = frame.groupby("_ds", sort=False).cumcount() + 1
        for file, line, unit, n in zip(frame["_file"], frame["_line"], frame["_ds"], position, strict=True):
            rows[(file, int(line))] = (Path(file).name, unit, int(n))
    out = set()
    for p in dataset.problems:
        file, _, line = (p.where or "").rpartition(":")
        out.add((p.code, p.message, rows.get((file, int(line)), (Path(file).name, "header", int(line)))))
    return out


@pytest.mark.parametrize("every", list(EVERY_UNIT), ids=list(EVERY_UNIT))
def test_stacked_folder_reads_as_the_unit_folders(every: str, tmp_path: Path) -> None:
    folders = unit_folders(tmp_path, EVERY_UNIT[every])
    one_by_one = load_many(folders)
    stacked = load_dataset(stack(folders, tmp_path / "stacked"))
    assert_same_data(one_by_one, stacked)
    assert problem_places(stacked) == problem_places(one_by_one)
    codes = {p.code for p in stacked.problems}
    assert codes >= {"E302", "E314", "E308"} and ("E310" in codes) == (every == "typo-header")
    if every == "typo-header":  # a header problem is one problem of the one file (not one per unit)
        assert sum(p.code == "E310" for p in stacked.problems) == 1
    if every == "unknown-column":  # 支出总表 keeps other columns as amounts
        assert stacked.tables["支出总表"].frame["自定义列"].eq(1_000_000).sum() > 0
    assert stacked.tables["三公经费表"].frame["_ds"].nunique() == len(UNITS) - 1  # empty-table has no rows
    assert all(f.endswith(".csv") and "stacked" in f for f in stacked.tables["支出总表"].frame["_file"])


def test_bad_cells_name_the_file_and_line_of_the_stacked_file(tmp_path: Path) -> None:
    folders = unit_folders(tmp_path, [])
    stacked = load_dataset(stack(folders, tmp_path / "stacked"))
    path = tmp_path / "stacked" / SPEND
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    bad = next(i for i, line in enumerate(lines, 1) if "27x2.35" in line)
    code = next(i for i, line in enumerate(lines, 1) if ",20x8," in line)
    where = {p.code: p for p in stacked.problems if p.where and p.where.startswith(str(path))}
    assert where["E302"].where == f"{path}:{bad}" and where["E302"].message.startswith("合计: '27x2.35'")
    assert where["E314"].where == f"{path}:{code}" and "'20x8'" in where["E314"].message
    frame = stacked.tables["支出总表"].frame
    row = frame[frame["_line"].eq(bad)].iloc[0]
    assert (row["_ds"], row["_row"], row["合计"]) == ("bad-cell", 1, 0)  # the row is kept, the cell counts 0


MANIFEST = """
[dataset]
units = "units.csv"
year = "2024"

[[tables]]
kind = "决算支出表"
file = "t.csv"
unit = "{unit}"
"""
UNITS_CSV = "key,department,unit_code,document\nu1,一处,001,决算\nu2,二处,002,\n"


def small(tmp_path: Path, table: str, units: str = UNITS_CSV, unit: str = "万元", encoding: str = "utf-8") -> Path:
    folder = tmp_path / "ds"
    folder.mkdir(exist_ok=True)
    (folder / "manifest.toml").write_text(MANIFEST.format(unit=unit), encoding="utf-8")
    (folder / "units.csv").write_text(units, encoding="utf-8")
    (folder / "t.csv").write_bytes(table.encode(encoding))
    return folder


def test_rows_of_unknown_units_are_reported_with_their_lines(tmp_path: Path) -> None:
    folder = small(tmp_path, "单位,科目编码,科目名称,本年支出合计\n"
                   "u1,,合计,10.00\nu9,,合计,5.00\nu2,,合计,7.00\nu9,201,一般公共服务支出,5.00\n,,合计,1.00\n")
    ds = load_dataset(folder)
    unknown = [p for p in ds.problems if p.code == "E318"]
    assert [(p.where, p.message) for p in unknown] == [
        (f"{folder / 't.csv'}:3", "单位 'u9' is not a unit of units.csv; its 2 rows (lines 3, 5) are not read"),
        (f"{folder / 't.csv'}:6", "单位 is blank; its row is not read"),
    ]
    frame = ds.tables["决算支出表"].frame
    assert frame[["_ds", "_row", "_line", "本年支出合计"]].values.tolist() == [
        ["u1", 1, 2, 10_000_000], ["u2", 1, 4, 7_000_000]]


def test_units_come_in_the_order_of_units_csv_whatever_the_order_of_rows(tmp_path: Path) -> None:
    folder = small(tmp_path, "单位,科目编码,科目名称,本年支出合计\n"
                   "u2,,合计,7.00\nu1,,合计,10.00\n\nu2,201,一般公共服务支出,7.00\n u1 ,201,一般公共服务支出,10.00\n")
    ds = load_dataset(folder)
    assert ds.problems == []
    assert [(u.key, u.department, u.unit_code, u.year, u.document) for u in ds.units] == [
        ("u1", "一处", "001", "2024", "决算"), ("u2", "二处", "002", "2024", "预算")]  # blanks: [dataset] or 预算
    frame = ds.tables["决算支出表"].frame
    assert frame[["_ds", "_row", "_line", "科目编码"]].values.tolist() == [
        ["u1", 1, 3, ""], ["u1", 2, 6, "201"], ["u2", 1, 2, ""], ["u2", 2, 5, "201"]]


def test_odd_lines_of_a_stacked_file_keep_their_line_numbers(tmp_path: Path) -> None:
    folder = small(tmp_path, '单位,科目编码,科目名称,本年支出合计\r\nu1,,"合\r\n计",10.00\r\nu2,201,一般公共服务支出,7.00,9\r\n')
    ds = load_dataset(folder)
    assert [(p.code, p.where, p.message) for p in ds.problems] == [
        ("E303", f"{folder / 't.csv'}:4", "5 cells but 4 columns in the header; the extra cells are ignored")]
    frame = ds.tables["决算支出表"].frame
    assert frame[["_ds", "_row", "_line", "科目名称"]].values.tolist() == [["u1", 1, 2, "合\r\n计"],
                                                                       ["u2", 1, 4, "一般公共服务支出"]]


@pytest.mark.parametrize(("units", "message"), [
    ("key,document\nu1,决算\nu1,预算\n", "bad units file: unit key 'u1' is listed twice (first on line 2)"),
    ("key,document\nu1,决算书\n", "bad units file: document must be 预算 or 决算, not '决算书'"),
    ("key,department\n,一处\n", "bad units file: a unit needs a key or unit_code"),
    ("department\n一处\n", "bad units file: units.csv needs the column key (or unit_code)"),
    ("key\n", "bad units file: units.csv lists no unit"),
])
def test_a_bad_units_file_is_a_bad_manifest(units: str, message: str, tmp_path: Path) -> None:
    folder = small(tmp_path, "单位,科目编码,科目名称,本年支出合计\nu1,,合计,1\n", units=units)
    with pytest.raises(DiagnosticError) as caught:
        load_dataset(folder)
    assert [(d.code, d.message) for d in caught.value.diagnostics] == [("E306", message)]


def test_unknown_columns_of_the_units_file_are_ignored(tmp_path: Path) -> None:
    folder = small(tmp_path, "单位,科目编码,科目名称,本年支出合计\nu1,,合计,1\n",
                   units="key,名称,key,headings\nu1,一处,x,\"第一部分\n 一、职责 \"\n")
    ds = load_dataset(folder)
    assert [(p.code, p.where, p.message) for p in ds.problems] == [
        ("E310", f"{folder / 'units.csv'}:1", "units.csv: '名称' is not a column of it; it is ignored"),
        ("E310", f"{folder / 'units.csv'}:1", "units.csv: 'key' appears twice; the second is ignored")]
    assert ds.units[0].key == "u1" and ds.units[0].headings == ("第一部分", "一、职责")


def test_manifest_keys_of_one_unit_do_not_go_with_units(tmp_path: Path) -> None:
    folder = small(tmp_path, "单位,科目编码,科目名称,本年支出合计\nu1,,合计,1\n")
    manifest = folder / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('year = "2024"', 'key = "x"'), encoding="utf-8")
    with pytest.raises(DiagnosticError) as caught:
        load_dataset(folder)
    assert [d.message for d in caught.value.diagnostics] == ["bad manifest: key is given for each unit in units.csv, "
                                                             "not in [dataset]"]


def test_a_file_without_the_unit_column_is_not_read_and_said_so(tmp_path: Path) -> None:
    folder = small(tmp_path, "科目编码,科目名称,本年支出合计\n,合计,1\n")
    with pytest.raises(DiagnosticError) as caught:
        load_dataset(folder)
    assert [(d.code, d.where) for d in caught.value.diagnostics] == [("E311", f"{folder / 't.csv'}:1"), ("E301", str(folder))]


@pytest.mark.parametrize("text", [
    "a,b,c\n1,2,3\n\n4,5\n,,\n 6 ,7,8\n\n",          # blank lines, a line of commas, a short row
    'a,b\n"x\ny",2\n3,4\n',                           # a quoted cell over two lines
    "# 示例\n# 说明\na,b\n1,2\n",                        # comment lines before the header
    "a\tb\n1\t2\n",                                   # tab-separated
    "a,b\r\n1,2\r\n\r\n3,4",                          # CRLF, no final line end
    "a,b,\n1,2,\n3,4,\n",                             # a stray comma: the empty column is dropped
    "a,b\n1,2,3\n4,5\n",                              # a row longer than the header
    "a,b\r1,2\r",                                     # old Mac line ends
    "",
    "a,b\n",
])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_read_frame_reads_what_read_csv_reads(text: str, encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(text.replace("a", "甲").encode(encoding))
    expected, got = read_csv(path), read_frame(path)
    assert (got.header, list(got.lines), got.header_line) == (expected.header, list(expected.lines), expected.header_line)
    pd.testing.assert_frame_equal(got.frame(), expected.frame())
    assert got.overlong() == expected.overlong()


def test_gb18030_and_yuan_tables_read_alike(tmp_path: Path) -> None:
    ds = load_dataset(small(tmp_path, "单位,科目编码,科目名称,本年支出合计\nu1,,合计,\"1,234.50\"\n",
                            unit="元", encoding="gb18030"))
    assert ds.tables["决算支出表"].frame["本年支出合计"].tolist() == [123_450]  # 1,234.50 元 in micros of 万元


@pytest.mark.parametrize("source", [SEED, PUTUO], ids=["seed", "putuo"])
def test_write_stacked_and_read_back(source: Path, tmp_path: Path) -> None:
    original = load_dataset(source)
    two = load_many([source, source])  # the second unit is key#2 (W303)
    for dataset in (original, replace(two, problems=[])):
        out = tmp_path / f"s{len(dataset.units)}"
        written = write_canonical(dataset, out, stacked=True)
        assert {p.name for p in written} >= {"manifest.toml", "units.csv"}
        back = load_dataset(out)
        assert back.problems == []
        assert_same_data(dataset, back)


def test_a_folder_of_stacked_folders_is_their_units_merged(tmp_path: Path) -> None:
    write_canonical(load_many([SEED, PUTUO]), tmp_path / "all" / "one", stacked=True)
    write_canonical(load_dataset(SEED), tmp_path / "all" / "two", stacked=True)
    both = load_dataset(tmp_path / "all")
    assert both.keys == ["260002-2021", "sh-putuo-shgzb-2024", "260002-2021#2"]
    assert [p.code for p in both.problems] == ["W303"]


def test_import_writes_a_stacked_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(SEED), "-o", str(tmp_path / "out"), "--stacked"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "units.csv").is_file()
    assert_same_data(load_dataset(SEED), load_dataset(tmp_path / "out"))


@pytest.mark.skipif(not can_fork(), reason="a stacked folder is read by two processes only where fork is safe")
def test_two_processes_read_what_one_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folders = unit_folders(tmp_path, EVERY_UNIT["typo-header"])
    path = stack(folders, tmp_path / "stacked")
    (path / "11_基本支出经济分类表.csv").unlink()  # a file the manifest names is missing: a problem, in its place
    one = load_dataset(path)
    monkeypatch.setattr(stacked_reader, "PARALLEL_BYTES", 0)
    calls: list[int] = []
    monkeypatch.setattr(stacked_reader, "Forked", lambda f: calls.append(1) or Forked(f))
    two = load_dataset(path, jobs=2)
    assert calls == [1]  # the second process was used
    assert_same_data(one, two)
    for a, b in [(t.frame, two.tables[k].frame) for k, t in one.tables.items()] + [(one.indicators, two.indicators)]:
        pd.testing.assert_frame_equal(a, b, check_exact=True)  # _file and _line too
    assert one.problems == two.problems and {p.code for p in one.problems} >= {"E301", "E310"}


def _actuals(root: Path) -> list[Path]:
    """Indicator actuals and spending for every unit of UNITS (the seed's illustrative ones, keyed by _ds),
    with one actual naming no indicator and one that cannot be read."""
    files = []
    for name, header in (("actuals-illustrative.csv", "项目,指标名称,实际完成值,偏差原因"), ("spending-illustrative.csv", "项目,预算数,执行数")):
        lines = [line for line in (SEED / name).read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
        rows = [f"{unit},{line}" for unit in UNITS for line in lines[1:]]
        if name.startswith("actuals"):
            rows += ["a,没有这个项目,某指标,5,", "b," + lines[1].split(",")[0] + "," + lines[1].split(",")[1] + ",约五个,"]
        path = root / name
        path.write_text("\n".join([f"_ds,{header}", *rows]) + "\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.mark.parametrize("jobs", [1, 2])
def test_actuals_applied_while_reading_equal_actuals_applied_after(
        jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = stack(unit_folders(tmp_path, []), tmp_path / "stacked")
    actuals = _actuals(tmp_path)
    after = load_dataset(path)
    for actual in actuals:
        after = apply_actuals(after, actual)
    monkeypatch.setattr(stacked_reader, "PARALLEL_BYTES", 0)
    if jobs > 1 and not can_fork():
        pytest.skip("two processes only where fork is safe")
    while_reading = load_dataset(path, jobs=jobs, actuals=actuals)
    assert_same_data(after, while_reading)
    pd.testing.assert_frame_equal(after.indicators, while_reading.indicators, check_exact=True)
    assert after.spending is not None and while_reading.spending is not None
    pd.testing.assert_frame_equal(after.spending, while_reading.spending, check_exact=True)
    assert after.problems == while_reading.problems
    codes = [p.code for p in after.problems]
    assert "E312" in codes and "E309" in codes  # the actuals' own problems, after the folder's
    assert after.indicators["实际完成值"].notna().sum() > 0
    assert load_many([path], jobs, actuals).problems == after.problems

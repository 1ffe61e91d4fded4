"""``checker codes``: a dataset's classification-code tree (names, amounts), one code's neighbourhood, and
the code graph's own findings.  Exit 1 when a finding of severity error failed, 2 when it could not run."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Hashable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from rich.tree import Tree

from checker.cli.common import EXIT_INCOMPLETE, guarded
from checker.codes import (
    CLASSIFICATIONS,
    SHAPES,
    CodeGraph,
    Neighbourhood,
    check_dataset,
    load_code_lists,
    neighbourhood,
    normalise_code,
    suggestions,
    tree,
)
from checker.dataset.model import Dataset, from_micros
from checker.findings import Finding, Severity, exit_status

SCHEMA = "checker.codes/1"


@click.command("codes")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--year", help="Fiscal year of the code lists (default: the dataset's).")
@click.option("--codes", "code_files", multiple=True, type=click.Path(path_type=Path),
              help="An official code list or mapping (CSV/XLSX, docs/codes.md); repeatable.")
@guarded
def codes_command(dataset: Path, code: str | None, fmt: str, year: str | None, code_files: tuple[Path, ...]) -> None:
    """Show DATASET's code tree with names and amounts (or CODE's neighbourhood) and the code checks."""
    data = _load(dataset)
    lists = [found for path in code_files for found in load_code_lists(path)]
    graph = CodeGraph.build(year=year, lists=lists, dataset=data)
    for skipped in graph.ignored:
        click.echo(f"warning: {skipped.source}: its {skipped.classification} list is for {skipped.year}, "
                   f"not {graph.year}; not used (give --year {skipped.year} to use it)", err=True)
    findings = check_dataset(graph, data)
    hood = None
    if code:
        hood = neighbourhood(graph, data, code)
        if hood is None:
            _unknown_code(graph, code)
        named = re.compile(rf"(?<!\d){hood.code}(?!\d)")
        findings = [f for f in findings if named.search(f.subject) or named.search(f.message)]
    if fmt == "json":
        click.echo(json.dumps(_json(graph, data, hood, findings), ensure_ascii=False, indent=2))
    else:
        _text(graph, data, hood, findings)
    sys.exit(exit_status(findings, Severity.ERROR))


def _load(path: Path) -> Dataset:
    from checker.importers import load_dataset

    try:
        return load_dataset(path)
    except NotImplementedError:
        click.echo(f"error: cannot read {path}: this kind of input is not supported yet", err=True)
        sys.exit(EXIT_INCOMPLETE)


def _unknown_code(graph: CodeGraph, code: str) -> NoReturn:
    near = suggestions(graph, code)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    click.echo(f"error: {normalise_code(code) or code!r} is neither in the code lists nor in the dataset{hint}", err=True)
    sys.exit(EXIT_INCOMPLETE)


# ---------------------------------------------------------------------------------------------- text
def _amount(data: Dataset, kind: str, micros: Any) -> str:
    table = data.tables[kind]
    return "" if micros is None or micros != micros else str(from_micros(int(micros), "万元", table.places))


def _label(row: dict[Hashable, Any], data: Dataset) -> Text:
    amounts = " · ".join(f"表{data.tables[k].number or k} {_amount(data, k, row[k])}"
                         for k in data.tables if k in row and _amount(data, k, row[k]))
    placed = " [dim](按编码位置)[/dim]" if row["placed_by"] == "prefix" else ""
    markup = f"[bold]{row['code']}[/bold] {escape(str(row['name']))}{placed}  [cyan]{escape(amounts)}[/cyan]"
    return Text.from_markup(markup, overflow="fold")


def _tree(graph: CodeGraph, data: Dataset, cls: str) -> Tree | None:
    frame = tree(graph, data, cls)
    if frame.empty:
        return None
    root = Tree(f"[bold]{SHAPES[cls].title}[/bold]（{cls}）")
    branches: dict[str, Tree] = {}
    for row in frame.to_dict("records"):
        parent = branches.get(str(row["parent"]), root)
        branches[str(row["code"])] = parent.add(_label(row, data))
    return root


def _text(graph: CodeGraph, data: Dataset, hood: Neighbourhood | None, findings: list[Finding]) -> None:
    console = Console(highlight=False)
    console.print(f"code lists: {graph.year or 'any year'}; " + "; ".join(
        f"{i.classification} {i.codes} codes ({'complete' if i.complete else 'partial'})" for i in graph.lists))
    if hood is not None:
        _print_hood(console, graph, hood)
    else:
        for cls in CLASSIFICATIONS:
            branch = _tree(graph, data, cls)
            if branch is not None:
                console.print(branch)
    _print_findings(console, findings)


def _names(graph: CodeGraph, cls: str, codes: Iterable[str]) -> str:
    return "、".join(f"{c} {graph.name(cls, c) or ''}".strip() for c in codes) or "—"


def _print_hood(console: Console, graph: CodeGraph, hood: Neighbourhood) -> None:
    cls = hood.classification
    other = "政府经济分类" if cls == "部门经济分类" else "部门经济分类"
    console.print(f"[bold]{hood.code} {escape(hood.name)}[/bold]  {cls} · 第{hood.level}级 · placed by {hood.placed_by}")
    console.print(f"  上级: {escape(_names(graph, cls, hood.ancestors))}")
    console.print(f"  下级: {escape(_names(graph, cls, hood.children))}")
    console.print(f"  全部下级: {len(hood.descendants)} 个")
    if cls != "功能分类":
        wild = f"；事业单位另可对应 {'、'.join(graph.any_dept_gov_codes)}" if cls == "部门经济分类" and graph.any_dept_gov_codes else ""
        console.print(f"  对应{other}: {escape(_names(graph, other, hood.mapped))}{wild}")
    for row in hood.appearances.to_dict("records"):
        amount = "" if row["amount"] is None else str(from_micros(int(row["amount"]), "万元", 2))
        console.print(f"  出现于 {escape(str(row['document_location']))}  {row['data_location']}  {amount}")


def _print_findings(console: Console, findings: list[Finding]) -> None:
    console.print(f"\n{len(findings)} finding(s)")
    for f in findings:
        colour = "red" if f.severity is Severity.ERROR else "yellow"
        console.print(f"[{colour}]{f.severity.label}[/{colour}] {f.rule} {escape(f.message)}")
        console.print(f"    [dim]{escape(f.data_location)} · {escape(f.document_location)}[/dim]")


# ---------------------------------------------------------------------------------------------- json
def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def finding_json(f: Finding) -> dict[str, Any]:
    """A finding as plain JSON values (Decimals as strings)."""
    return {
        "rule": f.rule, "title": f.title, "severity": f.severity.label, "outcome": f.outcome.value,
        "subject": f.subject, "message": f.message, "dataset": f.dataset, "year": f.year,
        "expected": _plain(f.expected), "actual": _plain(f.actual), "fingerprint": f.fingerprint,
        "data_location": f.data_location, "document_location": f.document_location,
        "operands": [{"label": o.label, "value": _plain(o.value), "data_location": o.data_location} for o in f.operands],
    }


def _tree_json(graph: CodeGraph, data: Dataset, cls: str) -> list[dict[str, Any]]:
    out = []
    for row in tree(graph, data, cls).to_dict("records"):
        amounts = {k: _amount(data, k, row[k]) for k in data.tables if k in row and _amount(data, k, row[k])}
        out.append({k: row[k] for k in ("code", "name", "level", "parent", "placed_by")} | {"amounts": amounts})
    return out


def _json(graph: CodeGraph, data: Dataset, hood: Neighbourhood | None, findings: list[Finding]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "schema": SCHEMA, "year": graph.year, "any_dept_gov_codes": list(graph.any_dept_gov_codes),
        "lists": [{"classification": i.classification, "codes": i.codes, "complete": i.complete,
                   "sources": list(i.sources)} for i in graph.lists],
    }
    if hood is None:
        out["classifications"] = {cls: _tree_json(graph, data, cls) for cls in CLASSIFICATIONS}
    else:
        out["code"] = {
            "classification": hood.classification, "code": hood.code, "name": hood.name, "level": hood.level,
            "placed_by": hood.placed_by, "ancestors": list(hood.ancestors), "children": list(hood.children),
            "descendants": list(hood.descendants), "mapped": list(hood.mapped),
            "appearances": [{k: (str(from_micros(int(v), "万元", 2)) if k == "amount" and v is not None else v)
                             for k, v in row.items()} for row in hood.appearances.to_dict("records")],
        }
    out["findings"] = [finding_json(f) for f in findings]
    return out

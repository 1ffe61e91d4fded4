"""Checks on the codes themselves: their shape, the 部门 ↔ 政府 pairs, codes missing from a complete list."""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.codes.context import Context, Record
from checker.codes.keys import category_ids, first_rows, member, per_category, radix_key, records
from checker.codes.shapes import DEPT_ECON, GOV_ECON, LEVEL_WORDS, classification_of, shape
from checker.findings import Finding


def check_shape(ctx: Context) -> list[Finding]:
    """CODE-SHAPE: a value in a code column that is not a code of the column's classification."""
    bad = ctx.rows.loc[ctx.rows["level"] == 0]
    groups = first_rows(bad, ["_ds", "table", "column", "code"])
    return [_shape_finding(ctx, row) for row in records(groups)]


def _shape_finding(ctx: Context, row: Record) -> Finding:
    kind, cls, n, pos = str(row["table"]), str(row["classification"]), int(row["n"]), int(row["pos"])
    raw = ctx.raw_at(kind, str(row["column"]), pos)
    spec = shape(cls)
    lengths = "/".join(str(x) for x in spec.lengths)
    message = f"{ctx.title(kind)}“{row['column']}”列中的“{raw}”不是{spec.title}编码（{lengths} 位数字，以 {spec.first} 开头）"
    other = classification_of(str(row["code"]))
    if other and other != cls:
        message += f"；它像是{shape(other).title}编码"
    if n > 1:
        message += f"；共 {n} 行"
    return ctx.finding("CODE-SHAPE", kind, pos, f"{kind} {raw}", message, actual=raw)


def _paired_rows(ctx: Context) -> pd.DataFrame:
    """Rows of tables that print a 政府 code and a 部门 code side by side, both well shaped."""
    columns = ["_ds", "table", "pos", "code", "level", "column"]
    dept = ctx.valid_of(DEPT_ECON)[columns]
    gov = ctx.valid_of(GOV_ECON)[columns[1:]]
    return dept.merge(gov, on=["table", "pos"], suffixes=("_dept", "_gov"))


def _allowed(ctx: Context, pairs: pd.DataFrame) -> np.ndarray:
    """Per pair: listed (or derived) by the mapping, or a 政府 code any 部门 code may map to."""
    mapping = ctx.graph.mapping_pairs()
    codes = pairs["code_dept"]  # both columns share the code categories
    width = len(codes.cat.categories)
    listed = radix_key([(category_ids(codes, mapping["dept_code"].to_numpy()), width),
                        (category_ids(codes, mapping["gov_code"].to_numpy()), width)])
    found = radix_key([(pairs["code_dept"].cat.codes.to_numpy(), width), (pairs["code_gov"].cat.codes.to_numpy(), width)])
    wild = set(ctx.graph.any_dept_gov_codes)
    open_gov = per_category(pairs["code_gov"], lambda c: c is not None and (c in wild or c[:3] in wild), bool)
    return member(found, listed) | open_gov


def check_mapping(ctx: Context) -> list[Finding]:
    """CODE-MAPPING: a 部门 code paired with a 政府 code the mapping does not allow (unknown 部门 codes pass)."""
    pairs = _paired_rows(ctx)
    if pairs.empty:
        return []
    known_dept = set(ctx.graph.mapping_pairs()["dept_code"])
    known = per_category(pairs["code_dept"], lambda c: c in known_dept, bool)
    mismatch = (pairs["level_dept"] != pairs["level_gov"]).to_numpy()
    bad = pairs.loc[mismatch | (known & ~_allowed(ctx, pairs))]
    return [_mapping_finding(ctx, row) for row in records(bad)]


def _mapping_finding(ctx: Context, row: Record) -> Finding:
    kind, pos = str(row["table"]), int(row["pos"])
    dept, gov = str(row["code_dept"]), str(row["code_gov"])
    pair = (f"[{gov}]{ctx.name_at(kind, str(row['column_gov']), pos)} 与 "
            f"[{dept}]{ctx.name_at(kind, str(row['column_dept']), pos)}")
    subject = f"{kind} [{gov}]/[{dept}]"
    if row["level_dept"] != row["level_gov"]:
        words = LEVEL_WORDS[int(row["level_gov"])], LEVEL_WORDS[int(row["level_dept"])]
        message = f"{pair} 不同级（{words[0]} 对 {words[1]}）：并列的两个编码应同为类或同为款"
        return ctx.finding("CODE-MAPPING", kind, pos, subject, message, actual=gov)
    expected = ctx.graph.mapped_gov(dept)
    wild = ctx.graph.any_dept_gov_codes
    allowed = "、".join(f"[{g}]" for g in expected) + (f"（事业单位：{'、'.join(wild)}）" if wild else "")
    message = f"{pair} 不对应：按支出经济分类对照表，[{dept}] 对应 {allowed}"
    return ctx.finding("CODE-MAPPING", kind, pos, subject, message, expected="/".join(expected), actual=gov)


def check_unlisted(ctx: Context) -> list[Finding]:
    """CODE-UNLISTED: a code not in the complete list loaded for its classification (partial lists: never)."""
    found: list[Finding] = []
    for cls in (info.classification for info in ctx.graph.lists if info.complete):
        rows = ctx.valid_of(cls)
        if rows.empty:
            continue
        prefix = set(ctx.graph.nodes(cls).query("placed_by == 'prefix'")["code"])
        unlisted = per_category(rows["code"], prefix.__contains__, bool)
        firsts = first_rows(rows.loc[unlisted], ["_ds", "code"])
        found.extend(_unlisted_finding(ctx, row) for row in records(firsts))
    return found


def _unlisted_finding(ctx: Context, row: Record) -> Finding:
    kind, cls, code = str(row["table"]), str(row["classification"]), str(row["code"])
    near = ctx.graph.suggest(cls, code)
    message = f"{code} 不在 {ctx.graph.year or ''} 年{shape(cls).title}科目表中"
    if near:
        message += "；是否应为 " + "、".join(f"{c} {ctx.graph.name(cls, c) or ''}".strip() for c in near) + "？"
    return ctx.finding("CODE-UNLISTED", kind, int(row["pos"]), code, message, actual=code,
                       expected=near[0] if near else None)

"""RuleRun → Finding objects: every failure, error and non-evaluation; passes when asked for."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from checker.compile import program as p
from checker.evaluate.context import Context
from checker.evaluate.culprit import Blame
from checker.evaluate.describe import (
    anchor,
    decimal_of,
    locations,
    subjects,
    tolerance_note,
    unit_of_dim,
)
from checker.evaluate.run import FAILED, OUTCOMES, PASSED, RuleRun
from checker.findings import Finding, Operand, Outcome, Severity


def findings_of(run: RuleRun, keep_passed: bool = False, blames: dict[tuple[int, int], Blame] | None = None) -> list[Finding]:
    """Findings of one rule run; ``blames`` adds culprits, slips and operands to failed sums."""
    rule, ctx = run.rule, run.env.ctx
    severity = Severity.parse(rule.severity)
    base: dict[str, Any] = dict(rule=rule.id, title=rule.title, severity=severity, rule_location=str(rule.location),
                family=rule.family)
    out = [
        Finding(**base, outcome=Outcome.NOT_EVALUATED, subject=f"缺少表 {_tables(rule)}", dataset=ds,
                year=_year(ctx, ds), message=f"{rule.title}：数据中没有{_tables(rule)}，未检查")
        for ds in run.lacking
    ]
    select = np.flatnonzero(run.outcome != PASSED) if not keep_passed else np.arange(len(run.outcome))
    if len(select) == 0:
        return out
    b = run.bindings.iloc[select].reset_index(drop=True)
    subj = subjects(b, rule, run.env)
    kind, column, pos = anchor(rule.assertion, b, run.env)
    data_loc, doc_loc = locations(ctx, kind, column, pos) if kind else (np.full(len(b), ""), np.full(len(b), ""))
    numbers = _numbers(run, select)
    fields = _fields(run, b)
    ds_values = b["_ds"].to_numpy()
    for j, i in enumerate(select):
        outcome = OUTCOMES[run.outcome[i]]
        expected, actual, diff, tol, note, unit = numbers[j]
        message = _message(rule, outcome, subj[j], expected, actual, diff, unit, run.why[i])
        for placeholder, values in fields:
            message = message.replace(placeholder, values[j])
        blame = (blames or {}).get((id(run), int(i)), _NO_BLAME)
        out.append(Finding(
            **base, outcome=outcome, subject=str(subj[j]), dataset=str(ds_values[j]), year=_year(ctx, ds_values[j]),
            message=message, expected=expected, actual=actual, difference=diff, tolerance=tol,
            tolerance_note=note, unit=unit, data_location=str(data_loc[j]), document_location=str(doc_loc[j]),
            explanation=rule.description, culprit=blame.culprit, slip=blame.slip,
            operands=_operands(ctx, blame),
        ))
    return out


_NO_BLAME = Blame()


def _fields(run: RuleRun, b: object) -> list[tuple[str, list[str]]]:
    """The text of each ``{var.field}`` placeholder for the selected subjects."""
    from checker.evaluate.describe import decimal_of
    from checker.evaluate.expr import ev

    out = []
    for placeholder, expr in run.rule.message_fields:
        v = ev(expr, b, run.env)  # type: ignore[arg-type]
        texts = [("" if not ok else str(decimal_of(x)) if v.ty == "number" else str(x))
                 for x, ok in zip(v.values, v.present, strict=True)]
        out.append((placeholder, texts))
    return out


def _operands(ctx: Context, blame: Blame) -> tuple[Operand, ...]:
    out = []
    for label, value, table, pos in blame.operands:
        t = ctx.table(table)
        where = ""
        if t is not None and 0 <= pos < len(t.frame):
            where = f"{t.frame['_file'].iloc[pos]}:{t.frame['_line'].iloc[pos]}"
        out.append(Operand(label, value, where))
    return tuple(out)


def _numbers(run: RuleRun, select: np.ndarray) -> list[tuple[Any, ...]]:
    """(expected, actual, difference, tolerance, tolerance note, unit) per selected subject."""
    if run.compared is None:
        return [(None, None, None, None, "", "")] * len(select)
    left, right, diff, tol = run.compared
    if not hasattr(left, "dim"):  # an indicator's achievement: texts as written
        return [(str(right[i]) if right[i] is not None else None, str(left[i]) if left[i] is not None else None,
                 decimal_of(diff[i]) if diff[i] is not None else None, None, "", "") for i in select]
    dim = left.dim if isinstance(left.dim, str) and left.dim else right.dim
    unit = unit_of_dim(dim)
    money = dim == "money"
    terms = left.terms_or_zero + right.terms_or_zero
    out: list[tuple[Any, ...]] = []
    for i in select:
        t_value, note = tolerance_note(run.rule.tolerance, tol[i], int(terms[i]), unit)
        if left.ty != "number":
            out.append((_text(right.values[i]), _text(left.values[i]), None, None, "", ""))
            continue
        out.append((decimal_of(right.values[i], money=money), decimal_of(left.values[i], money=money),
                    decimal_of(diff[i], money=money), t_value, note, unit))
    return out


def _text(value: object) -> str | None:
    if isinstance(value, tuple):
        return str(value[1])
    return None if value is None else str(value)


def _message(rule, outcome: Outcome, subject: str, expected, actual, diff, unit: str, why: object) -> str:  # type: ignore[no-untyped-def]
    if subject == rule.title:
        subject = "本项"
    if outcome is Outcome.NOT_EVALUATED:
        return f"{rule.title}：{subject} 未能检查（{why or '缺少数据'}）"
    if outcome is Outcome.ERROR:
        return f"{rule.title}：{subject} 无法比较（{why}）"
    if outcome is Outcome.PASSED:  # a rule's own message describes its failure
        return f"{rule.title}：{subject} 通过"
    if rule.message:
        return _interpolate(rule.message, subject=subject, expected=expected, actual=actual, diff=diff, unit=unit)
    op = rule.assertion.op if isinstance(rule.assertion, p.Compare) else "=="
    if actual is not None and expected is not None and op == "==":
        gap = f"，相差 {diff}{unit}" if diff is not None else ""
        return f"{rule.title}：{subject} 为 {actual}{unit}，应为 {expected}{unit}{gap}"
    if actual is not None and expected is not None:
        return f"{rule.title}：{subject} 为 {actual}{unit}，要求 {_OP_WORDS.get(op, op)} {expected}{unit}"
    return f"{rule.title}：{subject} 不符合"


_OP_WORDS = {">=": "不低于", "<=": "不超过", ">": "大于", "<": "小于", "!=": "不等于"}


_FIELD = re.compile(r"\{(subject|expected|actual|diff|lhs|rhs|unit)\}")


def _interpolate(template: str, **values: object) -> str:
    aliases = {"lhs": "actual", "rhs": "expected"}

    def sub(m: re.Match[str]) -> str:
        key = aliases.get(m.group(1), m.group(1))
        v = values.get(key)
        return "" if v is None else str(v)

    return _FIELD.sub(sub, template)


def _tables(rule) -> str:  # type: ignore[no-untyped-def]
    tables = sorted({b.table for b in rule.bindings if b.table})
    return "、".join(tables) or "所需的表"


def _year(ctx, ds: object) -> str:  # type: ignore[no-untyped-def]
    meta = ctx.dataset.unit(str(ds))
    return meta.year if meta is not None else ""


__all__ = ["FAILED", "findings_of"]

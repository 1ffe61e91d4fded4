"""A generated rule file of N rules in the shapes of the standard rulesets (rollups over the code graph,
row identities, cross-table equalities, row comprehensions, stated figures, indicator conditions and
targets) — for timing parse + compile (issue 4's goal: 1,000 rules in under a second)."""

from __future__ import annotations

TABLES = (("支出总表", ("合计", "基本支出", "项目支出")), ("一般公共预算支出表", ("总计", "基本支出", "项目支出小计")),
          ("收入总表", ("总计", "本年收入合计", "财政拨款小计")))
SEVERITIES = ("error", "warning", "info")


def _rollup(n: int, table: str, columns: tuple[str, ...]) -> str:
    column = columns[n % len(columns)]
    return (f"  for each code c in 功能分类 of {table} where has_children(c):\n"
            f"    {table}[c].{column} == sum({table}[children(c)].{column})\n")


def _identity(n: int, table: str, columns: tuple[str, ...]) -> str:
    return f"  for each row r in {table}:\n    r.{columns[0]} == r.{columns[1]} + r.{columns[2]}\n"


def _cross(n: int, table: str, columns: tuple[str, ...]) -> str:
    return f'  {table}["合计"].{columns[n % 3]} == 收支总表["本年支出合计"].预算数 within per_term 0.005\n'


def _comprehension(n: int, table: str, columns: tuple[str, ...]) -> str:
    return (f'  {table}["合计"].{columns[0]} == sum(x.{columns[0]} for x in {table} where len(x.科目编码) == 3)\n'
            f'  when exists({table}["合计"])\n')


def _stated(n: int, table: str, columns: tuple[str, ...]) -> str:
    return ('  for each stated s where has(s.增减率) and has(s.增减额):\n'
            '    s.增减率 == round(s.增减额 / (s.金额 - s.增减额) * 100, places(s.增减率)) within exact\n'
            '    when s.金额 - s.增减额 != 0\n'
            f'    message "{{subject}}：第 {n} 条规则"\n')


def _indicator(n: int, table: str, columns: tuple[str, ...]) -> str:
    return ('  for each indicator i where i.目标类型 == "数值" and (i.指标名称 contains "率"):\n'
            '    i.单位 == "%"\n')


SHAPES = (_rollup, _identity, _cross, _comprehension, _stated, _indicator)


def rule_file(count: int = 1000) -> str:
    """The text of a ruleset with ``count`` rules (every seventh a ``target`` statement)."""
    lines = ['ruleset "基准 1000 条规则" version 1', "unit 万元", "tolerance per_term", ""]
    for n in range(1, count + 1):
        severity = SEVERITIES[n % 3]
        if n % 7 == 0:
            lines.append(f'target BENCH-{n:04d} {severity} "目标 {n}": */"业务办理量" >= {n * 10} 件\n')
            continue
        table, columns = TABLES[n % len(TABLES)]
        shape = SHAPES[n % len(SHAPES)]
        lines.append(f'rule BENCH-{n:04d} {severity} "第 {n} 条规则":\n  description "生成的规则 {n}"\n'
                     f"  tags 基准\n{shape(n, table, columns)}")
    return "\n".join(lines)

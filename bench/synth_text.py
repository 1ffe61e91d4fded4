"""A synthetic unit's performance indicators (with their year-end actuals) and the figures its prose states
(amounts, changes and growth percentages that follow from the tables), with the injected errors
"an indicator missed" and "a stated growth percentage wrong"."""

from __future__ import annotations

import random

from synth_model import Expected, Facts, Unit, money
from universe import INDICATORS, Indicator

GROWTH_PLACES = 1
SECTIONS = {"total": "一、部门预算收支情况总体说明", "income": "二、部门预算收入预算情况说明",
            "expense": "三、部门预算支出预算情况说明", "sangong": "五、“三公”经费预算情况",
            "admin": "六、机关运行经费（行政经费）安排情况", "procurement": "七、政府采购情况",
            "assets": "八、国有资产占有使用情况"}


def indicator_rows(unit: Unit, projects: list[tuple[str, int]], rng: random.Random, inject: str) -> None:
    """Four indicators per project (the first a 正向 count), each met by its actual — except one, when
    ``inject`` is "indicator": missed, and no deviation reason given."""
    missed = rng.randrange(len(projects)) if inject == "indicator" else -1
    for j, (project, _) in enumerate(projects):
        first = rng.choice([t for t in INDICATORS if t.numeric])
        chosen = [first, *rng.sample([t for t in INDICATORS if t is not first], k=3)]
        for k, template in enumerate(chosen, 1):
            n = _size(template, rng)
            target = template.target.format(n=n)
            unit.indicators.append([f"{project}#{k}", project, template.level1, template.level2, template.name,
                                    template.content, target, "", template.unit, template.unit_source, "", ""])
            actual = _actual(template, n, rng, miss=(j == missed and k == 1))
            unit.actuals.append([unit.key, project, template.name, actual, ""])
        if j == missed:
            subject = f"{project}/{first.name}"
            unit.expected += [Expected("indicator", "PF-MET", subject),
                              Expected("indicator", "PF-DEVIATION-REASON", subject)]


def _size(template: Indicator, rng: random.Random) -> int:
    return {"业务办理量": rng.randint(100, 100_000), "培训次数": rng.randint(2, 12),
            "故障响应时间": rng.choice((5, 10, 15, 30))}.get(template.name, 0)


def _actual(template: Indicator, n: int, rng: random.Random, miss: bool) -> str:
    """An actual that meets the target without exceeding it 1.5-fold (or misses it, when asked)."""
    name = template.name
    if name == "业务办理量":
        return f"{n * 8 // 10 if miss else n + rng.randint(0, n // 4)}件"
    if name == "培训次数":
        return f"{n - 1 if miss else n + rng.randint(0, n // 3)}次"
    if name == "故障响应时间":
        return f"{n - rng.randint(0, n // 2)}分钟"
    return {"验收合格率": "100%", "服务保障月数": "12个月", "服务对象满意度": f"{rng.randint(90, 99)}%",
            "服务评价等级": "优"}[name]


def stated_rows(unit: Unit, facts: Facts, rng: random.Random, inject: str) -> None:
    """The prose's figures: budget totals with their change on last year, income and spending by source,
    三公 and 行政经费, procurement by kind, and the fixed assets to be bought."""
    t, s, p = facts.total, facts.sangong, facts.purchases
    change = _change(t, rng)
    growth = [("收支总预算", t, change, "total"), ("收入预算", t, change, "income"), ("支出预算", t, change, "expense"),
              ("“三公”经费", s["total"], _change(s["total"], rng), "sangong"),
              ("机关运行经费（行政经费）", s["admin"], _change(s["admin"], rng), "admin")]
    wrong = rng.randrange(len(growth)) if inject == "growth" else -1
    for i, (topic, amount, delta, section) in enumerate(growth):
        unit.stated.append(_growth_row(topic, amount, delta, SECTIONS[section], wrong=i == wrong))
        if i == wrong:
            unit.expected.append(Expected("growth", "TX-GROWTH", f"{topic}（{SECTIONS[section]}）"))
    plain = [("一般公共预算收入", t, "income"), ("政府性基金收入", 0, "income"), ("国有资本经营预算", 0, "income"),
             ("财政专户管理资金", 0, "income"), ("其他资金", 0, "income"), ("上年预结转", 0, "income"),
             ("一般公共预算支出", t, "expense"), ("政府性基金支出", 0, "expense"),
             ("因公出国（境）经费", s["abroad"], "sangong"), ("公务用车购置及运行费", s["car"], "sangong"),
             ("公务用车购置费", s["car_buy"], "sangong"), ("公务用车运行维护费", s["car_run"], "sangong"),
             ("公务接待费", s["reception"], "sangong"), ("政府采购", sum(p.values()), "procurement"),
             ("货物类", p["A"], "procurement"), ("工程类", p["B"], "procurement"), ("服务类", p["C"], "procurement"),
             ("拟购置固定资产", p["A"] * rng.randint(50, 100) // 100, "assets")]
    for topic, amount, section in plain:
        unit.stated.append([f"{topic}#1", topic, money(amount), "", "", "", "", "", "", "万元", "", SECTIONS[section],
                            f"{topic}{money(amount)}万元。"])


def _change(amount: int, rng: random.Random) -> int:
    """A change on last year that leaves last year's amount positive (0 now and then: 持平)."""
    if rng.random() < 0.1:
        return 0
    prior = max(1, amount * rng.randint(70, 135) // 100)
    return amount - prior


def _growth_row(topic: str, amount: int, delta: int, section: str, wrong: bool) -> list[str]:
    rate = growth_percent(delta, amount - delta)
    if wrong:
        rate = growth_percent(delta, amount - delta, shift=10 ** (6 - GROWTH_PLACES) * 37)
    word = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
    sentence = (f"{topic}{money(amount)}万元，较上年{word}{money(abs(delta))}万元，"
                f"{'增长' if delta >= 0 else '下降'}{rate.lstrip('-')}%。")
    return [f"{topic}#1", topic, money(amount), money(delta), word, rate, str(GROWTH_PLACES), "", "", "万元",
            "业务量变化及人员调整", section, sentence]


def growth_percent(delta: int, prior: int, shift: int = 0) -> str:
    """delta / prior × 100 as the evaluator computes it (micros, rounded half away from zero at each step),
    printed with GROWTH_PLACES decimals; ``shift`` (micros of %) makes it wrong on purpose."""
    ratio = _round_half_away(delta * 1_000_000, prior)
    step = 10 ** (6 - GROWTH_PLACES)
    micros = _round_half_away(ratio * 100, step) * step + shift
    sign = "-" if micros < 0 else ""
    whole, frac = divmod(abs(micros), 1_000_000)
    return f"{sign}{whole}.{frac // step:0{GROWTH_PLACES}d}"


def _round_half_away(n: int, d: int) -> int:
    q, r = divmod(abs(n), abs(d))
    if 2 * r >= abs(d):
        q += 1
    return -q if (n < 0) != (d < 0) else q

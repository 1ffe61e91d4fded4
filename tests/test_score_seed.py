"""The seed (examples/seed-2021) scored with its shipped illustrative actuals and spending, verified by hand.

The seed declares no 一级指标, so every indicator is classified by its name; no project has all three
levels, so the missing levels' marks go to the present ones in proportion (产出 50 : 效益 30 : 满意度 10 of
the 90 indicator marks).  Execution: 10 × 执行数 ÷ 预算数, at most 10.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from checker.dataset.model import Dataset
from checker.importers import load_many
from checker.importers.actuals import apply_actuals
from checker.score import ScoreSheet, score_dataset

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2021"
D = Decimal


@pytest.fixture(scope="module")
def seed() -> Dataset:
    dataset = load_many([SEED])
    for name in ("actuals-illustrative.csv", "spending-illustrative.csv"):
        dataset = apply_actuals(dataset, SEED / name)
    return dataset


@pytest.fixture(scope="module")
def sheet(seed: Dataset) -> ScoreSheet:
    return score_dataset(seed)


def cents(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


HAND = [
    # 设备专项: 4 产出 indicators, no 效益/满意度 → 产出 90, 22.5 each.
    #   入库率 100%/100% 22.5; 合格率 100%/100% 22.5; 到货 95% of 100% → 22.5 × 95/100 = 21.375;
    #   维保 2年 ≥ 1年 22.5 → 88.875.  Execution 10 × 301.20/307.15 = 9.80628… → 98.68128… → 98.68
    ("设备专项", D("88.875") + 10 * D("301.20") / D("307.15"), D("98.68")),
    # 政务服务项目经费: 4 产出, 22.5 each.  普及率 92% ≥ 90% 22.5; 工单 98.5% of 100% → 22.5 × 0.985 =
    #   22.1625; 办结率 97% ≥ 96% 22.5; 投诉 6 ≤ 10 22.5 → 89.6625.  Execution 570.16/570.16 → 10 → 99.6625
    ("政务服务项目经费", D("99.6625"), D("99.66")),
    # 导办帮办: 产出 3 (岗位数量, 服务月数, 投诉) + 效益 1 (形象), no 满意度 → 产出 90 × 50/80 = 56.25
    #   (18.75 each), 效益 90 × 30/80 = 33.75.  All met → 90.  Execution 78.40/80 = 0.98 → 9.8 → 99.8
    ("政务中心导办帮办项目经费", D("99.8"), D("99.80")),
    # 政务大厅综合费: 4 产出, 22.5 each.  响应 8分钟 > ≤5分钟 → 22.5 × 5/8 = 14.0625; others met
    #   → 67.5 + 14.0625 = 81.5625.  Execution 331.08/356 = 0.93 → 9.3 → 90.8625
    ("政务大厅综合费", D("90.8625"), D("90.86")),
    # 邮递: 产出 3 (18.75 each) + 效益 1 (跑腿, 33.75).  邮件完成数 86000 of ≥100000 → 18.75 × 0.86 =
    #   16.125; others met → 16.125 + 37.5 + 33.75 = 87.375.  Execution 60.20/70 = 0.86 → 8.6 → 95.975
    ("政务服务事项及公文专递包邮经费", D("95.975"), D("95.98")),
    # 一体机: 产出 3 + 满意度 1, no 效益 → 产出 90 × 50/60 = 75 (25 each), 满意度 15.  满意度 良 for 优:
    #   one grade short → 部分达成, top 80% → 12.  87 + execution 72.83/72.83 → 10 → 97
    ("广州开发区行政服务管理中心政务智能一体机租赁服务采购项目", D(97), D("97.00")),
    # 凯通楼: 产出 3 (25 each) + 满意度 1 (15), all met (完工 10个月 ≤ 1年) → 90.  Execution
    #   412.72/469 = 0.88 → 8.8 → 98.8
    ("凯通楼党建升级工程", D("98.8"), D("98.80")),
]


@pytest.mark.parametrize(("project", "exact", "shown"), HAND, ids=[h[0][:8] for h in HAND])
def test_seed_project_scores_by_hand(sheet: ScoreSheet, project: str, exact: Decimal, shown: Decimal) -> None:
    row = sheet.projects[sheet.projects["project"].eq(project)].iloc[0]
    assert abs(row["total"] - exact) < D("1e-20")
    assert cents(row["total"]) == shown
    assert row["grade"] == "优" and row["unscored"] == 0


def test_seed_unit_total_is_the_mean(sheet: ScoreSheet) -> None:
    # (98.68128… + 99.6625 + 99.8 + 90.8625 + 95.975 + 97 + 98.8) ÷ 7 = 680.78128… ÷ 7 = 97.2544… → 97.25
    unit = sheet.units.iloc[0]
    assert cents(unit["total"]) == D("97.25") and unit["grade"] == "优"
    assert (unit["projects"], unit["scored_projects"], unit["unscored"]) == (7, 7, 0)


def test_seed_reasons_carry_the_arithmetic(sheet: ScoreSheet) -> None:
    reasons = dict(zip(sheet.indicators["name"], sheet.indicators["reason"], strict=False))
    assert reasons["设备按合同规定时间到货"] == "实际95%未达到目标100%：得分 = 22.5 × 95 ÷ 100 = 21.38"
    assert reasons["运维服务响应速度"] == "实际8分钟超过目标≤5分钟：得分 = 22.5 × 5 ÷ 8 = 14.06"
    assert reasons["邮件完成数"] == "实际86000封未达到目标≥100000封：得分 = 18.75 × 86000 ÷ 100000 = 16.13"
    assert reasons["服务评价满意度"].endswith("得分 = 15 × 80% = 12.00")


def test_seed_findings(sheet: ScoreSheet) -> None:
    silent = sorted(f.subject.split("/")[1] for f in sheet.findings if f.rule == "SC-NO-REASON")
    # missed without a reason: 工单, 响应, 邮件完成数, 满意度; far exceeded (> 150%) without one: 维保 200%,
    # 形象 250%, 培训 400%, 巡检 200%.  到货 missed but states its reason.
    assert silent == sorted(["工单按时完成率", "运维服务响应速度", "邮件完成数", "服务评价满意度", "设备维保期限",
                             "塑造优质政务服务形象", "培训次数", "月度设备巡检次数"])
    assert sum(f.rule == "SC-LEVEL-MISSING" for f in sheet.findings) == 7


MONITOR = [
    # indicator, expected-to-date (as shown), progress %, light — as of June: a count is expected at 6/12
    ("邮件完成数", "≥50000封", "172.00", "蓝"),  # 86000 ÷ 50000
    ("被投诉次数", "≤5次", "83.33", "绿"),  # 政务服务项目经费: allowance 10 × 6/12 = 5, 6 so far → 5 ÷ 6
    ("运维服务响应速度", "≤5分钟", "62.50", "黄"),  # not cumulative: 5 ÷ 8
    ("服务评价满意度", "优", "0.00", "红"),  # a grade not met is 0%
    ("月度设备巡检次数", "≥1次", "200.00", "蓝"),  # per month (月度): not cumulative, 2 ÷ 1
    ("设备按合同规定时间到货", "100%", "95.00", "绿"),
]


@pytest.mark.parametrize(("name", "expected", "progress", "light"), MONITOR, ids=[m[0] for m in MONITOR])
def test_seed_monitoring_as_of_june(seed: Dataset, name: str, expected: str, progress: str, light: str) -> None:
    from checker.score import sheet_plain

    plain = sheet_plain(score_dataset(seed, as_of=(2021, 6)))
    rows = [i for p in plain["units"][0]["projects"] for i in p["indicators"] if i["indicator"] == name]
    assert (rows[0]["expected"], rows[0]["progress"], rows[0]["light"]) == (expected, progress, light)


def test_seed_monitoring_execution_progress(seed: Dataset) -> None:
    projects = score_dataset(seed, as_of=(2021, 9)).projects.set_index("project")
    # 凯通楼: rate 0.88 against 9/12 = 0.75 of the year → 117.33% → 绿 (80–120%)
    assert cents(projects.loc["凯通楼党建升级工程", "progress"] * 100) == D("117.33")
    assert projects.loc["凯通楼党建升级工程", "light"] == "绿"

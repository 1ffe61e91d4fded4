"""The standard rulesets against their rule cases (rulesets/*.cases.toml) and against the seed.

Issue 6: every rule has at least one case where it passes and one where it fails, and the shipped rules
report on the seed (examples/seed-2021) exactly the errors the published document has — and nothing
for the identities that hold.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.findings import Finding
from checker.pipeline import CheckRequest, CheckRun, load_program, run_check
from checker.ruletest import Suite, case_files, run_cases

ROOT = Path(__file__).resolve().parent.parent
RULESETS = ROOT / "rulesets"
SEED = ROOT / "examples" / "seed-2021"


@pytest.fixture(scope="module")
def suite() -> Suite:
    return run_cases(case_files([RULESETS]))


def _found(findings: list[Finding]) -> str:
    return "; ".join(f"{f.outcome.value} {f.subject!r}: {f.message}" for f in findings) or "no finding"


def test_rule_cases_meet_their_expectations(suite: Suite) -> None:
    assert suite.results, "no rule cases found under rulesets/"
    problems = []
    for result in suite.results:
        if result.error:
            problems.append(f"{result.case.file} · {result.case.name}: the case could not run: {result.error}")
        for expectation, found in result.missed:
            subject = f" [{expectation.subject}]" if expectation.subject else ""
            problems.append(f"{result.case.file} · {result.case.name}: expected {expectation.rule}{subject} "
                            f"{expectation.outcome}, found {_found(found)}")
    assert not problems, "rule cases not met:\n" + "\n".join(problems)


def test_every_rule_has_a_case_and_fails_in_one(suite: Suite) -> None:
    assert suite.untested == [], f"rules no case tests: {suite.untested}"
    assert suite.never_failed == [], f"rules that fail in no case: {suite.never_failed}"


def test_every_standard_rule_is_expected_to_pass_and_to_fail(suite: Suite) -> None:
    """Each rule of the shipped rulesets (includes too) has an expectation `passed` and one `failed`."""
    outcomes: dict[str, set[str]] = {}
    for result in suite.results:
        for e in result.case.expect:
            outcomes.setdefault(e.rule, set()).add(e.outcome)
    program, _ = load_program([RULESETS / "budget-disclosure.rules", RULESETS / "performance.rules"])
    lacking = {rule: sorted({"passed", "failed"} - outcomes.get(rule, set())) for rule in program.rule_ids}
    assert {r: o for r, o in lacking.items() if o} == {}


# A rule whose `when` (or binding filter) excludes a subject gives no finding for it: the case format can
# only expect outcomes, so these exclusions are pinned here — (case name, rule, subject or None for any).
NOT_CHECKED = [
    ("有其他资金 10.00 时不比较同一科目：支出总表 2010301 83.82 含其他资金，与一般公共预算 73.82 不同，不报",
     "BD-SAME-GPB", None),
    ("有其他资金 10.00 时不比较同一科目：支出总表 2010301 83.82 含其他资金，与一般公共预算 73.82 不同，不报",
     "BD-SAME-GPB-BASIC", None),
    ("收入总表不完整（种子原样）：所列各行只有 2712.23，缺 208 类 50.12，未达本年收入合计 2762.35",
     "BD-T2-T1", None),
    ("多年期合同：导办帮办 2 年合同 240.00 > 本年预算 80.00 是 BD-PROC-MULTIYEAR 警告，不是 BD-PROC-WITHIN 错误",
     "BD-PROC-WITHIN", "政务中心导办帮办项目经费"),
    ("多年期合同：导办帮办 2 年合同 240.00 > 本年预算 80.00 是 BD-PROC-MULTIYEAR 警告，不是 BD-PROC-WITHIN 错误",
     "BD-PROC-MULTIYEAR", "政务大厅综合费"),
    ("项目内容分项之和：凯通楼党建升级工程 188.00 + 281.00 = 469.00；政务大厅综合费只列一个金额，不核对",
     "BD-PROJECT-CONTENT", "政务大厅综合费"),
    ("增幅与增减额一致：378.91 ÷ (2762.35 − 378.91) = 15.9%，印两位小数 15.90% 按两位也一致；因公出国（境）经费 0 持平，不算增长率",
     "TX-GROWTH", "因公出国（境）经费（五、“三公”经费预算情况）"),
    ("增幅与增减额一致：378.91 ÷ (2762.35 − 378.91) = 15.9%，印两位小数 15.90% 按两位也一致；因公出国（境）经费 0 持平，不算增长率",
     "TX-ZERO-BASE", "因公出国（境）经费（五、“三公”经费预算情况）"),
    ("上年为零：机关运行经费 10.23 全部是增加额，写增长 100.00% 无意义（增长率不核对）；增减额为零的行不适用",
     "TX-GROWTH", "机关运行经费（六、机关运行经费（行政经费）安排情况）"),
    ("上年为零：机关运行经费 10.23 全部是增加额，写增长 100.00% 无意义（增长率不核对）；增减额为零的行不适用",
     "TX-ZERO-BASE", "“三公”经费（五、“三公”经费预算情况）"),
    ("增幅 9.9% 未达 10% 阈值，未写原因也不报；15.9% 写了原因",
     "TX-REASON", "一般公共预算支出（三、部门预算支出预算情况说明）"),
    ("时限类指标写成百分比：邮件送达时间不得超过3天，指标值却是 100%（种子原样）；名称带“率”的不算",
     "PF-DURATION-UNIT", "政务服务项目经费/工单按时完成率"),
    ("超额完成有说明：跑腿次数 160000次 超目标 1.5 倍并写明原因；19次 超过 12次 的 1.5 倍（18次）但写了原因；反向、等级、目标为 0 的不适用",
     "PF-FAR-EXCEEDED", "政务服务项目经费/被投诉次数"),
    ("超额完成有说明：跑腿次数 160000次 超目标 1.5 倍并写明原因；19次 超过 12次 的 1.5 倍（18次）但写了原因；反向、等级、目标为 0 的不适用",
     "PF-FAR-EXCEEDED", "凯通楼党建升级工程/工程竣工后业主满意度"),
    ("超额完成有说明：跑腿次数 160000次 超目标 1.5 倍并写明原因；19次 超过 12次 的 1.5 倍（18次）但写了原因；反向、等级、目标为 0 的不适用",
     "PF-FAR-EXCEEDED", "政务服务项目经费/安全事故次数"),
]


@pytest.mark.parametrize(("case", "rule", "subject"), NOT_CHECKED, ids=lambda v: str(v)[:24])
def test_excluded_subjects_give_no_finding(suite: Suite, case: str, rule: str, subject: str | None) -> None:
    results = [r for r in suite.results if r.case.name == case]
    assert len(results) == 1, f"case {case!r} not found (or not unique)"
    found = [f for f in results[0].findings if f.rule == rule and (subject is None or f.subject == subject)]
    assert found == [], f"{rule} should not check {subject or 'anything'} in {case!r}; found {_found(found)}"


# ------------------------------------------------------------------------------------------ the seed


@pytest.fixture(scope="module")
def seed_run() -> CheckRun:
    return run_check(CheckRequest(datasets=[SEED], keep_passed=True))


# The errors the published 2021 budget really has: (rule, subject, expected, actual) — None: not pinned.
SEED_FAILURES = [
    # “较上年减少19.43万元，下降18.0%”: 19.43 / (88.97 + 19.43) = 19.43 / 108.40 = 17.9%
    ("TX-GROWTH", "机关运行经费（行政经费）（六、机关运行经费（行政经费）安排情况）", Decimal("-17.9"), Decimal("-18.0")),
    # 表3 names 2080508 对机关事业单位职业年金的补助, 表6 对机关事业单位职业年金缴费的补助
    ("CODE-NAME", "2080508", None, None),
    # 收入总表 lists no 208 class: its rows stop at 2712.23 of 2762.35
    ("BD-T2-COMPLETE", None, Decimal("2762.35"), Decimal("2712.23")),
    # two-year service contracts (数量 2, 计量单位 年) against one year's project budget
    ("BD-PROC-MULTIYEAR", "政务服务项目经费", Decimal("570.16"), Decimal("1195.14")),
    ("BD-PROC-MULTIYEAR", "政务中心导办帮办项目经费", Decimal("80.00"), Decimal("240.00")),
]


@pytest.mark.parametrize(("rule", "subject", "expected", "actual"), SEED_FAILURES,
                         ids=[f"{r}-{s or ''}" for r, s, _, _ in SEED_FAILURES])
def test_seed_reports_its_real_errors(seed_run: CheckRun, rule: str, subject: str | None,
                                      expected: Decimal | None, actual: Decimal | None) -> None:
    found = [f for f in seed_run.report.findings
             if f.rule == rule and f.outcome.value == "failed" and (subject is None or f.subject == subject)]
    assert len(found) == 1, f"{rule} {subject or ''}: expected one failed finding, found " \
                            f"{_found([f for f in seed_run.report.findings if f.rule == rule])}"
    if expected is not None:
        assert Decimal(str(found[0].expected)) == expected
    if actual is not None:
        assert Decimal(str(found[0].actual)) == actual


# Identities that hold in the seed: every subject checked passes (and at least one is checked, so a
# rule that silently stops applying is noticed).
SEED_HOLDS = [
    "BD-TABLES",
    "BD-T1-BALANCE", "BD-T1-INCOME-TOTAL", "BD-T1-INCOME-YEAR", "BD-T1-EXPENSE-TOTAL", "BD-T1-EXPENSE-YEAR",
    "BD-T1-FISCAL", "BD-T1-CLASSES", "BD-T1-T3",
    "BD-T4-T1", "BD-T4-BALANCE", "BD-T4-GPB", "BD-T4-CLASSES",
    "BD-ROLLUP-FUNC", "BD-ROLLUP-TOTAL", "BD-ROLLUP-ECON", "BD-ROLLUP-GOV-ECON", "BD-ECON-TOTAL",
    "BD-T3-SPLIT", "BD-T6-SPLIT", "BD-T6-PROJECT", "BD-T2-SPLIT", "BD-T2-YEAR", "BD-T2-FISCAL",
    "BD-T8-SPLIT", "BD-T8-PARTS",
    "BD-SAME-GPB", "BD-SAME-GPB-BASIC", "BD-BASIC-T9", "BD-BASIC-T6",
    "BD-MIRROR-HOUSING", "BD-MIRROR-PENSION", "BD-MIRROR-ANNUITY",
    "BD-SANGONG", "BD-SANGONG-CAR", "BD-SANGONG-RECEPTION", "BD-ADMIN-COST",
    "BD-PROJECT-TOTAL", "BD-PROJECT-T3", "BD-PROJECT-SPLIT",
    "BD-PROC-SUM", "BD-PROC-ITEMS", "BD-PROC-GOODS", "BD-PROC-WORKS", "BD-PROC-SERVICES", "BD-PROC-WITHIN",
    "BD-SERVICE-ITEMS", "BD-SERVICE-WITHIN", "BD-KEY-PROJECT",
    "BD-TEXT-TOTAL", "BD-TEXT-INCOME", "BD-TEXT-EXPENSE", "BD-TEXT-FUND", "BD-TEXT-TRANSFER", "BD-TEXT-SANGONG",
    "BD-TEXT-ADMIN", "BD-TEXT-PROCUREMENT", "BD-TEXT-ASSETS-PURCHASE",
    "TX-ZERO-BASE", "TX-REASON",
    "PF-MEASURABLE", "PF-RATIO-UNIT", "PF-PROJECT-INDICATORS",
]


@pytest.mark.parametrize("rule", SEED_HOLDS)
def test_seed_identities_that_hold(seed_run: CheckRun, rule: str) -> None:
    found = [f for f in seed_run.report.findings if f.rule == rule]
    assert found, f"{rule} checked nothing in the seed"
    wrong = [f for f in found if f.outcome.value != "passed"]
    assert wrong == [], f"{rule} should hold in the seed; found {_found(wrong)}"

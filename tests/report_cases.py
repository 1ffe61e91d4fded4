"""A fixed, hand-made report for the renderers' tests and golden files.

Every outcome and severity, Chinese text, exact Decimals, a derived tolerance note, operands with a
culprit and a slip, a waiver, and text that must be escaped (``|``, a newline, ``<script>``).
"""

from __future__ import annotations

from decimal import Decimal

from checker.findings import Finding, Operand, Outcome, Severity
from checker.report.model import Report

GENERATED_AT = "2025-03-01T08:00:00+00:00"
RULES = "rulesets/fiscal.rules"

ROLLUP = Finding(
    rule="FC-ROLLUP", title="功能科目逐级汇总", severity=Severity.ERROR, outcome=Outcome.FAILED,
    subject="支出总表 201 一般公共服务支出", dataset="440100-ZWFW", year="2021",
    message="功能科目逐级汇总：201 为 2762.35万元，应为 2762.53万元，相差 -0.18万元",
    expected=Decimal("2762.53"), actual=Decimal("2762.35"), difference=Decimal("-0.18"), tolerance=Decimal("0.04"),
    tolerance_note="8 terms × 0.005 万元 (half the last published place) = 0.04 万元", unit="万元",
    rule_location=f"{RULES}:12:3", data_location="440100-ZWFW/支出总表.csv:4 [合计]",
    document_location="表3 一般公共预算支出表 · 201 一般公共服务支出", family="fiscal",
    explanation="上级科目的金额应等于其下级科目之和。",
    operands=(Operand("20101 人大事务", Decimal("1200.00"), "440100-ZWFW/支出总表.csv:5 [合计]"),
              Operand("20103 政府办公厅（室）及相关机构事务", Decimal("1562.53"), "440100-ZWFW/支出总表.csv:6 [合计]")),
    culprit="20103 政府办公厅（室）及相关机构事务 (1562.53 → 1562.35)",
    slip="transposed digits: 0.18 is divisible by 9 (53 ↔ 35)",
)
BALANCE = Finding(
    rule="T1-BALANCE", title="收支总表平衡", severity=Severity.ERROR, outcome=Outcome.FAILED,
    subject="收支总表 收入总计 | 支出总计", dataset="440100-ZWFW", year="2021",
    message="收支总表平衡：收入总计 为 2762.35万元，\n应为 27623.50万元（支出总计）",
    expected=Decimal("27623.50"), actual=Decimal("2762.35"), difference=Decimal("-24861.15"),
    tolerance=Decimal("0.01"), tolerance_note="2 terms × 0.005 万元 (half the last published place) = 0.01 万元",
    unit="万元", rule_location=f"{RULES}:20:3", data_location="440100-ZWFW/收支总表.csv:18 [预算数]",
    document_location="表1 收支总表 · 收入总计", family="fiscal", slip="a factor of 10: 万元/元 confusion?",
)
GROWTH = Finding(
    rule="TEXT-GROWTH", title="说明中的增幅与金额一致", severity=Severity.WARNING, outcome=Outcome.FAILED,
    subject="说明 第二部分 一般公共预算支出增幅 <script>alert(1)</script>", dataset="440100-ZWFW", year="2021",
    message="说明中的增幅为 5.3%，按金额计算为 5.1%", expected=Decimal("5.1"), actual=Decimal("5.3"),
    difference=Decimal("0.2"), tolerance=Decimal("0.05"), tolerance_note="absolute 0.05 %", unit="%",
    rule_location=f"{RULES}:31:3", data_location="seed.txt:212", document_location="二、收支预算总体情况说明 · 第2段",
    family="text",
)
MAIL = Finding(
    rule="PKG-MAIL", title="邮件完成数", severity=Severity.INFO, outcome=Outcome.FAILED,
    subject="政务服务事项及公文专递包邮经费 / 邮件完成数", dataset="440100-ZWFW", year="2021",
    message="邮件完成数 实际 98000 封，目标 ≥100000 封", expected="≥100000 封", actual="98000 封",
    difference=Decimal("-2000"), unit="封", rule_location="rulesets/targets.rules:3:1",
    data_location="actuals.csv:2", document_location="表13 项目支出绩效目标表 · 第1行", family="绩效目标",
)
MISSING = Finding(
    rule="T9-PROCURE", title="政府采购与项目一致", severity=Severity.WARNING, outcome=Outcome.NOT_EVALUATED,
    subject="缺少表 政府采购预算表", dataset="440100-ZWFW", year="2021",
    message="政府采购与项目一致：数据中没有政府采购预算表，未检查", rule_location=f"{RULES}:44:3", family="fiscal",
)
BROKEN = Finding(
    rule="SVC-SATISFY", title="服务评价满意度", severity=Severity.ERROR, outcome=Outcome.ERROR,
    subject="*/服务评价满意度", dataset="440100-ZWFW", year="2021",
    message="服务评价满意度：*/服务评价满意度 无法比较（实际值“较好”不是等级）", expected="≥ 优", actual="较好",
    rule_location="rulesets/targets.rules:7:1", family="绩效目标",
)
WAIVED = Finding(
    rule="FC-ROLLUP", title="功能科目逐级汇总", severity=Severity.ERROR, outcome=Outcome.WAIVED,
    subject="支出总表 208 社会保障和就业支出", dataset="440100-ZWFW", year="2021",
    message="功能科目逐级汇总：208 为 310.00万元，应为 310.02万元，相差 -0.02万元",
    expected=Decimal("310.02"), actual=Decimal("310.00"), difference=Decimal("-0.02"), tolerance=Decimal("0.01"),
    tolerance_note="2 terms × 0.005 万元 (half the last published place) = 0.01 万元", unit="万元",
    rule_location=f"{RULES}:12:3", data_location="440100-ZWFW/支出总表.csv:30 [合计]",
    document_location="表3 一般公共预算支出表 · 208 社会保障和就业支出", family="fiscal",
    waiver="原表按元取整，差额已说明 — 审计一科 王敏, until 2025-12-31",
)
PASSED = Finding(
    rule="EQUIP-PASS", title="设备验收合格率", severity=Severity.INFO, outcome=Outcome.PASSED,
    subject="办公设备购置 / 设备验收合格率", dataset="440100-ZWFW", year="2021",
    message="设备验收合格率：100% 达到目标 =100%", expected="100%", actual="100%", unit="%",
    rule_location="rulesets/targets.rules:5:1", family="绩效目标",
)

FINDINGS = [PASSED, WAIVED, MISSING, MAIL, GROWTH, BROKEN, BALANCE, ROLLUP]


def sample_report() -> Report:
    """The fixed report every golden file is rendered from."""
    return Report.of(
        FINDINGS,
        generated_at=GENERATED_AT,
        tool_version="0.1.0",
        datasets=[{"key": "440100-ZWFW", "department": "广州开发区行政服务管理中心", "year": "2021",
                   "document": "2021年部门预算"}],
        rulesets=[{"name": "部门预算公开 标准校验", "file": RULES},
                  {"name": "绩效目标", "file": "rulesets/targets.rules"}],
        tolerance_policy="published figures are rounded to 0.01 万元: per term 0.005 万元",
        checked={"FC-ROLLUP": 40, "T1-BALANCE": 1, "TEXT-GROWTH": 6, "PKG-MAIL": 1, "T9-PROCURE": 0,
                 "SVC-SATISFY": 1, "EQUIP-PASS": 1, "T3-SPLIT": 25},
        passed={"FC-ROLLUP": 38, "T1-BALANCE": 0, "TEXT-GROWTH": 5, "PKG-MAIL": 0, "T9-PROCURE": 0,
                "SVC-SATISFY": 0, "EQUIP-PASS": 1, "T3-SPLIT": 25},
        budget_by_class=[
            {"dataset": "440100-ZWFW", "code": "201", "name": "一般公共服务支出", "amount": Decimal("2762.35")},
            {"dataset": "440100-ZWFW", "code": "208", "name": "社会保障和就业支出", "amount": Decimal("310.00")},
            {"dataset": "440100-ZWFW", "code": "210", "name": "卫生健康支出", "amount": Decimal("95.47")},
            {"dataset": "440100-ZWFW", "code": "221", "name": "住房保障支出", "amount": Decimal("180.06")},
        ],
        indicators=[
            {"dataset": "440100-ZWFW", "project": "政务服务事项及公文专递包邮经费", "indicator": "邮件完成数",
             "target": "≥100000封", "actual": "98000封", "outcome": "failed"},
            {"dataset": "440100-ZWFW", "project": "办公设备购置", "indicator": "设备验收合格率",
             "target": "100%", "actual": "100%", "outcome": "passed"},
            {"dataset": "440100-ZWFW", "project": "运维服务", "indicator": "运维服务响应速度",
             "target": "≤5分钟", "actual": "3分钟", "outcome": "passed"},
            {"dataset": "440100-ZWFW", "project": "运维服务", "indicator": "服务评价满意度",
             "target": "优", "actual": "", "outcome": "not_evaluated"},
        ],
        scores=[{"dataset": "440100-ZWFW", "project": "运维服务", "score": Decimal("92.5"), "grade": "优"}],
    )

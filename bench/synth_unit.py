"""One synthetic budget unit (部门预算) whose standard tables agree with each other — and, when asked, one
injected error of a known kind with the findings the standard rulesets must report for it.

Amounts are integer cents of 万元 (0.01 万元, the published precision) until they are written as text.
Every identity the budget-disclosure, performance and prose rulesets check holds by construction:
parents are the sums of their children in every amount column, 合计 = 基本 + 项目 row by row, the same
money agrees across tables, stated figures and growth percentages follow from the tables, and every
indicator meets its target.  ``build_unit`` is deterministic in (seed, index).
"""

from __future__ import annotations

import random

from synth_model import Expected, Facts, Node, Row, Unit, funded, money, split
from synth_text import indicator_rows, stated_rows
from universe import (
    CLASS_NAMES,
    ECON,
    OTHER_CLASSES,
    PROCUREMENT,
    PROJECT_THEMES,
    SERVICES,
    Universe,
    numeral,
)

INCOME_COLUMNS = ("总计", "本年收入合计", "财政拨款小计", "一般公共预算", "政府性基金预算", "国有资本经营预算",
                  "财政专户拨款小计", "教育收费", "其他财政拨款收入", "其他资金小计", "事业收入", "事业单位经营收入",
                  "其他收入", "上级补助收入", "附属单位上缴收入", "用事业基金弥补收支总额", "上年预结转")
INCOME_FUNDED = 4  # 总计, 本年收入合计, 财政拨款小计, 一般公共预算 carry the money; the rest are 0
SPEND_COLUMNS = ("合计", "基本支出", "项目支出", "事业单位经营支出", "对附属单位补助支出", "上缴上级支出", "结转下年")
GPB_COLUMNS = ("总计", "基本支出", "项目支出小计", "部门项目支出", "财政专项资金")
BASIC_COLUMNS = ("总计", "财政拨款小计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金小计",
                 "当年收入安排", "净结余安排", "事业收入资金", "经营收入资金", "其他资金")
PROJECT_MONEY = ("总计", "财政拨款合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
                 "事业收入资金", "经营收入资金", "其他资金", "上年预结转")
PURCHASE_MONEY = ("总计", "财政拨款合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金",
                  "其他资金")
MIRRORS = {"2080505": "30108", "2080506": "30109", "2210201": "30113"}  # the same money in both classifications
GPB_RULE_TITLE = "财政拨款收支总表的一般公共预算 = 一般公共预算支出表合计"


def build_unit(u: Universe, index: int, seed: int, inject: str = "") -> Unit:
    """Unit number ``index`` of the province; ``inject`` is one of KINDS, or "" for a clean unit."""
    builder = UnitBuilder(u, Unit(f"U{index:05d}", f"{400000 + index}", u.departments[index]),
                          random.Random(seed * 1_000_003 + index), inject)
    builder.build()
    return builder.unit


class UnitBuilder:
    """Builds one unit's tables in dependency order: economic codes → 基本支出, projects → 项目支出,
    then the 功能分类 tree that spends both, the tables that repeat its totals, and the figures."""

    def __init__(self, u: Universe, unit: Unit, rng: random.Random, inject: str):
        self.u, self.unit, self.rng, self.inject = u, unit, rng, inject
        self.econ: dict[str, dict[str, int]] = {}
        self.projects: list[tuple[str, int]] = []
        self.tree: list[Node] = []
        self.purchases: dict[str, int] = {}
        self.sangong: dict[str, int] = {}

    def build(self) -> None:
        self.econ = self._econ()
        self.projects = [(f"{self.unit.department}{t}", self.rng.randint(500, 80_000))
                         for t in self.rng.sample(PROJECT_THEMES, k=self.rng.randint(9, 15))]
        self.tree = self._tree()
        self._function_tables()
        self._two_sided()
        self._econ_tables()
        self._project_tables()
        self._purchases()
        self._services()
        self._sangong()
        indicator_rows(self.unit, self.projects, self.rng, self.inject)
        stated_rows(self.unit, self.facts(), self.rng, self.inject)

    @property
    def basic(self) -> int:
        return sum(sum(amounts.values()) for amounts in self.econ.values())

    @property
    def total(self) -> int:
        return sum(n.total for n in self.tree if len(n.code) == 3)

    # -------------------------------------------------------------------------------------- amounts

    def _econ(self) -> dict[str, dict[str, int]]:
        """部门经济分类 类 → 款 → cents; 30101/30102/30108/30109/30113, 30201 and 30217 always present."""
        always = ("30101", "30102", "30108", "30109", "30113", "30201", "30217")
        out: dict[str, dict[str, int]] = {}
        for lei, codes in ECON.items():
            if lei in ("310", "313") and self.rng.random() < 0.4:
                continue
            chosen = sorted({*(c for c in codes if c in always), *self.rng.sample(codes, k=max(1, len(codes) // 2))})
            out[lei] = {c: self.rng.randint(50, 3_000) * (30 if lei == "301" else 4) for c in chosen}
        out["302"]["30217"] = self.rng.randint(10, 200)  # 公务接待费 is small
        return out

    def _tree(self) -> list[Node]:
        """类, 款 and 项 in published order, parents summed from the 项: the mirror 项 (基本 only, equal to
        their economic codes) and 项 under 201 and 1–3 other 类 sharing the rest of 基本 and all 项目."""
        rng = self.rng
        leaves = [Node(code, basic=self.econ["301"][econ]) for code, econ in MIRRORS.items()]
        leaves.append(Node("2210203", basic=rng.randint(100, 5_000)))
        items = [i for lei in ("201", *rng.sample(OTHER_CLASSES, k=rng.randint(1, 3))) for i in self.u.pick_items(rng, lei)]
        rest = self.basic - sum(n.basic for n in leaves)
        basics, projects = split(rng, rest, len(items)), split(rng, sum(b for _, b in self.projects), len(items))
        for code, b, pr in zip(items, basics, projects, strict=True):
            leaves.append(Node(code, b, pr, rng.randint(0, pr) if rng.random() < 0.3 else 0))
        sums: dict[str, Node] = {}
        for leaf in leaves:
            for code in (leaf.code[:3], leaf.code[:5], leaf.code):
                node = sums.setdefault(code, Node(code))
                node.basic, node.project, node.special = (node.basic + leaf.basic, node.project + leaf.project,
                                                          node.special + leaf.special)
        return [sums[c] for c in sorted(sums)]

    # -------------------------------------------------------------------------------------- tables

    def _function_tables(self) -> None:
        """收入总表, 支出总表, 一般公共预算支出表 (a 合计 row, then the tree) and an empty 政府性基金支出表."""
        classes = [n for n in self.tree if len(n.code) == 3]
        total = Node("", sum(n.basic for n in classes), sum(n.project for n in classes), sum(n.special for n in classes))
        spend, gpb, income = [], [], []
        for node in [total, *self.tree]:
            name = self.u.function_name(node.code) if node.code else "合计"
            spend.append([node.code, name, *map(money, [node.total, node.basic, node.project, 0, 0, 0, 0])])
            gpb.append([node.code, name, *map(money, [node.total, node.basic, node.project,
                                                       node.project - node.special, node.special])])
            income.append([node.code, name, *map(money, [node.total] * INCOME_FUNDED
                                                  + [0] * (len(INCOME_COLUMNS) - INCOME_FUNDED))])
        if self.inject == "transposition":
            self._transpose(spend)
        elif self.inject == "parent":
            self._break_parent(spend)
        head = ["科目编码", "科目名称"]
        self.unit.tables["收入总表"] = ([*head, *INCOME_COLUMNS], income)
        self.unit.tables["支出总表"] = ([*head, *SPEND_COLUMNS], spend)
        self.unit.tables["一般公共预算支出表"] = ([*head, *GPB_COLUMNS], gpb)
        self.unit.tables["政府性基金支出表"] = ([*head, *GPB_COLUMNS], [["", "合计", *(["0.00"] * len(GPB_COLUMNS))]])

    def _transpose(self, spend: list[Row]) -> None:
        """A 项's 合计 in 支出总表 with the last two digits of its whole 万元 swapped."""
        i = self.rng.choice([i for i, n in enumerate(self.tree) if len(n.code) == 7 and _swappable(n.total)])
        node = self.tree[i]
        spend[i + 1][2] = money(_swapped(node.total))
        self.expect("transposition", ("BD-ROLLUP-FUNC", f"支出总表 {node.code[:5]} 合计"),
                    ("BD-T3-SPLIT", node.code), ("BD-SAME-GPB", node.code))

    def _break_parent(self, spend: list[Row]) -> None:
        """A 款 in 支出总表 whose 合计 and 基本支出 both exceed the sums of its 项 (its own row still adds up)."""
        i = self.rng.choice([i for i, n in enumerate(self.tree) if len(n.code) == 5])
        node, delta = self.tree[i], self.rng.randint(100, 5_000)
        spend[i + 1][2], spend[i + 1][3] = money(node.total + delta), money(node.basic + delta)
        rollups = [("BD-ROLLUP-FUNC", f"支出总表 {code} {column}")
                   for code in (node.code[:3], node.code) for column in ("合计", "基本支出")]
        self.expect("parent", *rollups, ("BD-SAME-GPB", node.code), ("BD-SAME-GPB-BASIC", node.code))

    def _two_sided(self) -> None:
        """收支总表 and 财政拨款收支总表: all money is 一般公共预算; every 类 is printed (0 where none)."""
        by_class = {n.code: n.total for n in self.tree if len(n.code) == 3}
        t, z = money(self.total), "0.00"
        income = [("一", 1, "财政拨款", t), ("（一）", 2, "一般公共预算", t), ("（二）", 2, "政府性基金预算", z),
                  ("（三）", 2, "国有资本经营预算", z), ("二", 1, "财政专户管理资金", z), ("三", 1, "其他资金", z),
                  ("（一）", 2, "事业收入", z), ("（二）", 2, "经营收入", z), ("（三）", 2, "其他收入", z),
                  ("", 0, "本年收入合计", t), ("四", 1, "上级补助收入", z), ("五", 1, "附属单位上缴收入", z),
                  ("六", 1, "用事业基金弥补收支总额", z), ("七", 1, "上年预结转", z), ("", 0, "收入总计", t)]
        classes = [(numeral(i), 1, name, money(by_class.get(code, 0))) for i, (code, name) in enumerate(CLASS_NAMES.items(), 1)]
        n = len(classes)
        expense = [*classes, ("", 0, "本年支出合计", t), (numeral(n + 1), 1, "对附属单位补助支出", z),
                   (numeral(n + 2), 1, "上缴上级支出", z), (numeral(n + 3), 1, "结转下年", z), ("", 0, "支出总计", t)]
        gpb = t if self.inject != "cross_table" else money(self.total + self.rng.randint(100, 20_000))
        fiscal = [("一", 1, "一般公共预算", gpb), ("二", 1, "政府性基金预算", z), ("三", 1, "国有资本经营预算", z),
                  ("", 0, "本年收入合计", t), ("", 0, "上年预结转", z), ("", 0, "收入总计", t)]
        fiscal_out = [*classes, ("", 0, "本年支出合计", t), ("", 0, "结转下年", z), ("", 0, "支出总计", t)]
        if self.inject == "cross_table":
            self.expect("cross_table", ("BD-T4-GPB", GPB_RULE_TITLE))
        head = ["收支", "序号", "层级", "项目", "预算数"]
        self.unit.tables["收支总表"] = (head, _sided(income, expense))
        self.unit.tables["财政拨款收支总表"] = (head, _sided(fiscal, fiscal_out))

    def _econ_tables(self) -> None:
        """基本支出经济分类表 (政府 and 部门 codes side by side) and 基本支出表 (人员经费 / 日常公用经费)."""
        u = self.u
        rows = [["", "", "", "合计", money(self.basic)]]
        for lei in sorted(self.econ, key=u.gov_of):
            amounts = self.econ[lei]
            for code, amount in [(lei, sum(amounts.values())), *sorted(amounts.items(), key=lambda a: (u.gov_of(a[0]), a[0]))]:
                gov = u.gov_of(code)
                rows.append([gov, u.econ_name("政府经济分类", gov), code, u.econ_name("部门经济分类", code), money(amount)])
        head = ["政府经济分类编码", "政府经济分类名称", "部门经济分类编码", "部门经济分类名称", "预算数"]
        self.unit.tables["基本支出经济分类表"] = (head, rows)
        personnel = sum(sum(self.econ[lei].values()) for lei in ("301", "303", "313") if lei in self.econ)
        lines = [("", "合计", self.basic, "合计"), (self.unit.code, self.unit.department, self.basic, "单位"),
                 (self.unit.code, "人员经费支出", personnel, "类别"), (self.unit.code, "日常公用支出", self.basic - personnel, "类别")]
        out = [[code, name, *funded(amount, BASIC_COLUMNS), kind] for code, name, amount, kind in lines]
        self.unit.tables["基本支出表"] = (["单位编码", "项目", *BASIC_COLUMNS, "行类型"], out)

    def _project_tables(self) -> None:
        """项目支出表, 重点项目绩效目标 (the first two projects), 部门整体绩效目标, and actual spending."""
        unit, total = self.unit, sum(b for _, b in self.projects)
        rows = [["", "合计", *funded(total, PROJECT_MONEY), "", "", "", "合计"],
                [unit.code, unit.department, *funded(total, PROJECT_MONEY), "", "", "", "单位"]]
        rows += [[unit.code, name, *funded(b, PROJECT_MONEY), f"{name}的实施内容", f"按期完成{name}", "", "明细"]
                 for name, b in self.projects]
        if self.inject == "identity":
            j = self.rng.randrange(len(self.projects))
            rows[2 + j][3] = money(self.projects[j][1] + self.rng.randint(100, 9_000))  # 财政拨款合计 ≠ 总计
            self.expect("identity", ("BD-PROJECT-SPLIT", self.projects[j][0]))
        head = ["单位编码", "项目名称", *PROJECT_MONEY, "项目内容", "绩效目标", "项目主要绩效指标", "行类型"]
        unit.tables["项目支出表"] = (head, rows)
        unit.tables["重点项目绩效目标"] = (["项目名称", "预算数", "绩效目标"],
                                     [[name, money(b), f"按期完成{name}"] for name, b in self.projects[:2]])
        unit.tables["部门整体绩效目标"] = (["项目", "绩效目标", "关键指标", "预期实现值"],
                                     [["年度绩效目标", "保障部门职能正常运转", "服务对象满意度", "≥90%"],
                                      ["", "", "预算执行率", "≥95%"]])
        unit.spending += [[unit.key, name, money(b), money(b - self.rng.randint(0, b // 10))] for name, b in self.projects]

    def _purchases(self) -> None:
        """政府采购表: one 基本支出 purchase, and purchases of about half the projects within their budgets."""
        unit, rng = self.unit, self.rng
        basic = [("人员公用经费", PROCUREMENT[0], rng.randint(50, 500), 1)]
        project = []
        for name, budget in self.projects:
            if rng.random() < 0.5:
                for part in split(rng, budget * rng.randint(30, 90) // 100, rng.randint(1, 2)):
                    item = rng.choice(PROCUREMENT)
                    qty = 2 if item[2] == "年" and rng.random() < 0.5 else rng.randint(1, 20) if item[2] == "台" else 1
                    project.append((name, item, part, qty))
        self.purchases = {k: sum(a for _, item, a, _ in basic + project if item[0].startswith(k)) for k in "ABC"}
        total = sum(self.purchases.values())
        blank = ["", "", "", "0", ""]
        rows = [["", "合计", *blank, *funded(total, PURCHASE_MONEY), "合计"]]
        rows += [["", label, *blank, *funded(self.purchases[k], PURCHASE_MONEY), "其中"]
                 for k, label in (("A", "货物类"), ("B", "工程类"), ("C", "服务类"))]
        rows.append([unit.code, unit.department, *blank, *funded(total, PURCHASE_MONEY), "单位"])
        for category, lines in (("基本支出", basic), ("项目支出", project)):
            rows.append([unit.code, category, *blank, *funded(sum(a for _, _, a, _ in lines), PURCHASE_MONEY), "类别"])
            rows += [[unit.code, owner, title, title, code, str(qty), measure, *funded(amount, PURCHASE_MONEY), "明细"]
                     for owner, (code, title, measure), amount, qty in lines]
        head = ["单位编码", "项目名称", "采购项目名称", "品目名称", "品目编号", "数量", "计量单位", *PURCHASE_MONEY, "行类型"]
        unit.tables["政府采购表"] = (head, rows)

    def _services(self) -> None:
        """政府购买服务表: services bought by about a third of the projects, within their budgets."""
        unit, rng = self.unit, self.rng
        bought = [(name, b * rng.randint(10, 60) // 100) for name, b in self.projects if rng.random() < 0.3]
        total = sum(a for _, a in bought)
        rows = [["", "合计", "", "", "", "", *funded(total, PURCHASE_MONEY), "合计"],
                [unit.code, unit.department, "", "", "", "", *funded(total, PURCHASE_MONEY), "单位"]]
        rows += [[unit.code, name, *rng.choice(SERVICES), "政府采购", *funded(a, PURCHASE_MONEY), "明细"]
                 for name, a in bought]
        head = ["单位编码", "项目名称", "一级目录", "二级目录", "三级目录", "购买方式", *PURCHASE_MONEY, "行类型"]
        unit.tables["政府购买服务表"] = (head, rows)

    def _sangong(self) -> None:
        """三公经费表: 行政经费 = [302] (= [502]); 公务接待费 = [30217]; the three parts add up."""
        rng = self.rng
        s = {"admin": sum(self.econ["302"].values()), "abroad": rng.choice([0, rng.randint(50, 500)]),
             "car_buy": rng.choice([0, 0, 0, rng.randint(1_000, 3_000)]), "car_run": rng.randint(100, 1_500),
             "reception": self.econ["302"]["30217"]}
        s["car"] = s["car_buy"] + s["car_run"]
        s["total"] = s["abroad"] + s["car"] + s["reception"]
        self.sangong = s
        lines = [("", 0, "行政经费", s["admin"]), ("", 0, "“三公”经费总额", s["total"]),
                 ("（一）", 2, "因公出国（境）费", s["abroad"]), ("（二）", 2, "公务用车购置及运行维护费", s["car"]),
                 ("1", 3, "公务用车购置费", s["car_buy"]), ("2", 3, "公务用车运行维护费", s["car_run"]),
                 ("（三）", 2, "公务接待费", s["reception"])]
        rows = [[seq, str(level), name, money(a), money(a), "0.00", "0.00"] for seq, level, name, a in lines]
        self.unit.tables["三公经费表"] = (["序号", "层级", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"], rows)

    def facts(self) -> Facts:
        return Facts(self.total, self.sangong, self.purchases)

    def expect(self, kind: str, *findings: tuple[str, str]) -> None:
        self.unit.expected += [Expected(kind, rule, subject) for rule, subject in findings]


def _sided(income: list[tuple[str, int, str, str]], expense: list[tuple[str, int, str, str]]) -> list[Row]:
    return [[side, seq, str(level), name, amount] for side, lines in (("收入", income), ("支出", expense))
            for seq, level, name, amount in lines]


def _swappable(cents: int) -> bool:
    whole = str(cents // 100)
    return len(whole) >= 2 and whole[-1] != whole[-2]


def _swapped(cents: int) -> int:
    whole = str(cents // 100)
    return int(whole[:-2] + whole[-1] + whole[-2]) * 100 + cents % 100


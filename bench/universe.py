"""What every synthetic unit of a province draws from: the 功能分类 tree (real 类, listed 款/项 where the
shipped code lists have them, more by the official prefix structure), the 部门 → 政府 economic pairs of
the shipped mapping, department names, project themes, procurement items and indicator templates."""

from __future__ import annotations

import random
from dataclasses import dataclass

from checker.codes import CodeGraph

CLASS_NAMES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出", "205": "教育支出",
    "206": "科学技术支出", "207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出", "209": "社会保险基金支出",
    "210": "卫生健康支出", "211": "节能环保支出", "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出", "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出", "221": "住房保障支出", "222": "粮油物资储备支出", "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出", "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出",
}
OTHER_CLASSES = ("204", "205", "206", "207", "210", "211", "212", "213", "214", "216", "220", "224")
ITEM_SUFFIXES = ("01", "02", "03", "04", "05", "06", "07", "08", "50", "99")
ITEM_WORDS = {"01": "行政运行", "02": "一般行政管理事务", "03": "机关服务", "50": "事业运行"}

# 部门经济分类 款 of the shipped 部门 → 政府 mapping, by 类 (each 类 maps into one 政府 类)
ECON = {
    "301": ("30101", "30102", "30103", "30106", "30108", "30109", "30110", "30111", "30112", "30113", "30114", "30199"),
    "302": ("30201", "30202", "30204", "30205", "30206", "30207", "30208", "30209", "30211", "30213", "30214", "30215",
            "30216", "30217", "30218", "30227", "30228", "30229", "30239", "30299"),
    "303": ("30309", "30399"),
    "310": ("31002",),
    "313": ("31304",),
}
GOV_CLASS = {"301": "501", "302": "502", "303": "509", "310": "503", "313": "510"}

PROCUREMENT = (  # 品目编号 (A 货物, B 工程, C 服务), name, 计量单位
    ("C081401", "印刷服务", "年"), ("A02010104", "台式计算机", "台"), ("A02010105", "便携式计算机", "台"),
    ("A0609", "办公家具", "批"), ("A090101", "复印纸", "批"), ("B07", "装修工程", "项"), ("B08", "修缮工程", "项"),
    ("C99", "其他服务", "年"), ("C1204", "物业管理服务", "年"),
)
SERVICES = (
    ("政府履职所需辅助性和技术性事务", "其他", "政府履职所需其他辅助性和技术性服务"),
    ("公共服务", "公共信息与宣传", "公共信息服务"),
    ("政府履职所需辅助性和技术性事务", "信息化服务", "运行维护服务"),
)
PROJECT_THEMES = (
    "信息系统运维项目", "办公楼维修改造工程", "政务服务大厅运行经费", "业务培训经费", "档案数字化项目", "宣传教育经费",
    "专项检查经费", "设备购置专项", "安全保卫服务经费", "法律顾问服务经费", "课题研究经费", "数据资源建设项目",
    "应急管理专项经费", "会议保障经费", "公务用车运维经费", "网络安全保障项目", "统计调查经费", "政策宣传项目",
    "执法装备购置项目", "综合治理专项经费", "环境整治项目", "便民服务热线经费", "绩效评价委托经费", "政府购买服务项目",
    "志愿服务活动经费", "基层站所运转经费", "智慧平台建设项目", "物业管理服务经费", "印刷出版经费", "督查考核经费",
)
REGIONS = (
    "广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "河源市", "梅州市", "惠州市", "汕尾市", "东莞市", "中山市",
    "江门市", "阳江市", "湛江市", "茂名市", "肇庆市", "清远市", "潮州市", "揭阳市", "云浮市", "越秀区", "海珠区", "荔湾区",
    "天河区", "白云区", "黄埔区", "番禺区", "花都区", "南沙区", "从化区", "增城区", "福田区", "罗湖区", "南山区", "宝安区",
    "龙岗区", "盐田区", "龙华区", "坪山区", "光明区", "香洲区", "斗门区", "金湾区", "禅城区", "南海区", "顺德区", "三水区",
    "高明区", "惠城区",
)
AGENCIES = (
    "教育局", "财政局", "公安局", "民政局", "司法局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "水务局", "农业农村局", "商务局", "文化广电旅游体育局", "卫生健康局", "退役军人事务局", "应急管理局",
    "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理和综合执法局", "林业局", "科技局", "工业和信息化局",
    "发展和改革局", "政务服务数据管理局", "信访局", "档案馆", "机关事务管理局", "供销合作社", "妇女联合会", "总工会",
    "共青团委员会", "残疾人联合会", "科学技术协会", "文学艺术界联合会", "红十字会", "地方志办公室", "投资促进局",
)
SUFFIXES = ("", "机关服务中心", "信息中心", "事务中心", "综合执法队", "培训中心")
NUMERALS = "零一二三四五六七八九"


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator template: levels, name, content, target as written, unit and where the unit was read."""

    level1: str
    level2: str
    name: str
    content: str
    target: str  # "{n}" is filled per project
    unit: str
    unit_source: str
    numeric: bool  # a 正向 number whose actual can be set below target (the "indicator missed" error)


INDICATORS = (
    Indicator("产出", "数量", "业务办理量", "全年办理业务件数", "≥{n}", "件", "指标内容", True),
    Indicator("产出", "数量", "培训次数", "举办业务培训次数", "≥{n}次", "次", "目标", True),
    Indicator("产出", "质量", "验收合格率", "验收合格数/验收总数", "100%", "%", "目标", False),
    Indicator("产出", "时效", "故障响应时间", "接到报修至响应的时间", "≤{n}分钟", "分钟", "目标", False),
    Indicator("效益", "社会效益", "服务保障月数", "全年按期提供服务的月数", "12个月", "个月", "目标", False),
    Indicator("满意度", "服务对象满意度", "服务对象满意度", "服务对象满意度调查结果", "≥90%", "%", "目标", False),
    Indicator("满意度", "服务对象满意度", "服务评价等级", "主管部门对服务的评价", "优", "", "", False),
)


class Universe:
    """The code trees and names of one province (deterministic in the seed)."""

    def __init__(self, seed: int, units: int):
        rng = random.Random(seed)
        self.graph = CodeGraph.build()
        self.items = {lei: self._class_items(rng, lei) for lei in ("201", *OTHER_CLASSES)}
        names = [f"{r}{a}{s}" for s in SUFFIXES for r in REGIONS for a in AGENCIES]
        if units > len(names):
            raise ValueError(f"at most {len(names)} units")
        self.departments = rng.sample(names, k=units)
        self.gov = {code: self._gov(code) for codes in ECON.values() for code in codes} | GOV_CLASS

    def _class_items(self, rng: random.Random, lei: str) -> dict[str, list[str]]:
        """款 → its 项 for one 类: the listed ones first, then more by prefix (8 to 14 款, 3 to 8 项 each)."""
        listed = self.graph.nodes("功能分类")
        mine = listed[listed["code"].str.startswith(lei)]
        kuan: dict[str, list[str]] = {}
        for code in sorted(mine["code"]):
            if len(code) == 5:
                kuan.setdefault(code, [])
            elif len(code) == 7:
                kuan.setdefault(code[:5], []).append(code)
        for k in rng.sample(range(1, 60), k=rng.randint(8, 14)):
            items = kuan.setdefault(f"{lei}{k:02d}", [])
            wanted = rng.sample(ITEM_SUFFIXES, k=rng.randint(3, 8))
            items += [f"{lei}{k:02d}{s}" for s in wanted if f"{lei}{k:02d}{s}" not in items]
        return {k: sorted(v) for k, v in kuan.items() if v}

    def _gov(self, dept: str) -> str:
        gov = [g for g in self.graph.mapped_gov(dept) if g.startswith(GOV_CLASS[dept[:3]])]
        assert gov, f"the shipped mapping has no 政府 code for {dept}"
        return gov[0]

    def pick_items(self, rng: random.Random, lei: str) -> list[str]:
        """The 项 one unit spends on within a 类: 1–3 款, 2–4 项 each."""
        chosen = rng.sample(sorted(self.items[lei]), k=min(len(self.items[lei]), rng.randint(1, 3)))
        return [item for k in chosen for item in rng.sample(self.items[lei][k], k=min(len(self.items[lei][k]),
                                                                                     rng.randint(2, 4)))]

    def function_name(self, code: str) -> str:
        """The listed name, the real 类 name, or a name in the style of the list."""
        listed = self.graph.name("功能分类", code)
        if listed:
            return listed
        if len(code) == 3:
            return CLASS_NAMES[code]
        if len(code) == 5:
            return f"{CLASS_NAMES[code[:3]].removesuffix('支出')}事务{code[3:]}"
        return ITEM_WORDS.get(code[5:], f"其他{self.function_name(code[:5])}支出" if code.endswith("99")
                              else f"{self.function_name(code[:5])}项目{code[5:]}")

    def econ_name(self, classification: str, code: str) -> str:
        return self.graph.name(classification, code) or f"经济科目{code}"

    def gov_of(self, dept: str) -> str:
        return self.gov[dept]


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 30 → 三十 (the 序号 of a two-sided table's lines)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else f"{NUMERALS[tens]}十"
    return head + (NUMERALS[ones] if ones else "")

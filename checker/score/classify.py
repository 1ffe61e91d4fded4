"""Which level (一级指标) an indicator belongs to, and how we know.

From the data's own 一级指标 when it names a level of the policy; else from its 二级指标 (数量 / 质量 /
时效 / 成本 → 产出; 经济效益 / 社会效益 / 生态效益 / 可持续影响 → 效益; 满意度 → 满意度); else from words
in the indicator's name (“满意” → 满意度, “跑腿” → 效益 …); else 产出, said to be a default.  成本 is a level
of its own only when the policy weighs it.  Each distinct text is classified once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from checker.score.columns import Texts

# 二级指标 → 一级指标
SUBLEVELS = {
    "数量": "产出", "质量": "产出", "时效": "产出", "成本": "产出",
    "经济效益": "效益", "社会效益": "效益", "生态效益": "效益", "可持续影响": "效益",
    "满意度": "满意度", "服务对象满意度": "满意度",
}
# (word in a name, 二级指标), first match wins: satisfaction, then benefits, then the kinds of output.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("满意", "服务对象满意度"),
    ("经济效益", "经济效益"), ("带动", "经济效益"), ("增收", "经济效益"),
    ("生态", "生态效益"), ("环境", "生态效益"), ("节能", "生态效益"), ("减排", "生态效益"),
    ("可持续", "可持续影响"), ("长效", "可持续影响"),
    ("效益", "社会效益"), ("跑腿", "社会效益"), ("形象", "社会效益"), ("获得感", "社会效益"),
    ("受益", "社会效益"), ("惠及", "社会效益"),
    ("成本", "成本"), ("节约", "成本"), ("费用", "成本"), ("造价", "成本"),
    ("时效", "时效"), ("及时", "时效"), ("按时", "时效"), ("按期", "时效"), ("时间", "时效"),
    ("期限", "时效"), ("速度", "时效"), ("周期", "时效"), ("月数", "时效"), ("进度", "时效"),
    ("合格", "质量"), ("验收", "质量"), ("达标", "质量"), ("准确", "质量"), ("质量", "质量"),
    ("投诉", "质量"), ("率", "质量"),
    ("数量", "数量"), ("数", "数量"),
)
DEFAULT_SUBLEVEL = "数量"


def short(level: str) -> str:
    """``产出指标`` → ``产出``, ``服务对象满意度指标`` → ``服务对象满意度``."""
    text = "".join(level.split())
    return text[:-2] if text.endswith("指标") else text


def classify(indicators: pd.DataFrame, levels: set[str], texts: Texts | None = None) -> pd.DataFrame:
    """``level``, ``sublevel``, ``level_from`` (一级指标 | 二级指标 | 指标名称 | 默认) and ``level_word`` (the
    word that decided) for each indicator; ``levels`` are the policy's indicator levels.  Each distinct
    (一级指标, 二级指标, 指标名称) is classified once (``texts``: the text columns when the caller has them)."""
    texts = texts or Texts(indicators)
    columns = [texts.codes(c) for c in ("一级指标", "二级指标", "指标名称")]
    key = np.zeros(len(indicators), dtype=np.int64)
    for codes, values in columns:
        key = key * max(len(values), 1) + codes
    row, distinct = pd.factorize(key)
    picks = []
    for k in distinct.tolist():
        parts = []
        for _, values in reversed(columns):
            k, code = divmod(k, max(len(values), 1))
            parts.append(values[code])
        name, second, first = parts
        picks.append(_one(first, second, name, levels))
    table = np.array(picks, dtype=object).reshape(len(picks), 4)[row]
    return pd.DataFrame({c: pd.Series(table[:, i], index=indicators.index, dtype=object if c == "sublevel" else "str")
                         for i, c in enumerate(("level", "sublevel", "level_from", "level_word"))})


def _one(first_text: str, second_text: str, name: str, levels: set[str]) -> tuple[str, str, str, str]:
    """(level, sublevel, level_from, level_word) of one indicator."""
    first, second = short(first_text), short(second_text)
    declared = _level(first if first in levels else SUBLEVELS.get(first, ""), first, levels)
    if declared:
        return declared, second, "一级指标", first
    by_second = _level(SUBLEVELS.get(second, ""), second, levels)
    if by_second:
        return by_second, second, "二级指标", second
    word, sub = next(((w, s) for w, s in KEYWORDS if w in name), ("", DEFAULT_SUBLEVEL))
    level = _level(SUBLEVELS[sub], sub, levels) or SUBLEVELS[sub]
    return level, second or sub, "指标名称" if word else "默认", word


def _level(candidate: str, word: str, levels: set[str]) -> str:
    """``candidate`` when the policy weighs it (成本 counts as 产出 unless the policy weighs 成本)."""
    if word == "成本" and "成本" in levels:
        return "成本"
    if candidate == "服务对象满意度":
        candidate = "满意度"
    return candidate if candidate in levels else ""

"""Which level (一级指标) an indicator belongs to, and how we know.

From the data's own 一级指标 when it names a level of the policy; else from its 二级指标 (数量 / 质量 /
时效 / 成本 → 产出; 经济效益 / 社会效益 / 生态效益 / 可持续影响 → 效益; 满意度 → 满意度); else from words
in the indicator's name (“满意” → 满意度, “跑腿” → 效益 …); else 产出, said to be a default.  成本 is a level
of its own only when the policy weighs it.  Each distinct text is classified once.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

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


def classify(indicators: pd.DataFrame, levels: set[str]) -> pd.DataFrame:
    """``level``, ``sublevel``, ``level_from`` (一级指标 | 二级指标 | 指标名称 | 默认) and ``level_word`` (the
    word that decided) for each indicator; ``levels`` are the policy's indicator levels."""
    first = _per_text(_texts(indicators, "一级指标"), short)
    second = _per_text(_texts(indicators, "二级指标"), short)
    names = _texts(indicators, "指标名称")
    out = pd.DataFrame({"level": "", "sublevel": second, "level_from": "", "level_word": ""}, index=indicators.index)
    declared = _per_text(first, lambda w: _level(w if w in levels else SUBLEVELS.get(w, ""), w, levels))
    _assign(out, declared.ne(""), declared, "一级指标", first)
    by_second = _per_text(second, lambda w: _level(SUBLEVELS.get(w, ""), w, levels))
    _assign(out, by_second.ne(""), by_second, "二级指标", second)
    unknown = out["level"].eq("")
    found = _by_keyword(names[unknown])
    hit = found["word"].ne("")
    sub = found["sublevel"].where(hit, DEFAULT_SUBLEVEL)
    level = _per_text(sub, lambda w: _level(SUBLEVELS[w], w, levels) or SUBLEVELS[w])
    out.loc[unknown, "level"] = level
    out.loc[unknown, "sublevel"] = out.loc[unknown, "sublevel"].where(out.loc[unknown, "sublevel"].ne(""), sub)
    out.loc[unknown, "level_from"] = hit.map({True: "指标名称", False: "默认"})
    out.loc[unknown, "level_word"] = found["word"]
    return out


def _texts(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), "").astype(str).str.strip()


def _per_text(texts: pd.Series, fn: Callable[[str], str]) -> pd.Series:
    """``fn`` of each text, computed once per distinct text."""
    return texts.map({t: fn(t) for t in texts.unique()}).astype(object)


def _level(candidate: str, word: str, levels: set[str]) -> str:
    """``candidate`` when the policy weighs it (成本 counts as 产出 unless the policy weighs 成本)."""
    if word == "成本" and "成本" in levels:
        return "成本"
    if candidate == "服务对象满意度":
        candidate = "满意度"
    return candidate if candidate in levels else ""


def _assign(out: pd.DataFrame, mask: pd.Series, level: pd.Series, source: str, word: pd.Series) -> None:
    todo = mask & out["level"].eq("")
    out.loc[todo, "level"] = level[todo]
    out.loc[todo, "level_from"] = source
    out.loc[todo, "level_word"] = word[todo]


def _by_keyword(names: pd.Series) -> pd.DataFrame:
    """The first keyword each distinct name contains (vectorised over the distinct names)."""
    distinct = pd.Series(names.unique(), dtype=object)
    word = pd.Series("", index=distinct.index, dtype=object)
    sub = pd.Series("", index=distinct.index, dtype=object)
    for keyword, sublevel in KEYWORDS:
        todo = word.eq("") & distinct.str.contains(keyword, regex=False)
        word[todo], sub[todo] = keyword, sublevel
    table = pd.DataFrame({"word": word.to_numpy(), "sublevel": sub.to_numpy()}, index=distinct.to_numpy())
    found = table.reindex(names.to_numpy())
    return pd.DataFrame({"word": found["word"].to_numpy(), "sublevel": found["sublevel"].to_numpy()},
                        index=names.index)

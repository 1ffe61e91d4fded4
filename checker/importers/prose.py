"""Figures stated in a disclosure's prose → ``Dataset.stated`` (one row per figure).

"2021年收支总预算2762.35万元，较上年增加378.91万元，增长15.9%，主要原因是…" gives 主题 收支总预算, 金额
2762.35, 增减额 +378.91 (增加), 增减率 15.9 printed with 1 decimal, and the reason.  The extractor is a
few general patterns — a subject followed by an amount in 万元/元; a change against last year; a growth
rate; a share; a reason — not one per sentence.  Paragraphs broken across lines or pages ("无增减变" /
"化") are joined first.  A change, rate or reason belongs to the nearest amount before it that is not in
parentheses ("公务用车购置及运行费 0 万元（公务用车购置费 0 万元，…），较上年增加 0 万元").  A comparison in a
sentence of its own ("…总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%。主要原因：…")
belongs to the paragraph's figure it names (else its last one), and a reason standing alone to the last figure
given a change.  A sentence with an amount or a comparison that none of the patterns reads is reported (W302),
never guessed; template placeholders ("XX万元") are E317.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from checker.dataset.model import MONEY_FACTOR, SCALE, STATED_COLUMNS, PrecisionError, to_micros
from checker.diagnostics import Diagnostic
from checker.importers.text_norm import as_objects, is_heading, join_lines, join_wrapped

SourceLine = tuple[int, str]

_NUM = r"\d[\d,]*(?:\.\d+)?"
_MONEY = r"亿元|万元|元"
_LAST_YEAR = r"(?:(?:较|比)(?:上年度?|去年|上一年度?|\d{4}年度?)(?:预算数?|决算数?|同期数?)?|同比)"
AMOUNT = re.compile(rf"(?P<num>{_NUM})(?P<unit>{_MONEY})")
CHANGE = re.compile(rf"{_LAST_YEAR}(?P<word>增加|减少|增长|下降|降低|多|少)了?(?P<num>{_NUM})(?P<unit>{_MONEY})")
FLAT = re.compile(rf"{_LAST_YEAR}(?P<word>持平)")
COMPARED = re.compile(
    rf"与(?:上年度?|去年|上一年度?|\d{{4}}年度?)(?:预算数?|决算数?|同期数?)?相比[，,]?(?P<subject>[^，,。；;]*?)"
    rf"(?P<word>增加|减少|增长|下降|降低)了?(?P<num>{_NUM})(?P<unit>{_MONEY})")
RATE = re.compile(rf"(?P<word>增长|下降|减少|增加|上升|降低)了?(?P<num>{_NUM})[%％]")
SHARE = re.compile(rf"占[^，,。；%％\d]{{0,20}}?(?P<num>{_NUM})[%％]")
REASON = re.compile(r"主要原因(?:是|为|系|在于)?[：:]?(?P<text>[^。；;]*)")
THRESHOLD = re.compile(rf"(?:{_NUM})(?:{_MONEY})(?:[（(]含[）)])?(?:以上|以下|以内|及以上|及以下)")
PLACEHOLDER = re.compile(rf"[XxＸ×]{{2,}}\s*(?:{_MONEY}|[%％])")
_MONEY_WORD = re.compile(r"亿元|万元|\d元")
_COMPARISON = re.compile(rf"{_LAST_YEAR}|与[^，,。]{{0,12}}相比")
_NEGATIVE = ("减少", "下降", "降低", "少")
_TERMINATORS = ("。", "；", ";", "！", "？", "：", ":")
_SENTENCE = re.compile(r"[^。；;！？]*[。；;！？]?")
_LEADING = re.compile(  # a department's name before the year goes with the year ("某某部2024年度收入支出总计")
    r"^(?:截至.*?日|[^，,。；;：:]{0,40}?\d{4}年度?|本年度|本年(?!收入合计|支出合计)|今年|全年|本部门|本单位|其中|共计|共|合计)")
_TRAILING = re.compile(r"(?:预算安排|安排|金额为|金额|为|是|达到|达|共计)$")


@dataclass(slots=True)
class Paragraph:
    """Prose lines joined into one text; ``starts`` maps offsets back to source lines."""

    section: str
    text: str = ""
    starts: list[tuple[int, int]] = field(default_factory=list)

    def add(self, line: int, text: str) -> None:
        joined = join_lines(self.text, text)
        self.starts.append((len(joined) - len(text), line))
        self.text = joined

    def line_at(self, offset: int) -> int:
        return next((line for start, line in reversed(self.starts) if start <= offset), self.starts[0][1])


def paragraphs(prose: list[SourceLine]) -> list[Paragraph]:
    """Prose lines joined into paragraphs: a line continues the last unless that one ended a sentence."""
    out: list[Paragraph] = []
    section = ""
    current: Paragraph | None = None
    for line, raw in prose:
        text = join_wrapped(raw)
        if is_heading(raw):
            section, current = text, None
            continue
        if current is None or current.text.endswith(_TERMINATORS):
            current = Paragraph(section)
            out.append(current)
        current.add(line, text)
    return out


def stated_figures(prose: list[SourceLine], path: Path) -> tuple[pd.DataFrame, list[Diagnostic]]:
    """Every figure stated in the prose as a frame with STATED_COLUMNS (``_ds`` left for the caller)."""
    rows: list[dict[str, Any]] = []
    problems: list[Diagnostic] = []
    for para in paragraphs(prose):
        earlier: list[dict[str, Any]] = []  # the paragraph's figures so far
        for m in _SENTENCE.finditer(para.text):
            if m.group().strip():
                found = Sentence(para, m.start(), m.group(), path, earlier).read(problems)
                rows.extend(found)
                earlier.extend(found)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["主题"]] = counts.get(row["主题"], 0) + 1
        row["id"] = f"{row['主题']}#{counts[row['主题']]}"
    frame = pd.DataFrame(rows, columns=list(STATED_COLUMNS))
    for name in ("金额", "增减额", "增减率", "增减率位数", "占比", "占比位数"):
        frame[name] = frame[name].astype("Int64")
    frame["_line"] = frame["_line"].astype("int64")
    return as_objects(frame), problems


class Sentence:
    """One sentence of a paragraph and the figures it states."""

    def __init__(self, para: Paragraph, offset: int, text: str, path: Path,
                 earlier: list[dict[str, Any]] | None = None) -> None:
        self.para, self.offset, self.text, self.path = para, offset, text, path
        self.covered: list[tuple[int, int]] = []
        self.earlier = earlier or []
        self.fallback = self.earlier[-1] if self.earlier else None  # what a change with no figure before refers to

    def where(self, at: int = 0) -> str:
        return f"{self.path}:{self.para.line_at(self.offset + at)}"

    def read(self, problems: list[Diagnostic]) -> list[dict[str, Any]]:
        """The figures of the sentence; placeholders (E317) and unread amounts (W302) reported."""
        for m in PLACEHOLDER.finditer(self.text):
            problems.append(Diagnostic("E317", f"template placeholder {m.group()!r} instead of a figure",
                                       where=self.where(m.start()), source_line=self.text.strip()))
            self.covered.append(m.span())
        figures = self.figures()
        self.attach(figures)
        unread = self.unread() or next((f"{f['_amount']} (no subject)" for f in figures if not f["主题"]), "")
        if unread:
            problems.append(Diagnostic(
                "W302", f"{unread!r} could not be read as a stated figure: {self.text.strip()[:60]}",
                where=self.where(), hint="nothing to do if it is not a figure"))
        for f in figures:
            del f["_amount"]
        return [f for f in figures if f["主题"]]

    def spans(self, pattern: re.Pattern[str], group: int | str = 0) -> list[re.Match[str]]:
        found = list(pattern.finditer(self.text))
        self.covered.extend(m.span(group) for m in found)
        return found

    def is_covered(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.covered)

    def figures(self) -> list[dict[str, Any]]:
        """Every amount that is not a change, a threshold or inside a reason: a figure with its subject."""
        self.spans(CHANGE)
        self.spans(COMPARED)
        self.spans(FLAT)
        self.spans(THRESHOLD)
        self.spans(REASON, "text")
        out = []
        for m in AMOUNT.finditer(self.text):
            if self.is_covered(*m.span()):
                continue
            self.covered.append(m.span())
            out.append(self.figure(m))
        return out

    def figure(self, m: re.Match[str]) -> dict[str, Any]:
        line = self.para.line_at(self.offset + m.start())
        subject = subject_before(self.text, m.start())
        return {
            "主题": subject, "金额": _money(m.group("num"), m.group("unit")), "增减额": None,
            "增减词": "", "增减率": None, "增减率位数": None, "占比": None, "占比位数": None,
            "单位": m.group("unit"), "原因": "", "章节": self.para.section, "句子": self.text.strip(),
            "_file": str(self.path), "_line": line, "_doc": f"{self.path.name}:{line}",
            "_at": m.start(), "_bracketed": _depth(self.text, m.start()) > 0, "_amount": m.group(),
        }

    def attach(self, figures: list[dict[str, Any]]) -> None:
        """Changes, rates, shares and reasons go to the nearest unbracketed figure before them.

        A comparison inside the reason ("主要原因是较上年持平") explains the figure; it is not its change.
        """
        reasons = [m.span("text") for m in REASON.finditer(self.text)]

        def outside(m: re.Match[str]) -> bool:
            return not any(s <= m.start() < e for s, e in reasons)

        for m in filter(outside, COMPARED.finditer(self.text)):
            self.compared(figures, m)
        for m in filter(outside, CHANGE.finditer(self.text)):
            sign = -1 if m.group("word") in _NEGATIVE else 1
            self.set(figures, m.start(), 增减额=sign * _money(m.group("num"), m.group("unit")),
                     增减词=m.group("word"))
        for m in filter(outside, FLAT.finditer(self.text)):
            self.set(figures, m.start(), 增减额=0, 增减词="持平")
        for m in filter(outside, RATE.finditer(self.text)):
            sign = -1 if m.group("word") in _NEGATIVE else 1
            self.set(figures, m.start(), 增减率=sign * _micros(m.group("num")),
                     增减率位数=_places(m.group("num")))
        for m in filter(outside, SHARE.finditer(self.text)):
            self.set(figures, m.start(), 占比=_micros(m.group("num")), 占比位数=_places(m.group("num")))
        changed = next((f for f in reversed(self.earlier) if f["增减额"] is not None or f["增减率"] is not None), None)
        for m in REASON.finditer(self.text):
            self.fallback = changed if changed is not None and not changed["原因"] else None
            self.set(figures, m.start(), 原因=m.group("text").strip("，, "))
        for f in figures:
            f.pop("_at"), f.pop("_bracketed")

    def set(self, figures: list[dict[str, Any]], at: int, **values: Any) -> None:
        """Values for the nearest unbracketed figure before ``at``; with none, for the fallback figure."""
        if not _set(figures, at, **values) and self.fallback is not None:
            self.fallback.update(values)

    def compared(self, figures: list[dict[str, Any]], m: re.Match[str]) -> None:
        """"与2023年度相比，收入支出总计增加307.82万元": the change of the figure it names."""
        subject = clean_subject(m.group("subject"))
        named = [f for f in [*self.earlier, *(f for f in figures if f["_at"] < m.start())] if f["主题"] == subject]
        if named:
            self.fallback = named[-1]
        sign = -1 if m.group("word") in _NEGATIVE else 1
        values = {"增减额": sign * _money(m.group("num"), m.group("unit")), "增减词": m.group("word")}
        if named:
            named[-1].update(values)
        else:
            self.set(figures, m.start(), **values)

    def unread(self) -> str:
        """The first amount or comparison no pattern read, or "" when every one was read."""
        for pattern in (_MONEY_WORD, _COMPARISON):
            for m in pattern.finditer(self.text):
                if not self.is_covered(*m.span()):
                    return m.group()
        return ""


def _set(figures: list[dict[str, Any]], at: int, **values: Any) -> bool:
    """Values for the nearest unbracketed figure before ``at``; False when there is none."""
    before = [f for f in figures if f["_at"] < at]
    target = next((f for f in reversed(before) if not f["_bracketed"]), before[-1] if before else None)
    if target is not None:
        target.update(values)
    return target is not None


def subject_before(text: str, end: int) -> str:
    """What an amount is of: the words before it back to a clause break, parentheses kept whole."""
    i, depth = end, 0
    while i > 0:
        ch = text[i - 1]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in "，,；;：:。、":
            break
        i -= 1
    return clean_subject(text[i:end])


def clean_subject(words: str) -> str:
    """"2021年本部门财政拨款安排“三公”经费预算" → "“三公”经费"; "固定资产金额为" → "固定资产"."""
    words = words.strip()
    while (stripped := _LEADING.sub("", words)) != words:
        words = stripped
    if "安排" in words[:-2]:
        words = words[words.rindex("安排") + 2:]
    words = _TRAILING.sub("", words)
    words = re.sub(r"(?<=类)采购预算$|(?<=费)预算$", "", words)
    if re.search(r"(增加|减少|增长|下降|降低|了)$", words):
        return ""  # "增加了5万元" without what is compared: not a figure we can name
    return words if re.search(r"[\u4e00-\u9fff]", words) else ""


def _depth(text: str, at: int) -> int:
    before = text[:at]
    return before.count("（") + before.count("(") - before.count("）") - before.count(")")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _places(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _micros(text: str, factor: Decimal = Decimal(1)) -> int:
    """Micros of a number in prose; one finer than a micro (0.001 元) is rounded half-up, not an error."""
    value = _decimal(text)
    try:
        return to_micros(value, factor)
    except PrecisionError:
        return int((value * factor * SCALE).to_integral_value(rounding=ROUND_HALF_UP))


def _money(text: str, unit: str) -> int:
    return _micros(text, MONEY_FACTOR[unit])

"""One diagnostic shape for every phase (syntax, rules, data), and the catalogue of their codes.

``E1xx`` syntax, ``E2xx`` rules and codes (compile), ``E3xx`` data, ``W`` codes are warnings that do not
stop a run.  Every code is documented here once; ``checker explain CODE`` prints the entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from checker.source import Span, excerpt


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in rules or data, with where it is and what to do about it."""

    code: str
    message: str
    span: Span | None = None
    where: str | None = None  # a location that is not a text span: "book.xlsx#表3!C12"
    source_line: str | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return not self.code.startswith("W")

    @property
    def location(self) -> str:
        if self.span is not None:
            return str(self.span)
        return self.where or "<input>"

    def render(self) -> str:
        """``path:line:col: CODE message``, the source line, a caret, then the hint."""
        lines = [f"{self.location}: {self.code} {self.message}"]
        if self.span is not None and self.source_line is not None:
            lines.extend(excerpt(self.source_line, self.span))
        if self.hint:
            lines.append(f"   = help: {self.hint}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "message": self.message, "location": self.location}
        if self.span is not None:
            out.update(path=self.span.path, line=self.span.line, column=self.span.column)
        if self.hint:
            out["hint"] = self.hint
        return out


class DiagnosticError(Exception):
    """Raised once a phase has collected problems it cannot go past (never for a single one)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))


@dataclass(slots=True)
class Collector:
    """Collects diagnostics through a phase; raise once at the end (sqlglot's 'collect, then raise')."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DiagnosticError(self.items)


@dataclass(frozen=True, slots=True)
class CodeDoc:
    title: str
    explanation: str
    example: str
    fix: str


CATALOGUE: dict[str, CodeDoc] = {}


def _doc(code: str, title: str, explanation: str, example: str, fix: str) -> None:
    CATALOGUE[code] = CodeDoc(title, explanation, example, fix)


# --- E1xx: syntax -------------------------------------------------------------------------------
_doc("E100", "syntax error", "The rule text does not follow the grammar at this point.",
     'rule A error "标题":\n  收支总表["收入总计"].预算数 == == 1', "Compare with an example in docs/language.md.")
_doc("E101", "unexpected end of file", "The file ends in the middle of a rule, a string or a bracket.",
     'rule A error "标题":\n  sum(支出总表[children(c)].合计', "Finish the rule; close every bracket and quote.")
_doc("E102", "reversed comparison operator", "`=>` and `=<` are not operators; write `>=` / `≥` or `<=` / `≤`.",
     'target */"被投诉次数" => 10 次', "Write `>=` (or `≥`) instead of `=>`, `<=` instead of `=<`.")
_doc("E103", "unclosed quote", "A string opened with a quote is not closed on the same line.",
     'rule A error "标题:', "Close the string with the same kind of quote that opened it.")
_doc("E104", "unknown severity", "A rule's severity must be error, warning or info (错误, 警告, 提示).",
     'rule A fatal "标题":', "Use one of: error, warning, info.")
_doc("E105", "unquoted Chinese name", "Names of projects, indicators and table rows are strings: quote them.",
     "target 设备专项/邮件完成数 >= 1 封", 'Quote the name: "设备专项"/"邮件完成数".')
_doc("E106", "single equals sign", "`=` assigns nothing in a rule; comparisons use `==` (or `＝`).",
     "收支总表[\"收入总计\"].预算数 = 1", "Write `==` to compare.")
_doc("E107", "unreadable rule file", "The file could not be read or decoded as UTF-8 or GB18030.",
     "(a binary file given as rules)", "Save the rules as UTF-8 text.")
_doc("E108", "unexpected character", "A character that is not part of the language appears here.",
     "收支总表[\"收入总计\"].预算数 == 1 $", "Remove the character, or quote it inside a string.")
_doc("E109", "missing value after operator", "An operator or keyword is followed by nothing it can use.",
     "target */\"被投诉次数\" <=", "Give the value (and its unit) after the operator.")

# --- E2xx: rules against schema, code graph and units ------------------------------------------
_doc("E201", "unknown table", "The rule names a table kind that no template defines.",
     "支出总体表[c].合计", "Use a table kind from `checker inspect` or docs/canonical-format.md.")
_doc("E202", "unknown column", "The table kind has no column of this name.",
     "支出总表[c].合记", "Use one of the table's columns; the message suggests the closest.")
_doc("E203", "unknown code", "The code is not in the code graph and its shape places it nowhere.",
     "支出总表[\"20103O1\"].合计", "Check the digits; codes are 3/5/7 digits (功能) or 3/5 (经济).")
_doc("E204", "unit mismatch", "Two sides of a comparison have units that cannot be converted into each other.",
     'target */"运维服务响应速度" <= 5 %', "Use the indicator's unit (分钟 here); 天 and 个月 do not convert.")
_doc("E205", "grade compared with a number", "Grades (优 > 良 > 中 > 差) compare only with grades.",
     'target */"服务评价满意度" >= 90', "Compare with a grade: `>= 良`.")
_doc("E206", "duplicate rule id", "Two rules (in this file or its includes) share one id; ids must be unique.",
     'rule A error "一":\n...\nrule A error "二":', "Rename one of them; ids are how findings are tracked across runs.")
_doc("E207", "unknown variable", "The name is not bound by a `for each` of this rule nor declared as a parameter.",
     "for each code c in 功能分类 of 支出总表:\n  支出总表[d].合计 == 0", "Use the variable the rule binds (here c).")
_doc("E208", "unknown function", "The function is not part of the language.",
     "summ(支出总表[children(c)].合计)", "Use sum, count, min, max, abs, round, children, descendants, leaves, mapped.")
_doc("E209", "wrong type", "An operand has a type the operator does not take (a text where a number is needed).",
     'r.名称 + 1', "Compare texts with == or contains; do arithmetic on amounts.")
_doc("E210", "missing unit", "A target on a counted indicator needs its unit so the comparison can be checked.",
     'target */"邮件完成数" >= 100000', "Add the unit: `>= 100000 封`.")
_doc("E211", "include not found", "An `include` names a file that does not exist beside the including file.",
     'include "common.rules"', "Give a path relative to the including file.")
_doc("E212", "include cycle", "Files include each other in a loop.",
     'a.rules: include "b.rules"; b.rules: include "a.rules"', "Remove one of the includes.")
_doc("E213", "unknown classification", "The classification is not one of 功能分类, 部门经济分类, 政府经济分类.",
     "for each code c in 功能科目 of 支出总表:", "Use 功能分类, 部门经济分类 or 政府经济分类.")
_doc("E214", "unknown parameter", "`param NAME` is used but not declared in the ruleset header.",
     "s.percent >= 增幅阈值", "Declare it: `param 增幅阈值 = 10%`.")
_doc("E215", "bad tolerance", "A tolerance must be a non-negative amount, `per_term X` or `relative X%`.",
     "within -0.01", "Write `within 0.01`, `within per_term 0.005` or `within relative 0.1%`.")
_doc("E216", "unknown unit", "The unit is not one the language knows.",
     '>= 10 件次', "Use one of: %, 封, 次, 个, 台, 套, 人, 分钟, 小时, 天, 个月, 年, 万元, 元 (docs/language.md).")
_doc("E217", "unknown field", "The variable's kind (row, indicator, stated figure) has no such field.",
     "i.指标值", "Use a field listed in docs/language.md for that kind.")
_doc("E220", "unreadable code list", "A code-list file could not be read, or lacks the columns a list needs.",
     "codes.csv with columns 科目,说明", "Give code,name,level,parent (or gov_code,gov_name,dept_code,dept_name); docs/codes.md.")
_doc("E221", "bad row in a code list", "A code-list row has a code of the wrong shape, or a level or parent that its "
     "code's prefix contradicts.", "20103,政府办公厅（室）及相关机构事务,3,201",
     "A 款 has 5 digits and level 2; its parent is its first 3 digits.")
_doc("E222", "policy weights do not sum to 100", "The level weights of a scoring policy are the marks of a 100-point "
     "self-evaluation (产出 50, 效益 30, 满意度 10, 预算执行率 10 by default); together they must make 100.",
     'policy "自评":\n  weight 产出 60\n  weight 效益 30\n  weight 满意度 10\n  weight 预算执行率 10',
     "Adjust the weights so they add up to 100 (docs/scoring.md).")
_doc("E223", "unknown level in a policy", "A policy weight names a level that is none of 产出, 效益, 满意度, 成本, "
     "预算执行率; indicators are classified into these levels only.", 'policy "自评":\n  weight 产出指标 50',
     "Use the level's short name: `weight 产出 50`.")
_doc("E224", "bad tiers", "A tier is a band of an indicator's marks, `tier NAME FROM% to TO%` inside 0–100%; two "
     "tiers may touch but not overlap, and the highest ends at 100% (an achieved indicator earns all its marks).",
     'tier 达成 80% to 100%\ntier 部分达成 50% to 90%', "Let each band start where the one below it ends.")
_doc("E225", "bad grades", "Grades are lower bounds of the total (`grade 优 90` … `grade 差 0`): one must start "
     "at 0, none above 100, and no two at the same total.", 'grade 优 90\ngrade 良 80', "Add the lowest grade: `grade 差 0`.")
_doc("E226", "bad lights", "Monitoring lights are thresholds of progress against the expected-to-date value; "
     "two lights cannot share a threshold.", "light 红 60%\nlight 黄 60%", "Give each light its own threshold.")
_doc("E227", "bad cap, exceed or spread", "`cap` (the most an indicator earns) must be at least 100% and `exceed` "
     "(the ratio above which a target was set too low) above 100%; `spread` is `declared` or `equal`.",
     "cap 90%\nexceed 100%\nspread even", "Write `cap 100%`, `exceed 150%`, `spread declared`.")
_doc("E228", "repeated or mis-written policy item", "Each policy item is written once (one `weight` per level, one "
     "`cap` …), and its amount is a percentage (weights may be written as 分).", "weight 产出 50\nweight 产出 40\n"
     "cap 100 次", "Remove the repetition; write percentages with %.")
_doc("E229", "no single scoring policy", "`checker score --rules` needs the rule files to hold exactly one `policy` "
     "statement (rulesets/scoring.rules is the standard one).", "checker score ds --rules budget-disclosure.rules",
     "Give a file with one policy, or leave --rules out to use the standard policy.")
_doc("W201", "rule never applies", "The rule's quantifier or condition selects nothing in any template.",
     "for each row r in 非税收入表 where r.合计 > 0", "Check the table and filter.")

# --- E3xx: data ----------------------------------------------------------------------------------
_doc("E301", "unreadable data file", "The file could not be opened or decoded (tried UTF-8, UTF-8 with BOM, GB18030).",
     "a PDF given where CSV is expected", "Give a CSV/XLSX in the canonical format, or a disclosure text/PDF.")
_doc("E302", "not a number", "A cell where an amount is expected holds text that is not a number.",
     "1,92x.14", "Correct the cell; blanks and '-' mean zero.")
_doc("E303", "unrecognised line in a table", "A non-blank line inside a table could not be read as a row.",
     "a line with more cells than the table has columns", "Check the table's layout at that line.")
_doc("E304", "unknown table title", "A table-like block has a title that matches no table template.",
     "某某情况表", "Add the table to the manifest with its kind, or rename the title.")
_doc("E305", "missing manifest", "A dataset folder must have manifest.toml naming its tables.",
     "dataset/ without manifest.toml", "Write manifest.toml (docs/canonical-format.md) or import a disclosure.")
_doc("E306", "bad manifest", "manifest.toml is not valid TOML or lacks a required key.",
     "[[tables]] without file", "Follow docs/canonical-format.md.")
_doc("E307", "precision beyond the smallest unit", "A money value has more decimals than 0.01 元.",
     "12.3456789 万元", "Round to the published precision.")
_doc("E308", "unparseable target", "An indicator's target (指标值) could not be read as operator, value and unit.",
     "指标值：约十次", "Write it as ≥10次, ≤5分钟, 100%, 优, or a phrase in quotes.")
_doc("E309", "unparseable actual", "An actual value could not be read as a number with a unit or a grade.",
     "实际完成值：很多", "Write the actual as a number with its unit, a percentage or a grade.")
_doc("E310", "unknown column in data", "A data file has a column the table kind does not define.",
     "支出总表.csv with column 合记", "Rename it to the template's column or declare it in the manifest.")
_doc("E311", "missing column in data", "A data file lacks a column its table kind requires.",
     "支出总表.csv without 合计", "Add the column.")
_doc("E312", "unmatched actual", "An actual names a project or indicator the dataset does not have.",
     "actuals.csv: 设备专项 / 不存在的指标", "Use the names as the dataset lists them (`checker inspect`).")
_doc("E313", "continuation line without a row", "A multi-line cell continues, but no row precedes it.",
     "a table whose first data line starts with empty cells", "Check the page break before that line.")
_doc("E314", "code of the wrong shape", "A code is neither 3/5/7 digits (功能) nor [3]/[5] digits (经济).",
     "20103O1", "Correct the code.")
_doc("E315", "empty table", "A table has a title and headers but no rows.", "(a table cut off at a page end)",
     "Check the source; an empty table is kept as empty, not dropped.")
_doc("E316", "scanned PDF", "The PDF has no text layer (it is a scan); its tables cannot be read.",
     "a photographed disclosure", "Give the text layer (OCR it first) or the tables as CSV/XLSX.")
_doc("E317", "template placeholder", "The document still holds template placeholders (XX, XXX, XX%).",
     "2024年收入XX万元", "Fill in the figures before publishing; these are not numbers.")
_doc("E318", "row of an unknown unit", "A row of a folder of many units (manifest.toml with `units`) names in its "
     "单位 column a unit that the units file does not list, or none; the row is not read.  One problem per unit "
     "key and file, at its first row, with the number of rows and their lines.",
     "03_支出总表.csv: U0042,201,一般公共服务支出,… where units.csv has no U0042",
     "Add the unit to units.csv, or correct the 单位 of the rows (docs/canonical-format.md).")
_doc("E320", "unreadable waivers file", "The waivers file could not be read, is not .csv or .toml, is not valid "
     "TOML, or its CSV header lacks fingerprint, reason, approved_by or expires.",
     "waivers.csv whose header is: 指纹,原因", "Follow docs/report-format.md#waivers: a header row "
     "fingerprint,reason,approved_by,expires[,rule,subject], or [[waiver]] tables in TOML.")
_doc("E321", "bad waiver", "A waiver lacks a required field, has a fingerprint that is not 16 hexadecimal digits, "
     "an expiry that is not a date YYYY-MM-DD, an unknown field, or waives a fingerprint already waived.",
     "ee8895c9b6ae84c6,原表按元取整,王敏,2025/12/31", "Copy the fingerprint from the report; write expires as "
     "2025-12-31; give each finding one waiver.")
_doc("E322", "not a checker JSON report", "`checker diff` reads two JSON reports written by `checker check "
     "--format json`; this file is not valid JSON, or not a report of schema checker.report/1.",
     "checker diff old.xml new.json", "Give the JSON reports of two runs (docs/report-format.md#diff).")
_doc("E330", "bad rule-case file", "A NAME.cases.toml file is not valid TOML, or a case lacks what it needs.",
     "[[case]]\nexpect = [ { rule = \"BD-T1-BALANCE\" } ]", "Give each expectation a rule and an outcome "
     "(passed, failed, not_evaluated, error, absent); give each case tables, figures or a base dataset.")
_doc("W301", "name differs from the code list", "A code's name in the data differs from its official name.",
     "[30114]其他工资福利支出 (list: 医疗费)", "Check which is right; the code, not the name, decides.")
_doc("W302", "unparseable line outside tables", "A prose sentence looked like a stated figure but could not be read.",
     "较上年增加约三成", "Nothing to do if it is not a figure.")
_doc("W303", "duplicate unit key", "Two sources loaded together name the same unit; the second is renamed KEY#2.",
     "units/a/ and units/b/ both with key = \"dept\" in manifest.toml", "Give each unit its own key or unit_code in its manifest.")
_doc("W304", "standard table missing", "A published document (PDF) lacks standard tables of its type (预算 or 决算); "
     "the message names them.  A table with nothing to show is still published, empty, with a note.",
     "a 部门决算 without 政府性基金预算财政拨款收入支出决算表", "Publish the table (empty, with its note), or check "
     "that its title is one checker/data/tables.toml knows.")


# --- findings of `checker score` (docs/scoring.md) ----------------------------------------------
_doc("SC-NO-REASON", "unexplained deviation", "An indicator missed its target, or far exceeded it (above the "
     "policy's `exceed`, 150% by default: the target was probably set too low), and its 偏差原因 is empty.",
     "邮件完成数 ≥100000封, actual 86000封, 偏差原因 blank", "Write the 偏差原因分析及改进措施 in the actuals file.")
_doc("SC-NOT-SCORED", "not scored", "An indicator's actual is missing or is not a number with a unit, a grade or "
     "达成/部分达成/未达成; or a project's execution rate lacks 执行数 or 预算数.  Its marks are left out of the "
     "total, never counted as zero, and the total says how many were not scored.", "实际完成值：很多",
     "Give the actual as the target is written (86000封, 95%, 良, 达成) and the spending with 预算数.")
_doc("SC-UNIT", "actual and target do not convert", "The actual's unit cannot be converted to the target's (封 "
     "against 分钟; 天 against 个月), or its grade belongs to another scale (满意 against 优).",
     "运维服务响应速度 ≤5分钟, actual 3封", "Write the actual in the target's unit or scale.")
_doc("SC-LEVEL-MISSING", "a level without indicators", "A project has no indicator of a weighed level (产出, 效益, "
     "满意度); the level's marks went to the levels it has, in proportion to their weights.",
     "a project with only 产出 indicators: 产出 scored out of 90", "Add indicators of the missing level, or "
     "declare 一级指标 so indicators are not classified by their names.")


def explain(code: str) -> str | None:
    """The catalogue entry for a code, as text, or None when the code is unknown."""
    doc = CATALOGUE.get(code.upper())
    if doc is None:
        return None
    return (
        f"{code.upper()}: {doc.title}\n\n{doc.explanation}\n\nExample:\n"
        + "\n".join("    " + line for line in doc.example.splitlines())
        + f"\n\nFix: {doc.fix}\n"
    )

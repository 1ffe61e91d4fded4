"""Waivers: failures an auditor has approved, kept in a CSV or TOML file beside the submission.

A failing finding whose fingerprint is waived (and the waiver not expired) is reported as ``WAIVED`` with
the reason, approver and date — never hidden.  A waiver that matches no failing finding, or has expired,
is itself a finding (``WAIVER-UNUSED`` / ``WAIVER-EXPIRED``, warning), so the file cannot rot silently.
The file format is in docs/report-format.md; a bad file is a diagnostic with file:line (E320, E321).
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from checker.diagnostics import Collector, Diagnostic, DiagnosticError
from checker.findings import Finding, Outcome, Severity

REQUIRED = ("fingerprint", "reason", "approved_by", "expires")
OPTIONAL = ("rule", "subject")
UNUSED, EXPIRED = "WAIVER-UNUSED", "WAIVER-EXPIRED"
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
_TOML_ENTRY = re.compile(r"^[ \t]*\[\[[ \t]*waiver[ \t]*\]\]", re.MULTILINE)
_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class Waiver:
    """One approved exception: which finding (by fingerprint), why, who approved it, until when."""

    fingerprint: str
    reason: str
    approved_by: str
    expires: date
    rule: str = ""
    subject: str = ""
    location: str = ""  # file:line of the entry

    @property
    def text(self) -> str:
        """What a waived finding carries: ``reason — approved_by, until YYYY-MM-DD``."""
        return f"{self.reason} — {self.approved_by}, until {self.expires.isoformat()}"

    def expired(self, today: date) -> bool:
        """A waiver holds through its expiry date and lapses the day after."""
        return today > self.expires


def load_waivers(path: Path) -> list[Waiver]:
    """The waivers in a ``.csv`` or ``.toml`` file; every problem in it raised together (E320, E321)."""
    path = Path(path)
    text = _read(path)
    if path.suffix.lower() == ".csv":
        entries = list(_csv_entries(text, str(path)))
    elif path.suffix.lower() == ".toml":
        entries = list(_toml_entries(text, str(path)))
    else:
        raise _unreadable(str(path), "a waivers file is .csv or .toml")
    return _validated(entries)


def _unreadable(where: str, message: str) -> DiagnosticError:
    return DiagnosticError([Diagnostic("E320", message, where=where, hint="see docs/report-format.md#waivers")])


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _unreadable(str(path), f"cannot read the waivers file: {exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _unreadable(str(path), "the waivers file is neither UTF-8 nor GB18030 text")


Entry = tuple[str, Mapping[str, object]]  # (file:line, fields)


def _csv_entries(text: str, where: str) -> Iterator[Entry]:
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    for row in reader:
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise _unreadable(f"{where}:{reader.line_num}", f"the header lacks {', '.join(missing)} "
                                  f"(columns: {', '.join(REQUIRED + OPTIONAL)})")
            continue
        yield f"{where}:{reader.line_num}", dict(zip(header, (c.strip() for c in row), strict=False))
    if header is None:
        raise _unreadable(where, "the waivers file is empty (it needs a header row)")


def _toml_entries(text: str, where: str) -> Iterator[Entry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        message = _TOML_AT.sub("", str(exc)).strip()
        raise _unreadable(f"{where}:{at.group(1)}" if at else where, f"not valid TOML: {message}") from None
    entries = data.get("waiver", [])
    unknown = sorted(set(data) - {"waiver"})
    if not isinstance(entries, list) or unknown:
        raise _unreadable(where, "a TOML waivers file holds only [[waiver]] tables")
    lines = [text.count("\n", 0, m.start()) + 1 for m in _TOML_ENTRY.finditer(text)]
    for i, entry in enumerate(entries):
        yield f"{where}:{lines[i] if i < len(lines) else 1}", entry if isinstance(entry, dict) else {}


def _validated(entries: Iterable[Entry]) -> list[Waiver]:
    found = Collector()
    seen: dict[str, str] = {}
    out: list[Waiver] = []
    for where, fields in entries:
        problems = list(_problems(fields))
        fingerprint = str(fields.get("fingerprint", "")).strip().lower()
        if fingerprint in seen:
            problems.append(f"fingerprint {fingerprint} is already waived at {seen[fingerprint]}")
        found.extend(Diagnostic("E321", p, where=where) for p in problems)
        if problems:
            continue
        seen[fingerprint] = where
        out.append(Waiver(fingerprint, str(fields["reason"]).strip(), str(fields["approved_by"]).strip(),
                          _date(fields["expires"]) or date.min, str(fields.get("rule") or "").strip(),
                          str(fields.get("subject") or "").strip(), where))
    found.raise_if_errors()
    return out


def _problems(fields: Mapping[str, object]) -> Iterator[str]:
    for key in fields:
        if key not in REQUIRED + OPTIONAL:
            yield f"unknown field {key!r} (fields: {', '.join(REQUIRED + OPTIONAL)})"
    for key in REQUIRED:
        if not str(fields.get(key) or "").strip():
            yield f"{key} is missing"
    fingerprint = str(fields.get("fingerprint") or "").strip().lower()
    if fingerprint and not _FINGERPRINT.fullmatch(fingerprint):
        yield f"fingerprint {fingerprint!r} is not 16 hexadecimal digits (copy it from the report)"
    if fields.get("expires") and _date(fields["expires"]) is None:
        yield f"expires {fields['expires']!r} is not a date YYYY-MM-DD"


def _date(value: object) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = str(value).strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def apply_waivers(findings: Iterable[Finding], waivers: Iterable[Waiver],
                  today: date) -> tuple[list[Finding], list[Finding]]:
    """Mark waived failures ``WAIVED``; return (the findings, the waiver problems as findings)."""
    by_fingerprint = {w.fingerprint: w for w in waivers}
    matched: set[str] = set()
    out: list[Finding] = []
    for f in findings:
        waiver = by_fingerprint.get(f.fingerprint) if f.outcome is Outcome.FAILED else None
        if waiver is not None:
            matched.add(waiver.fingerprint)
            if not waiver.expired(today):
                f = f.with_(outcome=Outcome.WAIVED, waiver=waiver.text)
        out.append(f)
    problems = [_problem(w, w.fingerprint in matched, today) for w in by_fingerprint.values()
                if w.expired(today) or w.fingerprint not in matched]
    return out, problems


def _problem(w: Waiver, matched: bool, today: date) -> Finding:
    named = " · ".join(x for x in (w.rule, w.subject) if x)
    subject = f"waiver {w.fingerprint}" + (f" ({named})" if named else "")
    if w.expired(today):
        rule, title = EXPIRED, "豁免已过期"
        message = (f"豁免已于 {w.expires.isoformat()} 到期（{w.reason} — {w.approved_by}）："
                   + ("该发现重新按失败报告，请续期或整改" if matched else "且已没有与之对应的失败发现，可删除"))
    else:
        rule, title = UNUSED, "豁免未使用"
        message = f"豁免没有对应的失败发现（已整改，或规则、对象已改变）：{w.reason} — {w.approved_by}，可删除"
    return Finding(rule=rule, title=title, severity=Severity.WARNING, outcome=Outcome.FAILED, subject=subject,
                   message=message, data_location=w.location, family="waivers")

"""The HTML report rendered in headless Chromium: rows, charts and the sort script, as a browser sees them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_cases import FINDINGS, sample_report

from checker.report.html import render_html

pytestmark = pytest.mark.browser


def _chromium() -> str:
    for candidate in ("/usr/bin/chromium", "chromium"):
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")


def _dump_dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri() + fragment]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(sample_report()), encoding="utf-8")
    return path


def _rows(dom: str) -> list[str]:
    body = dom[dom.index('<table id="findings-table"'):]
    body = body[: body.index("</table>")]
    return re.findall(r'<tr class="[a-z_]+" data-fingerprint="([0-9a-f]{16})"', body)


def test_chromium_renders_rows_charts_and_runs_the_script(page: Path, tmp_path: Path) -> None:
    dom = _dump_dom(page, tmp_path)
    assert 'data-sortable="ready"' in dom  # the inline script ran under the page's Content-Security-Policy
    assert sorted(_rows(dom)) == sorted(f.fingerprint for f in FINDINGS)
    for chart in ("chart-budget", "chart-indicators", "chart-findings"):
        svg = re.search(rf'<svg[^>]*id="{chart}".*?</svg>', dom, flags=re.DOTALL)
        assert svg is not None and "<rect" in svg.group(0), chart
    assert "2762.35 万元" in dom and "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


def test_chromium_sorts_by_the_column_in_the_address(page: Path, tmp_path: Path) -> None:
    dom = _dump_dom(page, tmp_path, "#sort=difference:desc")
    assert 'data-sorted-by="difference:desc"' in dom
    by_fingerprint = {f.fingerprint: f for f in FINDINGS}
    differences = [by_fingerprint[fp].difference for fp in _rows(dom) if by_fingerprint[fp].difference is not None]
    assert differences == sorted(differences, reverse=True) and len(differences) == 5


def test_chromium_filters_by_the_text_in_the_address(page: Path, tmp_path: Path) -> None:
    dom = _dump_dom(page, tmp_path, "#q=FC-ROLLUP")
    assert '<span id="findings-count">2</span>' in dom
    assert len(re.findall(r'<tr class="[a-z_]+" data-fingerprint="[0-9a-f]+" hidden=""', dom)) == len(FINDINGS) - 2

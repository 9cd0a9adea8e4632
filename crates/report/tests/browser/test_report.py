"""`fupin report` in a real browser (headless Chromium, offline): the page loads with no
console error and no request leaving the file, every chart has its marks, the numbers on
the page are the JSON output's, sorting and filtering work, it reads without JavaScript and
prints. With FUPIN_SCREENSHOT set, the sample report's screenshot is written there."""

import json
import os
from collections import Counter
from pathlib import Path

from conftest import WEST_2PCT, fupin_json

PROFILE = "profiles/national-2011.toml"


def cells(page, selector):
    """The text of each row's cells, for the rows `selector` matches."""
    return page.eval_on_selector_all(
        selector,
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))",
    )


def test_loads_offline_with_no_error_and_no_request(reports, load):
    for path in reports.values():
        p = load(path)
        assert p.errors == [], p.errors
        assert [m for m in p.console if m[0] in ("error", "warning")] == [], p.console
        assert p.requests == [p.url], p.requests
        assert p.page.title().startswith("fupin report")
        # The script ran: sort buttons in the headings, the filter box.
        assert p.page.locator("#table-counties th button.sort").count() > 5
        assert p.page.locator(".filter input").count() == 1


def test_every_chart_has_its_marks(reports, load):
    p = load(reports["one"])
    figures = p.page.eval_on_selector_all(
        "figure.chart",
        """figs => figs.map(f => {
            const mark = f.dataset.mark;
            let n = f.querySelectorAll('svg ' + mark).length;
            if (mark === 'rect') {
                n = Array.from(f.querySelectorAll('svg rect')).filter(r => {
                    const fill = (r.getAttribute('fill') || '').toUpperCase();
                    return fill !== '#FFFFFF' && fill !== 'WHITE';
                }).length;
            }
            const svg = f.querySelector('svg');
            return {id: f.id, claimed: Number(f.dataset.marks), drawn: n,
                    label: svg.getAttribute('aria-label') || '',
                    caption: f.querySelector('figcaption').textContent.trim(),
                    width: svg.getBoundingClientRect().width};
        })""",
    )
    assert len(figures) >= 12
    for f in figures:
        assert f["drawn"] == f["claimed"] > 0, f
        assert f["label"] and f["caption"].startswith(f["label"][:40]), f
        assert f["width"] > 300, f
    by_id = {f["id"]: f for f in figures}
    # One point per county of the exit test whose incidence was measured.
    a = fupin_json("assess", "--profile", PROFILE)
    measured = [
        d
        for d in a["decisions"]
        if d["level"] == "county"
        and d["test"] == "exit"
        and any(
            c["rule"].endswith(".incidence") and isinstance(c["measured"], (int, float))
            for c in d["checks"]
        )
    ]
    assert by_id["chart-exit-1-county"]["drawn"] == len(measured)
    # One point per published line and year.
    lines = fupin_json("lines")
    assert by_id["chart-lines-current"]["drawn"] == len(lines)
    # One bar per province and outcome with a count.
    exits = a["summary"]["by_province"]
    bars = sum(
        1
        for prov in exits.values()
        for o in ("exit", "remain")
        if prov.get("county", {}).get(o, 0) > 0
    )
    assert by_id["chart-outcomes-1-county-exit"]["drawn"] == bars


def test_numbers_are_the_json_outputs(reports, load):
    p = load(reports["one"]).page
    a = fupin_json("assess", "--profile", PROFILE)
    summary = a["summary"]
    # Outcome totals and counts by province, every level and test.
    groups = p.eval_on_selector_all(
        "section.outcome-group",
        """gs => gs.map(g => ({
            level: g.dataset.level,
            totals: Array.from(g.querySelectorAll('td[data-total]')).map(
                c => [c.dataset.outcome, Number(c.textContent)]),
            cells: Array.from(g.querySelectorAll('td[data-province]')).map(
                c => [c.dataset.province, c.dataset.outcome, Number(c.textContent)]),
        }))""",
    )
    seen = Counter()
    for g in groups:
        for outcome, n in g["totals"]:
            assert summary["counts"][g["level"]][outcome] == n, (g["level"], outcome)
            seen[g["level"]] += 1
        for prov, outcome, n in g["cells"]:
            want = summary["by_province"][prov].get(g["level"], {}).get(outcome, 0)
            assert want == n, (prov, g["level"], outcome)
    for level, counts in summary["counts"].items():
        assert seen[level] == len(counts), level
    # Rows read per input table.
    rows = p.eval_on_selector_all(
        "#provenance tr[data-table]",
        "rs => rs.map(r => [r.dataset.table, Number(r.querySelector('[data-rows=read]').textContent)])",
    )
    assert dict(rows) == {t: c["read"] for t, c in a["provenance"]["rows"].items()}
    # Every county decision, with its outcome.
    table = cells(p, "#table-counties tbody tr")
    want = sorted(
        (d["id"], d["test"], d["outcome"]) for d in a["decisions"] if d["level"] == "county"
    )
    assert sorted((r[0], r[3], r[4]) for r in table) == want
    # Each county's incidence as the JSON writes it.
    incidence = {
        d["id"]: next(c for c in d["checks"] if c["rule"].endswith(".incidence"))
        for d in a["decisions"]
        if d["level"] == "county" and d["test"] == "exit"
    }
    exit_rows = cells(p, "section.exit[data-level=county] tbody tr")
    assert len(exit_rows) == len(incidence)
    for r in exit_rows:
        check = incidence[r[0]]
        assert float(r[3]) == check["measured"], r
        assert float(r[5]) == check["threshold"], r
        assert r[6] == next(d["outcome"] for d in a["decisions"] if d["id"] == r[0] and d["test"] == "exit")
    # Poverty measures by province, full precision.
    m = fupin_json("measures", "--profile", PROFILE, "--by", "province")
    values = p.eval_on_selector_all(
        "section.run-measures tbody tr",
        """rs => rs.map(r => [r.dataset.key, Array.from(r.querySelectorAll('[data-m]')).map(
            c => [c.dataset.std, c.dataset.m, Number(c.dataset.value ?? c.textContent)])])""",
    )
    groups = {g["key"]: g for g in m["groups"]} | {"total": m["total"]}
    assert len(values) == len(groups)
    for key, vals in values:
        for std, name, v in vals:
            assert groups[key]["measures"][std][name] == v, (key, std, name)
    # The registry by province and by exit year.
    prov = fupin_json("registry", "summary", "--by", "province")["counts"]
    years = fupin_json("registry", "summary", "--by", "exit-year")["counts"]
    reg = cells(p, "#table-registry tbody tr")
    assert {r[0]: int(r[-1]) for r in reg} == prov
    foot = cells(p, "#table-registry tfoot tr")[0]
    heads = cells(p, "#table-registry thead tr")[0]
    assert {h: int(v) for h, v in zip(heads[1:-1], foot[1:-1])} == years
    # The lines, current and moved.
    lines = {(r["standard"], r["year"]): r["line"] for r in fupin_json("lines")}
    moved = {(r["standard"], r["year"]): r["line"] for r in fupin_json("lines", "--prices", "2019")}
    for r in cells(p, "#table-lines tbody tr"):
        key = (r[0], int(r[1]))
        assert float(r[2]) == lines[key] and float(r[3]) == moved[key], r


def test_sorts_and_filters(reports, load):
    p = load(reports["one"]).page
    rows = "#table-counties tbody tr"
    measured_col = 6  # Code, Name, Province, Test, Outcome, Deciding check, Measured
    p.click("#table-counties th:nth-child(7) button")
    values = [r[measured_col] for r in cells(p, rows)]
    numbers = [float(v) if v not in ("", "true", "false") else None for v in values]
    assert p.get_attribute("#table-counties th:nth-child(7)", "aria-sort") == "ascending"
    nums = [n for n in numbers if n is not None]
    assert nums == sorted(nums) and len(nums) > 100
    p.click("#table-counties th:nth-child(7) button")
    assert p.get_attribute("#table-counties th:nth-child(7)", "aria-sort") == "descending"
    nums = [float(r[measured_col]) for r in cells(p, rows) if r[measured_col] not in ("", "true", "false")]
    assert nums == sorted(nums, reverse=True)
    # Filter by province: the rows of that province only.
    a = fupin_json("assess", "--profile", PROFILE)
    want = sum(1 for d in a["decisions"] if d["level"] == "county" and d.get("province") == "云南省")
    p.fill(".filter input", "云南省")
    visible = p.eval_on_selector_all(rows, "rs => rs.filter(r => !r.hidden).length")
    assert visible == want > 0
    assert f"{want} of" in p.text_content(".filter")
    p.fill(".filter input", "")
    assert p.eval_on_selector_all(rows, "rs => rs.filter(r => !r.hidden).length") == len(
        cells(p, rows)
    )


def test_reads_without_javascript(reports, browser):
    context = browser.new_context(java_script_enabled=False, offline=True)
    try:
        page = context.new_page()
        page.goto(Path(reports["one"]).resolve().as_uri())
        assert page.locator("h2").count() >= 6
        assert page.locator("figure.chart svg").count() >= 12
        assert page.locator("#table-counties tbody tr").count() > 900
        assert page.locator("th button.sort").count() == 0
    finally:
        context.close()


def test_prints(reports, load):
    p = load(reports["one"]).page
    p.emulate_media(media="print")
    assert p.locator("nav").is_hidden()
    assert p.locator("figure.chart").first.is_visible()
    pdf = p.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page") > 10


def test_comparison_lists_every_flip_with_its_deciding_checks(reports, load):
    p = load(reports["two"]).page
    c = fupin_json(
        "compare", "--profile", PROFILE, "--profile", WEST_2PCT, "--only-changed"
    )
    flips = cells(p, "#table-flips tbody tr")
    assert len(flips) == c["changed"] > 0
    by_key = {(ch["level"], ch["test"], ch["id"]): ch for ch in c["changes"]}
    for r in flips:
        ch = by_key[(r[0], r[1], r[2])]
        for i, name in enumerate(c["keys"]):
            side = ch["outcomes"][name]
            assert r[5 + 2 * i] == side["outcome"], r
            assert r[6 + 2 * i].startswith(side["decided_by"]["rule"] + ":"), r
    counts = cells(p, "#table-comparison-counts tbody tr")
    for level, outcome, *ns in counts:
        for block, n in zip(c["profiles"], ns):
            assert block["summary"]["counts"][level].get(outcome, 0) == int(n)


def test_screenshot(reports, load):
    """The README's picture (written only when FUPIN_SCREENSHOT names a file)."""
    out = os.environ.get("FUPIN_SCREENSHOT")
    p = load(reports["one"]).page
    p.set_viewport_size({"width": 1100, "height": 1500})
    p.evaluate("document.getElementById('exits').scrollIntoView()")
    shot = p.screenshot(full_page=False)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    if out:
        Path(out).write_bytes(shot)

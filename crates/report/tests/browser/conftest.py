"""The browser test's fixtures: the CLI, reports of the bundled sample written by it, the JSON
of the same runs, and a headless Chromium (Debian's, driven by Playwright) that may load the
report file and nothing else."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
CLI = os.environ.get("FUPIN_CLI", str(ROOT / "target" / "debug" / "fupin"))
CHROMIUM = os.environ.get("FUPIN_CHROMIUM") or shutil.which("chromium") or "chromium"
WEST_2PCT = "tests/fixtures/profiles/national-2011-west-2pct.toml"


def fupin(*args):
    """Run the CLI from the repository root; its standard output."""
    done = subprocess.run(
        [CLI, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def fupin_json(*args):
    return json.loads(fupin(*args, "--format", "json"))


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    """Two reports of the sample: national-2011 alone, and compared with west-2pct."""
    out = tmp_path_factory.mktemp("reports")
    one = out / "report.html"
    two = out / "compare.html"
    fupin("report", "--profile", "profiles/national-2011.toml", "--output", str(one))
    fupin(
        "report",
        "--profile",
        "profiles/national-2011.toml",
        "--profile",
        WEST_2PCT,
        "--output",
        str(two),
    )
    return {"one": one, "two": two}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        yield b
        b.close()


class Loaded:
    """A page opened offline, with every request, console message and page error seen."""

    def __init__(self, browser, path):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(
            offline=True, viewport={"width": 1200, "height": 1600}
        )
        self.requests = []
        self.console = []
        self.errors = []

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url == self.url:
                r.continue_()
            else:
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.url, wait_until="load")

    def close(self):
        self.context.close()


@pytest.fixture
def load(browser):
    opened = []

    def open_(path):
        page = Loaded(browser, path)
        opened.append(page)
        return page

    yield open_
    for p in opened:
        p.close()

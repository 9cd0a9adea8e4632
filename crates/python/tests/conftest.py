"""Shared fixtures: the repository root, the sample tables and the fupin CLI to compare with."""

from __future__ import annotations

import json
import os
import re
import subprocess
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "data" / "sample"


def _cli_path() -> Path:
    given = os.environ.get("FUPIN_CLI")
    if given:
        return Path(given)
    subprocess.run(["cargo", "build", "-q", "-p", "fupin-cli"], cwd=ROOT, check=True)
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return Path(json.loads(meta.stdout)["target_directory"]) / "debug" / "fupin"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli():
    """Run the fupin CLI in the repository root; returns its standard output (text)."""
    path = _cli_path()

    def run(*args: str) -> str:
        out = subprocess.run([str(path), *args], cwd=ROOT, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return out.stdout

    return run


@pytest.fixture(scope="session")
def sample_paths() -> dict[str, Path]:
    return {
        "households": SAMPLE / "households.csv",
        "counties": SAMPLE / "counties.csv",
        "villages": SAMPLE / "villages.csv",
    }


@pytest.fixture(scope="session")
def run_doc():
    """Run a document's ```python blocks, in order, in one namespace, from the repository
    root (fupin's warnings silenced); returns the namespace and the number of blocks."""
    import fupin

    def run(name: str, namespace: dict) -> tuple[dict, int]:
        text = (ROOT / "docs" / name).read_text()
        blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", fupin.FupinWarning)
                for i, block in enumerate(blocks):
                    exec(compile(block, f"docs/{name} block {i + 1}", "exec"), namespace)
        finally:
            os.chdir(cwd)
        return namespace, len(blocks)

    return run

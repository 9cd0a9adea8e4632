"""docs/python.md's worked example runs as written (its code blocks, in order, in one
namespace, from the repository root)."""

from __future__ import annotations

import os
import re
import warnings

import fupin


def test_the_worked_example_runs(root, capsys):
    text = (root / "docs" / "python.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 6
    namespace: dict = {}
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fupin.FupinWarning)
            for i, block in enumerate(blocks):
                exec(compile(block, f"docs/python.md block {i + 1}", "exec"), namespace)
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "units change outcome" in out
    assert "source:" in out
    # The comparison found what a stricter approval threshold changes.
    assert namespace["c"].changed > 0

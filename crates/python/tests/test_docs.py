"""docs/python.md's worked example runs as written (its code blocks, in order, in one
namespace, from the repository root)."""

from __future__ import annotations


def test_the_worked_example_runs(run_doc, capsys):
    namespace, blocks = run_doc("python.md", {})
    assert blocks >= 6
    out = capsys.readouterr().out
    assert "units change outcome" in out
    assert "source:" in out
    # The comparison found what a stricter approval threshold changes.
    assert namespace["c"].changed > 0

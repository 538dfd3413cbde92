"""The README's two commands are what CI runs, word for word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_ci_runs_the_readme_commands():
    install, test = _readme_commands()[:2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install in ci.splitlines()
    assert test in ci.splitlines()


def test_the_readme_sample_and_template_ship_with_the_repository():
    install = _readme_commands()[0]
    sample = re.search(r"extract (\S+)", install).group(1)
    assert (ROOT / sample).is_file()
    template = re.search(r"--template (\S+)", install).group(1)
    assert (ROOT / "src" / "formsift" / "templates" / "library" / f"{template}.sift").is_file()

"""The layering of docs/architecture.md, checked with import-linter (contracts in .importlinter)."""

from __future__ import annotations

import configparser
import os
import re
from pathlib import Path

import pytest

import journeymap

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / ".importlinter"


def test_every_import_follows_the_layers(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    previous = Path.cwd()
    os.chdir(ROOT)  # import-linter finds the package from the working folder
    try:
        status = lint_imports(config_filename=str(CONTRACTS), no_cache=True, no_logo=True)
    finally:
        os.chdir(previous)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "0 broken" in report


def test_every_part_of_the_package_has_its_place_in_the_layers() -> None:
    # A new subpackage or module left out of the contract would be free to import anything.
    config = configparser.ConfigParser()
    config.read(CONTRACTS, encoding="utf-8")
    layers = config["importlinter:contract:layers"]["layers"]
    named = {name.strip() for line in layers.splitlines() for name in line.split("|") if name.strip()}
    package = Path(journeymap.__file__).parent
    parts = {f"journeymap.{path.stem}" for path in package.glob("*.py") if path.stem not in {"__init__", "__main__"}}
    parts |= {f"journeymap.{path.parent.name}" for path in package.glob("*/__init__.py")}
    assert parts == named


def test_no_file_keeps_the_markers_of_an_unfinished_merge() -> None:
    # a merge of two branches that both wrote the changelog once left its conflict markers on main
    markers = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)
    files = [*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("journeymap/**/*.py"), *ROOT.glob("tests/**/*.py"),
             ROOT / "pyproject.toml", ROOT / "Makefile"]
    kept = [str(path.relative_to(ROOT)) for path in files if markers.search(path.read_text(encoding="utf-8"))]
    assert not kept


def test_the_tests_need_only_the_test_extra() -> None:
    # pm4py (AGPL) and scipy come into a developer's environment with the benchmarks' extra only; a test
    # that imported one passed here and failed on CI's clean install
    benchmark_only = re.compile(r"^\s*(?:from|import)\s+(pm4py|scipy)\b", re.M)
    found = [str(path.relative_to(ROOT)) for path in ROOT.glob("tests/**/*.py")
             if benchmark_only.search(path.read_text(encoding="utf-8"))]
    assert not found

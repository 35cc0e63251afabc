"""The wheel `pip install .` makes: the sample journeys and the app script are inside, the version is
journeymap's own, and an installed journeymap finds its samples (not the repository's).

One wheel is built per test run (pip, in an isolated build environment as a user's install does)
from a copy of the sources, so that the build leaves nothing in the working tree.
"""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import journeymap
from tests.conftest import ROOT

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "journeymap", "sample_journeys")
SAMPLES = sorted(path.name for path in (ROOT / "sample_journeys").glob("*.json"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--quiet",
                            "--disable-pip-version-check", "-w", str(out)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [path] = out.glob("journeymap-*.whl")
    return path


def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        [name] = [item for item in archive.namelist() if item.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_the_wheel_holds_every_sample_journey_unchanged(wheel: Path) -> None:
    assert len(SAMPLES) == 6
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(name.rsplit("/", 1)[1] for name in archive.namelist()
                         if name.startswith("journeymap/samples/"))
        assert shipped == SAMPLES
        for sample in SAMPLES:
            assert archive.read(f"journeymap/samples/{sample}") == (ROOT / "sample_journeys" / sample).read_bytes()


def test_the_wheel_holds_the_app_script_and_every_module(wheel: Path) -> None:
    inside = names(wheel)
    assert "journeymap/ui/streamlit_app.py" in inside
    # pyproject.toml lists the subpackages by name: a new one left off the list would be missing here
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "journeymap").rglob("*.py")}
    assert modules - inside == set()


def test_the_wheel_version_and_command_are_journeymaps(wheel: Path) -> None:
    meta = metadata(wheel)
    assert meta["Name"] == "journeymap"
    assert meta["Version"] == journeymap.__version__
    assert wheel.name == f"journeymap-{journeymap.__version__}-py3-none-any.whl"
    assert "streamlit>=1.66" in meta.get_all("Requires-Dist")
    with zipfile.ZipFile(wheel) as archive:
        [entry_points] = [item for item in archive.namelist() if item.endswith(".dist-info/entry_points.txt")]
        assert "journeymap = journeymap.cli:main" in archive.read(entry_points).decode("utf-8")


def test_an_installed_journeymap_finds_the_samples_inside_itself(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # what pip puts in site-packages
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = ("from journeymap.store import workspace; "
              "print(workspace.SAMPLES_FOLDER); print(*[path.name for path in workspace.sample_files()])")
    found = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {script}"],
                           cwd=elsewhere, capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    folder, samples = found.stdout.splitlines()
    assert Path(folder) == site / "journeymap" / "samples"
    assert samples.split() == SAMPLES

"""`journeymap render FILE -o OUT`: images, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.cli import main

from .test_charts import DINER


@pytest.fixture
def diner_file(tmp_path: Path) -> Path:
    path = tmp_path / "diner.json"
    path.write_text(json.dumps(DINER), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix, head", [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF")])
def test_render_writes_the_image(diner_file: Path, tmp_path: Path, suffix: str, head: bytes,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"map.{suffix}"
    assert main(["render", str(diner_file), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(head)
    assert capsys.readouterr().out == f"wrote {out}\n"


def test_scale_sets_the_png_size(diner_file: Path, tmp_path: Path) -> None:
    sizes = []
    for scale in ("1", "3"):
        out = tmp_path / f"map{scale}.png"
        assert main(["render", str(diner_file), "-o", str(out), "--scale", scale]) == 0
        sizes.append(int.from_bytes(out.read_bytes()[16:20], "big"))
    assert sizes[1] == 3 * sizes[0]


def test_an_invalid_journey_exits_1_with_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(json.dumps(DINER))
    data["touchpoints"][0]["emotion"] = 9
    data["touchpoints"][3]["friction"] = 11
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "map.png"
    assert main(["render", str(bad), "-o", str(out)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(str(bad)) for line in lines)
    assert any("touchpoints[0].emotion" in line for line in lines)
    assert any("touchpoints[3].friction" in line for line in lines)
    assert not out.exists()


def test_a_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "nowhere.json"), "-o", str(tmp_path / "map.png")]) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("target", ["map.jpg", "map", "map.png.txt"])
def test_an_unknown_extension_exits_2(diner_file: Path, tmp_path: Path, target: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(diner_file), "-o", str(tmp_path / target)]) == 2
    assert ".png, .svg or .pdf" in capsys.readouterr().err
    assert not (tmp_path / target).exists()


@pytest.mark.parametrize("scale", ["0", "-2", "5", "big", "nan"])
def test_a_bad_scale_exits_2(diner_file: Path, tmp_path: Path, scale: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(diner_file), "-o", str(tmp_path / "map.png"), "--scale", scale]) == 2
    assert "scale" in capsys.readouterr().err


def test_an_unwritable_target_exits_1_without_traceback(diner_file: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(diner_file), "-o", str(tmp_path / "no" / "such" / "map.png")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


def test_the_installed_command_renders(diner_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = subprocess.run([sys.executable, "-m", "journeymap", "render", str(diner_file), "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<svg")

"""The curated public API: every name in ``journeymap.__all__`` resolves, lazily."""

from __future__ import annotations

import subprocess
import sys
import types

import journeymap


def test_all_lists_every_public_name_and_each_resolves() -> None:
    assert journeymap.__all__ == ["__version__", *sorted(set(journeymap.__all__) - {"__version__"})]
    for name in journeymap.__all__:
        value = getattr(journeymap, name)
        assert not isinstance(value, types.ModuleType), name
        assert name in dir(journeymap)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        journeymap.no_such_function  # noqa: B018
    except AttributeError as error:
        assert "no_such_function" in str(error)
    else:
        raise AssertionError("an unknown name resolved")


def test_importing_journeymap_loads_none_of_the_heavy_libraries() -> None:
    # The command line starts from `import journeymap`: it must not wait for the analysis, the
    # charts or the readers it does not use.
    code = ("import sys, journeymap, journeymap.cli; "
            "print(sorted(m for m in ('altair', 'pandas', 'numpy', 'networkx', 'pydantic', 'vl_convert', "
            "'openpyxl', 'streamlit') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_a_name_is_the_object_of_its_module() -> None:
    from journeymap.analysis.journey_analysis import analyze
    from journeymap.formats.json_file import loads

    assert journeymap.analyze is analyze
    assert journeymap.loads is loads

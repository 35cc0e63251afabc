"""Lazy public names for a package (PEP 562): a name's module is imported on first use.

``journeymap --version`` and ``journeymap validate`` should not wait for Altair, NumPy or
vl-convert to load just because the package's ``__init__`` names the functions that use them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose public names live in the modules
    ``exports`` maps them to (a module path relative to ``package``, such as ``".model"``).

    Examples
    --------
    >>> getattr_, dir_ = lazy_exports("journeymap", {"Problem": ".errors"})
    >>> getattr_("Problem").__name__, "Problem" in dir_()
    ('Problem', True)
    """

    def __getattr__(name: str) -> Any:
        module_name = exports.get(name)
        if module_name is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module_name, package), name)
        globals_of_package = importlib.import_module(package).__dict__
        globals_of_package[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted(set(importlib.import_module(package).__dict__) | set(exports))

    return __getattr__, __dir__

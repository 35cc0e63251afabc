"""journeymap's version, in one place: the package reads it, and so does the build (pyproject.toml)."""

__version__ = "0.1.0"

"""Reports of an analysis: the plain-text report ``journeymap analyze`` prints
(:mod:`~journeymap.reports.text`) and the workshop report as HTML or Markdown
(:mod:`~journeymap.reports.workshop`).
"""

from journeymap._lazy import lazy_exports

_EXPORTS = {
    "format_report": ".text",
    "html_report": ".workshop",
    "markdown_report": ".workshop",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)

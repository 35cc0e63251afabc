"""Reports of an analysis: the plain-text report ``journeymap analyze`` prints
(:mod:`~journeymap.reports.text`) and the workshop report, built once as neutral blocks
(:mod:`~journeymap.reports.document`; content in :mod:`~journeymap.reports.content` and
:mod:`~journeymap.reports.steps`) and written as HTML (:mod:`~journeymap.reports.html`) or
Markdown (:mod:`~journeymap.reports.markdown`).
"""

from journeymap._lazy import lazy_exports

_EXPORTS = {
    "format_report": ".text",
    "html_report": ".html",
    "markdown_report": ".markdown",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)

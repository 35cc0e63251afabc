"""Write a journey to any file journeymap makes: its data formats, the workshop reports, images.

This sits above the readers, the analysis, the charts and the reports, because a Markdown report
brings its map image and a report needs the analysis; :mod:`journeymap.formats` knows only the
data formats.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from journeymap.formats.files import write_atomically
from journeymap.formats.json_file import save
from journeymap.formats.registry import READ_FORMATS, data_files, file_format
from journeymap.model import Journey
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD

__all__ = ["REPORT_IMAGE_SCALE", "export_files", "write_journey"]

#: The map image written beside a Markdown report, at twice its natural size (sharp on a wiki).
REPORT_IMAGE_SCALE = 2.0


def export_files(journey: Journey, file_name: str, *, fit_threshold: float = DEFAULT_FIT_THRESHOLD,
                 risk_threshold: float = DEFAULT_RISK_THRESHOLD,
                 analysis: dict[str, Any] | None = None) -> dict[str, bytes]:
    """The files that make up ``journey`` in the format ``file_name`` says, by name.

    Usually one file; CSV gives the touchpoints under ``file_name`` and the other tables beside it,
    and Markdown its map image beside it (a wiki page links to it). The thresholds only matter to
    the reports.

    Examples
    --------
    >>> from journeymap.formats.json_file import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}], '
    ...                 '"touchpoints": [{"id": "ask", "name": "Ask", "stage": "s"}]}')
    >>> sorted(export_files(journey, "cafe.csv"))
    ['cafe.connections.csv', 'cafe.csv', 'cafe.journey.csv', 'cafe.stages.csv']
    >>> sorted(export_files(journey, "cafe.html"))
    ['cafe.html']
    """
    kind = file_format(file_name, writing=True)
    if kind in READ_FORMATS:
        return data_files(journey, file_name)
    from journeymap.reports.html import html_report
    from journeymap.reports.markdown import markdown_report

    options = {"fit_threshold": fit_threshold, "risk_threshold": risk_threshold, "analysis": analysis}
    if kind == "html":
        return {file_name: html_report(journey, **options).encode("utf-8")}
    from journeymap.analysis import analyze
    from journeymap.charts.images import render_image

    if options["analysis"] is None:
        options["analysis"] = analyze(journey, fit_threshold=fit_threshold, risk_threshold=risk_threshold)
    image = Path(file_name).with_suffix(".png")
    text = markdown_report(journey, **options, image_link=image.name)
    picture = render_image(journey, "png", scale=REPORT_IMAGE_SCALE, analysis=options["analysis"])
    return {file_name: text.encode("utf-8"), str(image): picture}


def write_journey(journey: Journey, path: str | os.PathLike[str], *, fit_threshold: float = DEFAULT_FIT_THRESHOLD,
                  risk_threshold: float = DEFAULT_RISK_THRESHOLD) -> list[Path]:
    """Write ``journey`` in the format the extension of ``path`` says; returns the files written.

    Each file is written atomically (a temporary file, then one rename), so a failure never leaves
    half a file; a journey file (.json) also keeps its previous version as ``.bak``.
    """
    path = Path(path)
    if file_format(path, writing=True) == "json":
        return [save(journey, path)]
    files = export_files(journey, str(path), fit_threshold=fit_threshold, risk_threshold=risk_threshold)
    written = []
    for name, data in files.items():
        write_atomically(Path(name), data)
        written.append(Path(name))
    return written

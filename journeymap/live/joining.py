"""The way into a session: its join link, the code as people read it aloud, and the QR code to project.

The link is the app's own address with ``?join=CODE``. An address only this computer can reach
(``localhost``, ``127.0.0.1``) would not work on a phone: :func:`phone_problem` says so and what to do.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode, urlsplit, urlunsplit

from journeymap.live.rules import JOIN_QUERY_KEY

__all__ = ["PUBLIC_URL_ENV", "grouped_code", "join_url", "phone_problem", "qr_png", "qr_svg"]

#: The address phones use to reach the app, when it differs from the facilitator's (behind a proxy).
PUBLIC_URL_ENV = "JOURNEYMAP_PUBLIC_URL"


def join_url(app_url: str, code: str) -> str:
    """The link that joins the session with ``code``, on the app at ``app_url`` (any path or query dropped).

    Examples
    --------
    >>> join_url("http://192.168.1.20:8501/?journey=diner&page=Workshop", "ab3k9fq2xm")
    'http://192.168.1.20:8501/?join=ab3k9fq2xm'
    >>> join_url("https://maps.example.org/team/", "ab3k9fq2xm")
    'https://maps.example.org/team/?join=ab3k9fq2xm'
    """
    parts = urlsplit(app_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode({JOIN_QUERY_KEY: code}), ""))


def grouped_code(code: str) -> str:
    """The code in groups, to read aloud or type.

    Examples
    --------
    >>> grouped_code("ab3k9fq2xm")
    'ab3k 9fq2 xm'
    """
    return " ".join(code[index:index + 4] for index in range(0, len(code), 4))


def phone_problem(app_url: str) -> str | None:
    """Why phones cannot use a link to ``app_url`` (None: they can, as far as can be told from here).

    Examples
    --------
    >>> phone_problem("http://localhost:8501/").split(". ")[0]
    'Phones cannot open this link: localhost is this computer only'
    >>> phone_problem("http://192.168.1.20:8501/") is None
    True
    """
    host = (urlsplit(app_url).hostname or "").lower()
    if host in ("localhost", "::1") or host.startswith("127."):
        return (f"Phones cannot open this link: {host} is this computer only. Start the app so that the room "
                "can reach it (journeymap app --host 0.0.0.0, with a team access key), open it here by this "
                "computer's network address (for example http://192.168.1.20:8501), or set "
                f"{PUBLIC_URL_ENV} to the address phones use.")
    return None


def _qr(url: str):  # noqa: ANN202 - segno's own type
    import segno  # only when a session is shown: the command line never needs it

    return segno.make_qr(url, error="m")


def qr_png(url: str, scale: int = 12) -> bytes:
    """A QR code of ``url`` as PNG (black on white, a quiet zone of 4 modules: what phone cameras need).

    Examples
    --------
    >>> qr_png("http://192.168.1.20:8501/?join=ab3k9fq2xm")[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()


def qr_svg(url: str, scale: int = 12) -> str:
    """The same QR code as SVG text (for reports and printing)."""
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=4, dark="#000000", light="#ffffff", xmldecl=False)
    return buffer.getvalue().decode("utf-8")

"""Showing text a user typed, safely: never as Markdown or HTML markup.

Streamlit renders Markdown (and its own ``:red[…]`` and ``:emoji:`` directives) in ``st.markdown``,
``st.write``, ``st.error``, ``st.caption``, titles and most labels, and no escaping covers all of it.
So anything that may carry user text (titles, names, notes, messages that quote them) goes through
:func:`html_text`: escaped HTML in our own small, styled boxes, shown by ``st.html``. Where Streamlit
only takes Markdown (a toast, a button's label), the text goes through :func:`markdown_text` instead.
"""

from __future__ import annotations

import html
import re

import streamlit as st

__all__ = ["STYLE", "box", "card", "heading", "html_text", "install_style", "markdown_text", "message", "note"]

#: The app's few styles; sizes are large on purpose so the map reads when projected on a wall.
STYLE = """
<style>
.jm-title {font-size: 2.1rem; font-weight: 700; line-height: 1.2; margin: 0; padding: 0;}
.jm-persona {font-size: 1.15rem; color: #555; margin: 0.2rem 0 0 0;}
.jm-persona b {color: #222;}
.jm-box {border-radius: 0.5rem; padding: 0.6rem 0.9rem; margin: 0.1rem 0 0.4rem 0; font-size: 1rem;
         white-space: pre-wrap;}
.jm-error {background: #fdecea; color: #7a1c15; border-left: 4px solid #d93025;}
.jm-warning {background: #fff6e0; color: #5c4100; border-left: 4px solid #f5a300;}
.jm-info {background: #e8f1fb; color: #123a63; border-left: 4px solid #1c6fd1;}
.jm-success {background: #e7f5ea; color: #1b4d26; border-left: 4px solid #2e9d49;}
.jm-note {color: #444; font-size: 1rem; margin: 0.1rem 0;}
.st-key-map_box {overflow-x: auto;}
/* Streamlit's own table CSV export copies cells as typed: a touchpoint named "=HYPERLINK(…)" would run
   as a formula in a spreadsheet. journeymap's exports neutralise formulas; this one cannot, so it goes. */
[data-testid="stElementToolbarButton"]:has(button[aria-label="Download as CSV"]) {display: none;}
.jm-card {border: 1px solid #e3e6ea; border-left: 6px solid #d93025; border-radius: 0.5rem;
           padding: 0.55rem 0.9rem; margin: 0 0 0.5rem 0; background: #fff;}
.jm-card-title {font-size: 1.15rem; font-weight: 650; margin: 0;}
.jm-card-meta {color: #666; font-weight: 400; font-size: 0.95rem;}
.jm-card-body {margin: 0.2rem 0 0 0; font-size: 1rem; color: #333;}
/* Text at least 4.5:1 against its background (WCAG AA), which two of Streamlit's own colours miss: its
   captions (#828180 on white, 3.9:1: the text colour at 60% opacity) and the text of a chosen pill or
   segment (4.47:1 on its pink). */
div[data-testid="stCaptionContainer"] {color: #5e5c59; opacity: 1;}
[data-testid="stButtonGroup"] button[data-selected]:not([data-disabled]) {color: #9e2635 !important;}
/* A button's keyboard shortcut (the wall screen's Esc, Home, arrows): Streamlit greys it to 3.8:1. */
button kbd {color: #5e5c59 !important; opacity: 1 !important;}
/* A table reached with the Tab key shows it: the grid draws a selected cell, but not its own focus. */
[data-testid="stDataFrame"]:has(:focus-visible) {outline: 2px solid #9e2635; outline-offset: 2px;}
</style>
"""


def html_text(text: object) -> str:
    """Text as HTML that shows every character as typed.

    Examples
    --------
    >>> html_text("<img src=x onerror=alert(1)> **bold**")
    '&lt;img src=x onerror=alert(1)&gt; **bold**'
    """
    return html.escape(str(text), quote=True)


#: Every ASCII punctuation character: CommonMark lets each be escaped with a backslash, and escaping
#: them all also stops Streamlit's own syntax (``:red[…]``, ``$…$`` for LaTeX, ``<b>``, ``[…](…)``).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: ``:name:`` is an emoji or icon to Streamlit even with its colons escaped (it looks at the text after
#: escapes are read), so an invisible word joiner goes after a colon that would start one.
_SHORTCODE = re.compile(r":(?=[\w+/-]+:)")


def markdown_text(text: object) -> str:
    r"""Text for a Streamlit call that renders Markdown (``st.toast``, labels), showing every character as
    typed: bold, colours, LaTeX, links, HTML and emoji codes stay plain text.

    Examples
    --------
    >>> print(markdown_text("**bold** :red[red] $x^2$ [link](http://evil.example) <b>x</b>"))
    \*\*bold\*\* \:red\[red\] \$x\^2\$ \[link\]\(http\:\/\/evil\.example\) \<b\>x\<\/b\>
    >>> markdown_text(":smile:") == "\\:\u2060smile\\:"
    True
    """
    escaped = _SHORTCODE.sub(":\u2060", str(text))
    return _PUNCTUATION.sub(r"\\\1", escaped).replace("\n", "  \n")


def install_style() -> None:
    st.html(STYLE)


def message(text: str, kind: str = "info") -> None:
    """A coloured message box (``error``, ``warning``, ``info``, ``success``) showing ``text`` literally."""
    st.html(f'<div class="jm-box jm-{kind}" role="{"alert" if kind == "error" else "status"}">{html_text(text)}</div>')


def box(lines: list[str], kind: str = "info") -> None:
    """Several messages in one box, one per line."""
    if lines:
        message("\n".join(lines), kind)


def heading(title: str, subtitle_label: str = "", subtitle: str = "") -> None:
    """The big journey title (the page's one heading of the first level) and, under it, who walks through it."""
    body = f'<h1 class="jm-title">{html_text(title)}</h1>'
    if subtitle:
        body += f'<p class="jm-persona">{html_text(subtitle_label)} <b>{html_text(subtitle)}</b></p>'
    st.html(body)


def note(text: str) -> None:
    """A line of grey text under a chart or a table (its description), showing ``text`` literally."""
    st.html(f'<p class="jm-note">{html_text(text)}</p>')


def card(title: str, meta: str, body: str) -> None:
    """A card for one flagged step: its name, a grey line of facts, and the reason in full."""
    st.html(f'<div class="jm-card"><p class="jm-card-title">{html_text(title)} '
            f'<span class="jm-card-meta">{html_text(meta)}</span></p>'
            f'<p class="jm-card-body">{html_text(body)}</p></div>')

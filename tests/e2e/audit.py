"""The automated accessibility audit of a page in the browser: axe-core, run by Playwright.

axe-core (Deque's rules for WCAG 2.0 to 2.2, levels A and AA, and its best practices) comes inside the
PyPI package ``axe-playwright-python`` (a test dependency, MIT; axe-core itself is MPL-2.0): its
``axe.min.js`` is all that is used, so ``make test`` needs neither Node.js nor the npm registry. The
audit runs axe itself, in the page as it is now (after a navigation, a click or an open dialog).

Use :func:`audit` for the list of violations, or :func:`assert_accessible`, which fails on a serious or
critical one and prints the others (``pytest -rP`` shows them).
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

__all__ = ["EXCUSED", "FAILING", "assert_accessible", "audit"]

#: Impacts that fail a test; "moderate" and "minor" are printed.
FAILING = ("serious", "critical")
#: Violations in Streamlit's own markup that the app cannot change, each excused for one rule at the
#: elements of one selector only (every other rule still runs there), with the reason.
EXCUSED = {
    ("aria-dialog-name", '[data-testid="stToast"]'):
        "Streamlit's toast is a react-aria alert dialog labelled by a title element that Streamlit never "
        "draws (aria-labelledby names no element); its text is read as the dialog's content",
}

_RUN = """async excused => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    const isExcused = (rule, node) => excused.some(([id, selector]) => id === rule
        && typeof node.target[0] === "string" && document.querySelector(node.target[0])?.matches(selector));
    return results.violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.filter(node => !isExcused(v.id, node))
                        .map(node => ({target: node.target, html: node.html, summary: node.failureSummary}))}))
        .filter(v => v.nodes.length > 0);
}"""


def audit(page: Any) -> list[dict[str, Any]]:
    """Every axe-core violation on ``page`` now, less those :data:`EXCUSED`: each a dict with ``id``,
    ``impact`` (minor, moderate, serious, critical), ``help`` and its ``nodes`` (``target``, ``html``,
    ``summary``)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return list(page.evaluate(_RUN, [list(excused) for excused in EXCUSED]))


def describe(violation: dict[str, Any]) -> str:
    """One violation as lines to read: the rule, its impact, and each element with what is wrong."""
    lines = [f"{violation['impact']}: {violation['id']} ({violation['help']}) {violation.get('helpUrl', '')}"]
    for node in violation["nodes"]:
        lines.append(f"    {' '.join(map(str, node['target']))}: {' '.join(node['html'].split())[:200]}")
        lines.append(f"        {' '.join((node['summary'] or '').split())[:400]}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str) -> list[dict[str, Any]]:
    """Fail on any serious or critical violation on ``page`` (``where`` says which page in the message);
    print the moderate and minor ones, and return them."""
    violations = audit(page)
    failing = [violation for violation in violations if violation["impact"] in FAILING]
    others = [violation for violation in violations if violation["impact"] not in FAILING]
    for violation in others:
        print(f"[axe, not failing] {where}: {describe(violation)}")
    assert not failing, f"accessibility violations on {where}:\n" + "\n".join(map(describe, failing))
    return others

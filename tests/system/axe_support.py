"""axe-core in a Playwright page: run the WCAG 2.x A/AA rules and say what failed, readably.

axe-core comes from npm (tests/system/package.json, pinned in package-lock.json; `make test`
runs `npm ci` there). Its `axe.min.js` is injected into the page as a script tag, so a page
whose Content-Security-Policy forbids scripts (our reports do) must be opened in a context made
with `bypass_csp=True`. Nothing is fetched from the network.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_PACKAGE = HERE / "node_modules" / "axe-core"
AXE_JS = AXE_PACKAGE / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no wcag22a tag: 2.2's new A rules are AA here)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

SHOW_TARGETS = 3  # selectors shown per rule; the count says how many more there are


def installed() -> str | None:
    """Why axe-core cannot be used, or None when it can."""
    if not AXE_JS.is_file():
        return (f"axe-core is not installed ({AXE_JS} is missing): run `npm ci` in tests/system "
                "(make test does it)")
    return None


def version() -> str:
    return json.loads((AXE_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]


def scan(page, tags: list[str] | None = None, rules: list[str] | None = None) -> list[dict]:
    """axe's violations on the page as it is now, for the WCAG tags (or only the named
    `rules`). Each is a dict: id, impact, help, helpUrl, tags, nodes[{target, html,
    failureSummary}]. Injects axe once per document."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags or TAGS}
    return page.evaluate(
        """(only) => axe.run(document, {runOnly: only, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                          failureSummary: n.failureSummary}))})))""",
        only)


def _target(node: dict) -> str:
    # a target is a list of selectors, one per frame or shadow root on the way to the node
    return " >> ".join(str(t) if not isinstance(t, list) else " ".join(t)
                       for t in node["target"])


def format_violations(violations: list[dict], where: str = "") -> str:
    """One paragraph per rule: id, impact, how many nodes, a few selectors, and the help text."""
    if not violations:
        return f"{where}: no violations" if where else "no violations"
    lines = [f"{where}: {len(violations)} rule(s) violated" if where else
             f"{len(violations)} rule(s) violated"]
    for v in violations:
        nodes = v["nodes"]
        lines.append(f"  - {v['id']} ({v.get('impact') or 'no impact given'}, "
                     f"{len(nodes)} node(s)): {v['help']}")
        for node in nodes[:SHOW_TARGETS]:
            snippet = " ".join(node.get("html", "").split())[:110]
            lines.append(f"      at {_target(node)}")
            if snippet:
                lines.append(f"         {snippet}")
        if len(nodes) > SHOW_TARGETS:
            lines.append(f"      ... and {len(nodes) - SHOW_TARGETS} more")
        lines.append(f"      see {v['helpUrl']}")
    return "\n".join(lines)


def summary(violations: list[dict]) -> dict[str, int]:
    """Rule id -> number of failing nodes, for short assertion messages."""
    return {v["id"]: len(v["nodes"]) for v in violations}

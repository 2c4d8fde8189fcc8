"""WCAG 2.2 AA contrast of every colour pair the app draws (static/plainlaw.css and .streamlit/config.toml), in
light and dark themes: 4.5:1 for text, 3:1 for the focus ring. (The browser test's axe-core scan checks the
rendered page too; this test names the pair that fails.)"""

from __future__ import annotations

import re
import tomllib

import pytest

from plainlaw.settings import ROOT

CSS = (ROOT / "static" / "plainlaw.css").read_text(encoding="utf-8")
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette(selector: str) -> dict[str, str]:
    block = re.search(re.escape(selector) + r"[^{]*\{(.*?)\}", CSS, re.S)
    assert block, selector
    return dict(re.findall(r"--pl-([\w-]+):\s*(#[0-9a-fA-F]{6})", block.group(1)))


THEMES = {
    "light": (palette('html[data-pl-theme="light"]'), THEME["light"]),
    "dark": (palette('html[data-pl-theme="dark"]'), THEME["dark"]),
}


@pytest.mark.parametrize("name", THEMES)
def test_text_on_every_background_is_at_least_4_5_to_1(name: str) -> None:
    css, theme = THEMES[name]
    backgrounds = {"page": theme["backgroundColor"], "sidebar": theme["secondaryBackgroundColor"],
                   "card": css["card"], "help card": css["help-bg"]}
    texts = {"text": theme["textColor"], "card text": css["ink"], "muted": css["muted"], "link": css["link"],
             "theme link": theme["linkColor"]}
    failing = [f"{t} on {b}: {contrast(tc, bc):.2f}" for t, tc in texts.items() for b, bc in backgrounds.items()
               if contrast(tc, bc) < 4.5]
    assert failing == []
    assert contrast(css["mark-ink"], css["mark-bg"]) >= 4.5


def test_tags_and_the_quick_exit_are_at_least_4_5_to_1() -> None:
    tags = re.findall(r"\.pl-tag--(\w+) \{ color: (#\w{6}); background: (#\w{6}); \}", CSS)
    assert len(tags) == 6
    for name, ink, paper in tags:
        assert contrast(ink, paper) >= 4.5, name
    exit_bg = re.search(r"\.pl-exit \{ background: (#\w{6}); color: (#\w{6})", CSS)
    assert exit_bg and contrast(exit_bg.group(2), exit_bg.group(1)) >= 4.5


@pytest.mark.parametrize("name", THEMES)
def test_the_focus_ring_stands_out_at_least_3_to_1(name: str) -> None:
    """A yellow ring with a dark edge: one of the two always contrasts with the background behind it."""
    _, theme = THEMES[name]
    ring = re.search(r"outline: 3px solid (#\w{6}) !important;\s*outline-offset: 0 !important;\s*"
                     r"box-shadow: 0 0 0 6px (#\w{6})", CSS)
    assert ring
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert max(contrast(ring.group(1), background), contrast(ring.group(2), background)) >= 3

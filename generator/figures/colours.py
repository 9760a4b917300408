"""Colours of the figures: the threat types' marks, and text that reads on a fill (WCAG contrast)."""

from __future__ import annotations


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (always at least 4.5:1 here)."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


#: Marks for threat types: each at least 3:1 against white (WCAG 1.4.11) and
#: told apart by hue; the legend and each mark's name say which is which.
THREAT_COLOURS = (
    "#1f5fa8",  # blue
    "#c2410c",  # orange-red
    "#15803d",  # green
    "#9d174d",  # raspberry
    "#6d28d9",  # violet
    "#a16207",  # ochre
    "#0e7490",  # teal
    "#b91c1c",  # red
    "#4d7c0f",  # olive
    "#be185d",  # pink
    "#1e3a8a",  # navy
    "#7c2d12",  # brown
    "#374151",  # slate
    "#86198f",  # purple
    "#115e59",  # dark teal
)


def threat_colours(threat_ids: list[str]) -> dict[str, str]:
    """A colour per threat id, stable for a given vocabulary (ids in registry order)."""
    return {t: THREAT_COLOURS[n % len(THREAT_COLOURS)] for n, t in enumerate(threat_ids)}

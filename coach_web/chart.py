"""Small line charts as inline SVG, rendered on the server (no JavaScript, no CDN).

Only numbers and labels we format ourselves go into the markup, and every label is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime

from markupsafe import Markup

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 40


def line_chart(
    points: Sequence[tuple[datetime, int]],
    *,
    title: str,
    fmt: Callable[[float], str],
    reference: tuple[int, str] | None = None,
) -> Markup:
    """A line chart of (time, value) points, with an optional dashed reference line."""
    esc = html.escape
    if not points:
        return Markup(f'<p class="muted">{esc(title)}: nothing recorded yet.</p>')
    pts = sorted(points, key=lambda p: p[0])
    values = [v for _, v in pts] + ([reference[0]] if reference else [])
    lo, hi = float(min(values)), float(max(values))
    if lo == hi:
        lo, hi = lo * 0.9, hi * 1.1 or 1
    pad = (hi - lo) * 0.1
    lo, hi = max(0, lo - pad), hi + pad
    t0, t1 = pts[0][0].timestamp(), pts[-1][0].timestamp()
    span = (t1 - t0) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t: datetime) -> float:
        if len(pts) == 1:
            return LEFT + plot_w / 2
        return LEFT + (t.timestamp() - t0) / span * plot_w

    def y(v: float) -> float:
        return TOP + (1 - (v - lo) / (hi - lo)) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(title)}</title>",
        f'<text x="{LEFT}" y="14" class="chart-title">{esc(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'class="axis"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" class="axis"/>',
    ]
    for frac in (0.0, 0.5, 1.0):
        v = lo + (hi - lo) * frac
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="tick">'
            f"{esc(fmt(v))}</text>"
        )
    if reference:
        ref_v, ref_label = reference
        parts.append(
            f'<line x1="{LEFT}" y1="{y(ref_v):.1f}" x2="{WIDTH - RIGHT}" y2="{y(ref_v):.1f}" '
            'class="reference"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{y(ref_v) - 4:.1f}" text-anchor="end" '
            f'class="reference-label">{esc(ref_label)}</text>'
        )
    path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in pts)
    parts.append(f'<polyline points="{path}" class="series"/>')
    for t, v in pts:
        parts.append(
            f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="4" class="point">'
            f"<title>{esc(t.strftime('%d %b %Y'))}: {esc(fmt(v))}</title></circle>"
        )
    first, last = pts[0][0], pts[-1][0]
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 12}" class="tick">{esc(first.strftime("%d %b %Y"))}</text>'
    )
    if len(pts) > 1:
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" text-anchor="end" class="tick">'
            f"{esc(last.strftime('%d %b %Y'))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))

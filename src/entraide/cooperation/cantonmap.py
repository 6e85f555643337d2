"""The monitoring's drawings, as server-side SVG: a tile map of the 26 cantons and a bar chart.

The map is a tile map (a grid cartogram): one rounded square per canton, at
its approximate place in the country, labelled with its two-letter code and
its number. No geodata file (cantonal borders) is available offline and none
may be fetched at run time, so drawing true borders is not an option; a tile
map also gives every canton the same room, where Basel-City or Zug would be
specks on a true map. It is not a map to measure distances on: the HTML table
rendered beside it carries the same numbers and is the accessible version.

Every text is escaped by ``format_html``; the markup is marked safe only then.
Colours are attributes of the SVG (not inline styles, which the CSP refuses);
each shade has label text with a contrast of at least 4.5:1 (WCAG AA), and the
number printed on each tile means that colour never carries the information alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

INK = "#1b1b1b"
WHITE = "#ffffff"
STROKE = "#4a4a4a"

# (column, row) of each canton on an 8 × 5 grid, west to east and north to south.
GRID: dict[str, tuple[int, int]] = {
    "BS": (3, 0),
    "SH": (5, 0),
    "TG": (6, 0),
    "JU": (2, 1),
    "BL": (3, 1),
    "AG": (4, 1),
    "ZH": (5, 1),
    "SG": (6, 1),
    "AR": (7, 1),
    "NE": (1, 2),
    "SO": (2, 2),
    "LU": (3, 2),
    "ZG": (4, 2),
    "SZ": (5, 2),
    "GL": (6, 2),
    "AI": (7, 2),
    "VD": (0, 3),
    "FR": (1, 3),
    "BE": (2, 3),
    "OW": (3, 3),
    "NW": (4, 3),
    "UR": (5, 3),
    "GR": (6, 3),
    "GE": (0, 4),
    "VS": (2, 4),
    "TI": (5, 4),
}
TILE = 52
GAP = 6


@dataclass(frozen=True)
class Shade:
    """A class of the map: counts from ``low`` to ``high`` (None: no upper bound)."""

    low: int
    high: int | None
    fill: str
    text: str

    def holds(self, count: int) -> bool:
        return count >= self.low and (self.high is None or count <= self.high)

    @property
    def label(self) -> str:
        if self.high == 0:
            return _("no unit in cooperation")
        if self.high is None:
            return _("%(low)s units or more") % {"low": self.low}
        return _("%(low)s to %(high)s units") % {"low": self.low, "high": self.high}


SHADES = (
    Shade(0, 0, WHITE, INK),
    Shade(1, 2, "#d6ebf0", INK),
    Shade(3, 4, "#9fcfdc", INK),
    Shade(5, 7, "#1f6f84", WHITE),
    Shade(8, None, "#003e4d", WHITE),
)


def shade_of(count: int) -> Shade:
    return next(shade for shade in SHADES if shade.holds(count))


@dataclass(frozen=True)
class CantonRow:
    code: str
    name: str
    units: int


@dataclass(frozen=True)
class LegendEntry:
    label: str
    swatch: SafeString


@dataclass(frozen=True)
class CantonMap:
    """The SVG, its legend and the rows of the table that goes beside it."""

    svg: SafeString
    legend: list[LegendEntry]
    rows: list[CantonRow]
    title: str
    total: int


def canton_rows(cantons: Iterable[Any], by_canton: dict[str, int]) -> list[CantonRow]:
    """One row per canton (all 26, in the given order), with its number of units."""
    return [CantonRow(c.code, str(c.name), by_canton.get(c.code, 0)) for c in cantons]


def _swatch(shade: Shade) -> SafeString:
    return format_html(
        '<svg class="swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"'
        ' focusable="false"><rect x="1" y="1" width="16" height="16" rx="3" fill="{}"'
        ' stroke="{}"/></svg>',
        shade.fill,
        STROKE,
    )


def _tile(row: CantonRow) -> SafeString:
    column, line = GRID[row.code]
    x, y = GAP + column * (TILE + GAP), GAP + line * (TILE + GAP)
    shade = shade_of(row.units)
    hint = ngettext(
        "%(canton)s: %(count)s unit in cooperation",
        "%(canton)s: %(count)s units in cooperation",
        row.units,
    ) % {"canton": row.name, "count": row.units}
    return format_html(
        '<g><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}"'
        ' stroke="{}" stroke-width="1.5"/>'
        '<text x="{}" y="{}" fill="{}" font-size="16" font-weight="700"'
        ' text-anchor="middle">{}</text>'
        '<text x="{}" y="{}" fill="{}" font-size="14" text-anchor="middle">{}</text></g>',
        hint,
        x,
        y,
        TILE,
        TILE,
        shade.fill,
        STROKE,
        x + TILE // 2,
        y + 22,
        shade.text,
        row.code,
        x + TILE // 2,
        y + 42,
        shade.text,
        row.units,
    )


def canton_map(rows: list[CantonRow], *, title: str, element_id: str) -> CantonMap:
    """The tile map of the units per canton, with its legend; ``rows`` also feed the table."""
    width = GAP + 8 * (TILE + GAP)
    height = GAP + 5 * (TILE + GAP)
    placed = [row for row in rows if row.code in GRID]
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="canton-map" viewBox="0 0 {} {}"'
        ' role="img" aria-labelledby="{}-title" font-family="system-ui, sans-serif">'
        '<title id="{}-title">{}</title>{}</svg>',
        width,
        height,
        element_id,
        element_id,
        title,
        format_html_join("", "{}", ((_tile(row),) for row in placed)),
    )
    legend = [LegendEntry(label=shade.label, swatch=_swatch(shade)) for shade in SHADES]
    return CantonMap(
        svg=svg, legend=legend, rows=rows, title=title, total=sum(r.units for r in rows)
    )


def series_chart(
    series: list[dict[str, Any]], *, target: int, element_id: str, figure: str = "units"
) -> SafeString:
    """A bar chart of the units (or, with ``figure="cooperations"``, the triangles) in
    cooperation at each date of the series, with the line of the active target.

    The table of the series, rendered beside it, is the accessible version.
    """
    if not series:
        return SafeString("")
    triangles = figure == "cooperations"
    width, height = 720, 280
    left, right, top, bottom = 44, 12, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max(1, target, *(point[figure] for point in series))
    scale = plot_h / (top_value * 1.1)
    step = plot_w / len(series)
    bar = max(2.0, step * 0.7)
    bars = []
    years = []
    previous_year = None
    for index, point in enumerate(series):
        day = date.fromisoformat(point["at"])
        bar_h = point[figure] * scale
        x = left + index * step + (step - bar) / 2
        if triangles:
            hint = ngettext(
                "%(date)s: %(count)s cooperation",
                "%(date)s: %(count)s cooperations",
                point[figure],
            )
        else:
            hint = ngettext(
                "%(date)s: %(count)s unit in cooperation",
                "%(date)s: %(count)s units in cooperation",
                point[figure],
            )
        hint %= {"date": date_format(day, "SHORT_DATE_FORMAT"), "count": point[figure]}
        bars.append((hint, f"{x:.1f}", f"{top + plot_h - bar_h:.1f}", f"{bar:.1f}", f"{bar_h:.1f}"))
        if day.year != previous_year:
            years.append((f"{x:.1f}", height - bottom + 18, day.year))
            previous_year = day.year
    target_y = f"{top + plot_h - target * scale:.1f}"
    if triangles:
        title = _(
            "Cooperations (triangles) at the end of each quarter, against the target of %(target)s"
        ) % {"target": target}
    else:
        title = _(
            "Units in cooperation at the end of each quarter, against the target of %(target)s"
        ) % {"target": target}
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="series-chart" viewBox="0 0 {} {}"'
        ' role="img" aria-labelledby="{}-title" font-family="system-ui, sans-serif">'
        '<title id="{}-title">{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/>'
        "{}"
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b3261e" stroke-width="2"'
        ' stroke-dasharray="6 4"/>'
        '<text x="{}" y="{}" fill="#b3261e" font-size="13" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" fill="{}" font-size="13" text-anchor="end">0</text>'
        "{}</svg>",
        width,
        height,
        element_id,
        element_id,
        title,
        left,
        top + plot_h,
        width - right,
        top + plot_h,
        STROKE,
        format_html_join(
            "",
            '<rect x="{1}" y="{2}" width="{3}" height="{4}" fill="#1f6f84"><title>{0}</title></rect>',
            bars,
        ),
        left,
        target_y,
        width - right,
        target_y,
        width - right,
        f"{float(target_y) - 5:.1f}",
        _("Target: %(target)s") % {"target": target},
        left - 6,
        top + plot_h,
        INK,
        format_html_join(
            "",
            '<text x="{}" y="{}" fill="' + INK + '" font-size="13">{}</text>',
            years,
        ),
    )

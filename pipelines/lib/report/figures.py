"""Plotly figures of the donor report, as plain figure dicts. Suppressed values are never drawn.

Dicts rather than graph objects: building and validating graph objects was most of the report's
build time; the dicts are written out by plotly.io without validation, and rendered to PNG by
plotly.js in Chromium (images.py).
"""

from __future__ import annotations

from pipelines.lib.report.i18n import DIMENSIONS, category_label, period_label, t, withheld_text

Figure = dict  # {"data": [trace dicts], "layout": {...}}

# Okabe-Ito: distinguishable with every common colour-vision deficiency
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BAND = "rgba(0,114,178,0.2)"  # a 95 % interval: the first colour, light
# The parts of plotly's "plotly_white" look the charts use.
_AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "automargin": True}


def _figure(data: list[dict], title: str, lang: str, height: int = 360, **axes: dict) -> Figure:
    layout = {
        "title": {"text": title, "x": 0.05}, "height": height, "margin": {"l": 60, "r": 20, "t": 50, "b": 60},
        "paper_bgcolor": "white", "plot_bgcolor": "white", "hoverlabel": {"align": "left"},
        "font": {"family": "Segoe UI, Arial, sans-serif", "size": 13, "color": "#2a3f5f"}, "colorway": PALETTE,
        "separators": ", " if lang == "ru" else ".,", "showlegend": True,
    }
    for name in dict.fromkeys(["xaxis", "yaxis", *axes]):  # in a fixed order: the image cache hashes the JSON
        layout[name] = {**_AXIS, **axes.get(name, {})}
    return {"data": data, "layout": layout}


def positivity_trend(monthly: list[dict], lang: str) -> Figure:
    """Monthly positivity (published rows, by month) with its 95 % interval as a band; withheld months
    leave a gap. The months keep their calendar order on the axis: plotly orders categories as the traces
    first name them, and the bands come first (a month withheld before a lone published one would move to
    the end: "May, July, September, June, August")."""
    x = [period_label(r["period"], lang) for r in monthly]
    y = [None if r["suppressed"] else float(r["value"]) * 100 for r in monthly]
    lo = [None if r["suppressed"] else float(r["ci_low"]) * 100 for r in monthly]
    hi = [None if r["suppressed"] else float(r["ci_high"]) * 100 for r in monthly]
    # one closed band per run of published months, so a withheld month leaves a real gap
    runs, current = [], []
    for i, v in enumerate(y):
        if v is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    data = []
    for k, run in enumerate(runs):
        band = {"type": "scatter", "mode": "lines", "name": t("ci", lang), "showlegend": k == 0,
                "legendgroup": "ci", "hoverinfo": "skip"}
        if len(run) > 1:
            band |= {"x": [x[i] for i in run] + [x[i] for i in reversed(run)],
                     "y": [hi[i] for i in run] + [lo[i] for i in reversed(run)], "fill": "toself",
                     "fillcolor": BAND, "line": {"width": 0}}
        else:  # a band of one month has no width: its interval is a stroke of the band's colour
            band |= {"x": [x[run[0]]] * 2, "y": [hi[run[0]], lo[run[0]]], "line": {"width": 8, "color": BAND}}
        data.append(band)
    data.append({"type": "scatter", "x": x, "y": y, "mode": "lines+markers", "name": t("positivity", lang),
                 "line": {"color": PALETTE[0]}, "connectgaps": False,
                 "hovertemplate": "%{x}: %{y:.1f} %<extra></extra>"})
    return _figure(data, t("trend", lang), lang, yaxis={"title": {"text": "%"}, "rangemode": "tozero"},
                   xaxis={"type": "category", "categoryorder": "array", "categoryarray": x})


Bar = tuple[str, "dict | None", "dict | None"]  # category, its people_tested row, its positivity row


def people(bar: Bar) -> float | None:
    """A bar's people tested as published, None when the cell is missing or has no value."""
    v = None if bar[1] is None else bar[1]["value"]
    return None if v is None or v != v else float(v)  # v != v: NaN


def band_start(band: str) -> int:
    """An age band's first age: "<15" 0, "15-19" 15, "50+" 50."""
    return 0 if band.startswith("<") else int(band.rstrip("+").split("-")[0])


def table_order(bars: list[Bar], dimension: str = "") -> list[Bar]:
    """Age bands from the youngest, as MER's disaggregations run (not by people, "35-39" first and "<15"
    last); other categories the most people first, those without a number last, ties in category order."""
    if dimension == "age_band":
        return sorted(bars, key=lambda b: band_start(b[0]))
    return sorted(bars, key=lambda b: (people(b) is None, -(people(b) or 0.0)))


def breakdown(bars: list[Bar], dimension: str, lang: str) -> Figure:
    """People tested and positivity by category (``bars``: published rows or None per category, in
    category order); withheld categories are named, not drawn. Top down in the order of the table under
    it (``table_order``); the chart lists from the bottom, so its data run the other way (else ties would
    run in reverse category order: "Ukraine, Belarus" above a table's "Belarus, Ukraine")."""
    bars = table_order(bars, dimension)[::-1]
    withheld = [[r is None or bool(r["suppressed"]) for r in (b[1], b[2])] for b in bars]
    labels = [category_label(dimension, b[0], lang) for b in bars]
    counts = [None if w[0] else float(b[1]["value"]) for b, w in zip(bars, withheld)]
    pos = [None if w[1] else float(b[2]["value"]) * 100 for b, w in zip(bars, withheld)]
    err_hi = [None if w[1] else (float(b[2]["ci_high"]) - float(b[2]["value"])) * 100 for b, w in zip(bars, withheld)]
    err_lo = [None if w[1] else (float(b[2]["value"]) - float(b[2]["ci_low"])) * 100 for b, w in zip(bars, withheld)]
    data = [
        {"type": "bar", "y": labels, "x": counts, "orientation": "h", "name": t("people_tested", lang),
         "marker": {"color": PALETTE[0]}, "xaxis": "x",
         "text": [withheld_text(b[1] and b[1].get("mark"), lang) if v is None else ""
                  for b, v in zip(bars, counts)], "textposition": "outside"},
        {"type": "scatter", "y": labels, "x": pos, "mode": "markers", "name": t("positivity", lang) + " (%)",
         "marker": {"color": PALETTE[5], "size": 9, "symbol": "diamond"}, "xaxis": "x2",
         "error_x": {"type": "data", "array": err_hi, "arrayminus": err_lo, "visible": True}},
    ]
    return _figure(data, DIMENSIONS[dimension][lang], lang, height=max(300, 60 + 32 * len(bars)),
                   xaxis={"title": {"text": t("people_tested", lang)}, "domain": [0, 0.55]},
                   xaxis2={"title": {"text": t("positivity", lang) + " (%)"}, "domain": [0.62, 1], "anchor": "y",
                           "rangemode": "tozero"})


def cascade(steps: list[tuple[str, float | None, str | None]], lang: str, title: str) -> Figure:
    """The care cascade as a funnel, from (step, number or None if withheld, its mark); a withheld step
    shows no bar, and its mark ("<5" or "withheld") where its bar's middle would be, as the breakdowns name
    theirs (an empty row would read as none)."""
    labels = [t(k, lang) for k, _, _ in steps]
    # one unnamed trace: without showlegend False the legend read "trace 0"
    data = [{"type": "funnel", "y": labels, "x": [v for _, v, _ in steps],
             "textinfo": "value", "marker": {"color": PALETTE[: len(steps)]}, "showlegend": False}]
    fig = _figure(data, title, lang, height=340)
    # the funnel's bars are centred on the plot area: its middle, in paper coordinates
    fig["layout"]["annotations"] = [{"x": 0.5, "xref": "paper", "y": label, "yref": "y",
                                     "text": withheld_text(mark, lang), "showarrow": False}
                                    for label, (_, v, mark) in zip(labels, steps) if v is None]
    return fig

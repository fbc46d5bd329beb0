"""Plotly figures of the donor report. Suppressed values are never drawn."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipelines.lib.report.i18n import DIMENSIONS, category_label, period_label, t

# Okabe-Ito: distinguishable with every common colour-vision deficiency
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


# The parts of "plotly_white" the charts use. The full template is deep-copied into every figure
# and serialised into every page (~100 KB per chart, and most of the report's build time).
_GRID = dict(gridcolor="#EBF0F8", linecolor="#EBF0F8", zerolinecolor="#EBF0F8", automargin=True)
TEMPLATE = go.layout.Template(layout=dict(
    paper_bgcolor="white", plot_bgcolor="white", xaxis=_GRID, yaxis=_GRID, font=dict(color="#2a3f5f"),
    hoverlabel=dict(align="left"), title=dict(x=0.05)))


def _layout(fig: go.Figure, title: str, lang: str, height: int = 360) -> go.Figure:
    fig.update_layout(
        title=title, height=height, margin=dict(l=60, r=20, t=50, b=60), template=TEMPLATE,
        font=dict(family="Segoe UI, Arial, sans-serif", size=13), colorway=PALETTE,
        separators=", " if lang == "ru" else ".,", showlegend=True,
    )
    return fig


def positivity_trend(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Monthly positivity with its 95 % interval as a band; withheld months leave a gap."""
    df = monthly.sort_values("period")
    x = [period_label(p, lang) for p in df["period"]]
    y = [None if s else v * 100 for v, s in zip(df["value"], df["suppressed"])]
    lo = [None if s else v * 100 for v, s in zip(df["ci_low"], df["suppressed"])]
    hi = [None if s else v * 100 for v, s in zip(df["ci_high"], df["suppressed"])]
    fig = go.Figure()
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
    for k, run in enumerate(runs):
        xs = [x[i] for i in run] + [x[i] for i in reversed(run)]
        ys = [hi[i] for i in run] + [lo[i] for i in reversed(run)]
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor="rgba(0,114,178,0.2)",
                                 line=dict(width=0), name=t("ci", lang), showlegend=k == 0,
                                 legendgroup="ci", hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x, y=y, mode="lines+markers", name=t("positivity", lang),
                             line=dict(color=PALETTE[0]), connectgaps=False,
                             hovertemplate="%{x}: %{y:.1f} %<extra></extra>"))
    fig.update_yaxes(title="%", rangemode="tozero")
    _layout(fig, t("trend", lang), lang)
    return fig


def breakdown(df: pd.DataFrame, dimension: str, lang: str) -> go.Figure:
    """People tested and positivity by category; withheld categories are named, not drawn."""
    df = df.sort_values("people_tested_value", ascending=True, na_position="first")
    labels = [category_label(dimension, c, lang) for c in df["category"]]
    people = [None if s else v for v, s in zip(df["people_tested_value"], df["people_tested_suppressed"])]
    pos = [None if s else v * 100 for v, s in zip(df["positivity_value"], df["positivity_suppressed"])]
    err_hi = [None if s else (h - v) * 100 for v, h, s in zip(df["positivity_value"], df["positivity_ci_high"],
                                                                df["positivity_suppressed"])]
    err_lo = [None if s else (v - lo) * 100 for v, lo, s in zip(df["positivity_value"], df["positivity_ci_low"],
                                                                 df["positivity_suppressed"])]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=people, orientation="h", name=t("people_tested", lang),
                         marker_color=PALETTE[0], xaxis="x",
                         text=["<5" if v is None else "" for v in people], textposition="outside"))
    fig.add_trace(go.Scatter(y=labels, x=pos, mode="markers", name=t("positivity", lang) + " (%)",
                             marker=dict(color=PALETTE[5], size=9, symbol="diamond"), xaxis="x2",
                             error_x=dict(type="data", array=err_hi, arrayminus=err_lo, visible=True)))
    fig.update_layout(xaxis=dict(title=t("people_tested", lang), domain=[0, 0.55]),
                      xaxis2=dict(title=t("positivity", lang) + " (%)", domain=[0.62, 1], anchor="y",
                                  rangemode="tozero"))
    return _layout(fig, DIMENSIONS[dimension][lang], lang, height=max(300, 60 + 32 * len(df)))


def cascade(steps: list[tuple[str, float | None]], lang: str, title: str) -> go.Figure:
    """The care cascade as a funnel; a withheld step shows no bar."""
    fig = go.Figure(go.Funnel(
        y=[t(k, lang) for k, _ in steps], x=[v for _, v in steps],
        textinfo="value", marker=dict(color=PALETTE[: len(steps)]),
    ))
    return _layout(fig, title, lang, height=340)

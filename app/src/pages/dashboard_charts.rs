//! Charts drawn by the app as inline SVG: no chart library on a satellite link, and each chart
//! is also a table on the same page for anyone who cannot read it.

use leptos::prelude::*;

/// One bar of a stacked bar chart: a label and its segments' values, in the legend's order.
#[derive(Clone)]
pub struct Bar {
    pub label: String,
    pub values: Vec<u64>,
}

/// Colours of the segments, in order; readable side by side and in grey.
const COLOURS: [&str; 4] = ["#1b7f3b", "#d9a400", "#9aa5b1", "#b3261e"];
const WIDTH: f64 = 320.0;
const LABEL: f64 = 110.0;
const ROW: f64 = 22.0;

/// Horizontal stacked bars, one per row, scaled to the largest total.
#[component]
pub fn StackedBars(
    bars: Vec<Bar>,
    /// The segments' names, in order.
    legend: Vec<&'static str>,
    /// What the chart shows, for screen readers.
    title: String,
) -> impl IntoView {
    let most = bars
        .iter()
        .map(|b| b.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW * bars.len() as f64 + 4.0;
    let label = title.clone();
    let span = WIDTH - LABEL - 34.0;
    view! {
        <figure class="chart" data-testid="chart-bars">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=label width="100%">
                <title>{title}</title>
                {bars.into_iter().enumerate().map(|(n, bar)| {
                    let y = n as f64 * ROW + 2.0;
                    let total: u64 = bar.values.iter().sum();
                    let mut x = LABEL;
                    let segments = bar.values.iter().enumerate().map(|(i, v)| {
                        let w = *v as f64 / most * span;
                        let at = x;
                        x += w;
                        view! { <rect x=at y=y width=w height=ROW - 6.0 fill=COLOURS[i % COLOURS.len()]/> }
                    }).collect_view();
                    let label: String = bar.label.chars().take(16).collect();
                    view! {
                        <text x=LABEL - 4.0 y=y + ROW - 10.0 text-anchor="end" font-size="10">{label}</text>
                        {segments}
                        <text x=x + 3.0 y=y + ROW - 10.0 font-size="10">{total}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="legend">
                {legend_items(legend)}
            </figcaption>
        </figure>
    }
}

/// Lines over months (running totals), on one scale from zero.
#[component]
pub fn Trend(
    /// `YYYY-MM` labels, oldest first.
    months: Vec<String>,
    /// Each line's values, one per month, in the legend's order.
    lines: Vec<Vec<u64>>,
    legend: Vec<&'static str>,
    title: String,
    lang: kopdes_domain::Lang,
) -> impl IntoView {
    const H: f64 = 140.0;
    const LEFT: f64 = 34.0;
    const BOTTOM: f64 = 18.0;
    let top = lines.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let label = title.clone();
    let step = (WIDTH - LEFT - 8.0) / (months.len().max(2) - 1) as f64;
    let y = move |v: u64| 6.0 + (H - BOTTOM - 6.0) * (1.0 - v as f64 / top);
    let paths = lines
        .iter()
        .enumerate()
        .map(|(i, values)| {
            let points: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(n, v)| format!("{:.1},{:.1}", LEFT + n as f64 * step, y(*v)))
                .collect();
            view! {
                <polyline points=points.join(" ") fill="none" stroke=COLOURS[i % COLOURS.len()] stroke-width="2"/>
            }
        })
        .collect_view();
    // Every third month is labelled (twelve labels do not fit a phone), none at the edges.
    let labels = months
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 3 == 1)
        .map(|(n, m)| {
            view! {
                <text x=LEFT + n as f64 * step y=H - 4.0 font-size="9" text-anchor="middle">{kopdes_domain::format::month(m, lang)}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="chart-trend">
            <svg viewBox=format!("0 0 {WIDTH} {H}") role="img" aria-label=label width="100%">
                <title>{title}</title>
                <line x1=LEFT y1=y(0) x2=WIDTH - 8.0 y2=y(0) stroke="#9aa5b1"/>
                <text x=LEFT - 4.0 y=y(top as u64) + 3.0 font-size="9" text-anchor="end">{top as u64}</text>
                <text x=LEFT - 4.0 y=y(0) + 3.0 font-size="9" text-anchor="end">"0"</text>
                {paths}
                {labels}
            </svg>
            <figcaption class="legend">
                {legend_items(legend)}
            </figcaption>
        </figure>
    }
}

/// The legend's swatches. Drawn as SVG, like the charts: the content security policy allows
/// no inline styles.
fn legend_items(legend: Vec<&'static str>) -> impl IntoView {
    legend
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            view! {
                <span>
                    <svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill=COLOURS[i % COLOURS.len()]/></svg>
                    " " {name}
                </span>
            }
        })
        .collect_view()
}

/// A share as a thin bar, for table cells (form response and completion rates).
#[component]
pub fn Meter(percent: u64) -> impl IntoView {
    view! {
        <svg class="meter" width="48" height="8" role="img" aria-label=format!("{percent}%")>
            <rect width="48" height="8" rx="4" fill="#e6e6e6"/>
            <rect width=percent.min(100) as f64 * 0.48 height="8" rx="4" fill=COLOURS[0]/>
        </svg>
        " " {format!("{percent}%")}
    }
}

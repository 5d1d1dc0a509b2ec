//! Bar charts as inline SVG, drawn here so the page needs no charting library: vertical
//! bars for a series along an axis (dates by year), horizontal bars for categories
//! (indicator units). Every bar has a `<title>` (hover) and the chart an `aria-label`.

use std::fmt::Write as _;

use super::html::escape;

/// One bar: its label and count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bar {
    /// Shown under or beside the bar.
    pub label: String,
    /// Its height or length.
    pub count: u64,
}

const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"11\"";

/// Vertical bars, one per entry, left to right; labels every `step` bars so they fit.
pub(crate) fn columns(title: &str, bars: &[Bar], color: &str) -> String {
    if bars.is_empty() {
        return empty(title);
    }
    let (bar_width, gap, height, left, bottom) = (14u64, 4u64, 160u64, 40u64, 46u64);
    let width = left + bars.len() as u64 * (bar_width + gap) + 10;
    let max = bars.iter().map(|bar| bar.count).max().unwrap_or(1).max(1);
    let step = (bars.len() / 24).max(1);
    let mut svg = open(title, width, height + bottom + 10);
    axis(&mut svg, left, height, width, max);
    for (index, bar) in bars.iter().enumerate() {
        let x = left + index as u64 * (bar_width + gap) + gap;
        let h = scaled(bar.count, max, height);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar_width}\" height=\"{h}\" fill=\"{color}\">\
             <title>{}: {}</title></rect>",
            10 + height - h,
            escape(&bar.label),
            bar.count
        );
        if index % step == 0 {
            let (lx, ly) = (x + bar_width / 2, height + 18);
            let _ = write!(
                svg,
                "<text x=\"{lx}\" y=\"{ly}\" {FONT} fill=\"#222\" text-anchor=\"end\" \
                 transform=\"rotate(-60 {lx} {ly})\">{}</text>",
                escape(&bar.label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars, one row per entry, top to bottom, with the count at the bar's end.
pub(crate) fn rows(title: &str, bars: &[Bar], color: &str) -> String {
    if bars.is_empty() {
        return empty(title);
    }
    let (row, label_width, bar_space) = (20u64, 130u64, 300u64);
    let width = label_width + bar_space + 60;
    let max = bars.iter().map(|bar| bar.count).max().unwrap_or(1).max(1);
    let mut svg = open(title, width, bars.len() as u64 * row + 10);
    for (index, bar) in bars.iter().enumerate() {
        let y = 5 + index as u64 * row;
        let w = scaled(bar.count, max, bar_space).max(1);
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" {FONT} fill=\"#222\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_width}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{color}\">\
             <title>{}: {}</title></rect>\
             <text x=\"{}\" y=\"{}\" {FONT} fill=\"#222\">{}</text>",
            label_width - 6,
            y + 14,
            escape(&bar.label),
            y + 3,
            row - 6,
            escape(&bar.label),
            bar.count,
            label_width + w + 4,
            y + 14,
            bar.count
        );
    }
    svg.push_str("</svg>");
    svg
}

fn open(title: &str, width: u64, height: u64) -> String {
    format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-label=\"{}\">",
        escape(title)
    )
}

/// The value axis: a base line and the maximum's tick.
fn axis(svg: &mut String, left: u64, height: u64, width: u64, max: u64) {
    let _ = write!(
        svg,
        "<line x1=\"{left}\" y1=\"{y}\" x2=\"{width}\" y2=\"{y}\" stroke=\"#555\"/>\
         <line x1=\"{left}\" y1=\"10\" x2=\"{width}\" y2=\"10\" stroke=\"#ddd\"/>\
         <text x=\"{}\" y=\"14\" {FONT} fill=\"#222\" text-anchor=\"end\">{max}</text>\
         <text x=\"{}\" y=\"{y}\" {FONT} fill=\"#222\" text-anchor=\"end\">0</text>",
        left - 4,
        left - 4,
        y = 10 + height,
    );
}

fn scaled(count: u64, max: u64, space: u64) -> u64 {
    (count * space).div_ceil(max)
}

fn empty(title: &str) -> String {
    format!("<p class=\"muted\">{}: no data.</p>", escape(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(pairs: &[(&str, u64)]) -> Vec<Bar> {
        pairs
            .iter()
            .map(|&(label, count)| Bar {
                label: label.to_string(),
                count,
            })
            .collect()
    }

    #[test]
    fn columns_have_one_rect_per_bar_and_the_tallest_fills_the_axis() {
        let svg = columns("Dates by year", &bars(&[("2019", 2), ("2020", 4)]), "#123");
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("height=\"160\""));
        assert!(svg.contains("<title>2020: 4</title>"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn labels_are_escaped() {
        let svg = rows("Units", &bars(&[("<b>&", 1)]), "#123");
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn empty_series_say_so() {
        assert!(columns("Dates by year", &[], "#123").contains("no data"));
    }
}

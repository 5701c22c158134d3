//! A line chart of one rate's history, drawn with Unicode braille characters
//! (each character cell holds 2 × 4 dots), for a terminal.
//!
//! [`render`] fills the width it is given: a value axis on the left with the
//! maximum on the top row and the minimum on the bottom row, the plot, a time
//! axis with the first and last day, and a line naming the minimum, the
//! maximum and the last value with their days. Positions are computed from
//! the decimals themselves, never through `f64`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The narrowest plot drawn, whatever width is asked for.
const MIN_PLOT_WIDTH: usize = 10;

/// Draws `series` (oldest first) as a chart `width` characters wide whose
/// plot is `height` rows high. Every line is at most `width` characters
/// (unless `width` leaves less than 10 columns for the plot); the plot rows
/// are exactly `width`. An empty series draws nothing.
pub fn render(series: &[(NaiveDate, Decimal)], width: usize, height: usize) -> String {
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return String::new();
    };
    let height = height.max(2);
    let min = series.iter().min_by(|a, b| a.1.cmp(&b.1)).unwrap_or(first);
    let max = series.iter().max_by(|a, b| a.1.cmp(&b.1)).unwrap_or(first);
    let (max_label, min_label) = (max.1.to_string(), min.1.to_string());
    let label_width = max_label.chars().count().max(min_label.chars().count());
    let plot_width = width.saturating_sub(label_width + 2).max(MIN_PLOT_WIDTH);

    let dots = plot(series, min.1, max.1, plot_width, height);

    let mut lines = Vec::with_capacity(height + 4);
    for (row, cells) in dots.iter().enumerate() {
        let (label, tick) = match row {
            0 => (max_label.as_str(), '┤'),
            r if r == height - 1 => (min_label.as_str(), '┤'),
            _ => ("", '│'),
        };
        let plot_row: String = cells
            .iter()
            .map(|&bits| {
                if bits == 0 {
                    ' '
                } else {
                    char::from_u32(0x2800 + u32::from(bits)).unwrap_or('?')
                }
            })
            .collect();
        lines.push(format!("{label:>label_width$} {tick}{plot_row}"));
    }
    lines.push(format!("{:label_width$} └{}", "", "─".repeat(plot_width)));
    let (from, to) = (first.0.to_string(), last.0.to_string());
    let gap = plot_width.saturating_sub(from.len() + to.len());
    lines.push(if series.len() > 1 && gap >= 2 {
        format!("{:label_width$}  {from}{}{to}", "", " ".repeat(gap))
    } else {
        format!("{:label_width$}  {from}", "")
    });
    let facts = [
        format!("min {} ({})", min.1, min.0),
        format!("max {} ({})", max.1, max.0),
        format!("last {} ({})", last.1, last.0),
    ];
    let one_line = facts.join("  ");
    if one_line.chars().count() <= width {
        lines.push(one_line);
    } else {
        lines.extend(facts);
    }
    lines.join("\n")
}

/// The braille dot bits of each cell, `height` rows of `width` cells, with
/// consecutive points joined by straight lines.
fn plot(
    series: &[(NaiveDate, Decimal)],
    min: Decimal,
    max: Decimal,
    width: usize,
    height: usize,
) -> Vec<Vec<u8>> {
    let (dots_x, dots_y) = (width * 2, height * 4);
    let n = series.len();
    let x_of = |i: usize| {
        if n == 1 {
            dots_x / 2
        } else {
            // round(i × (dots_x − 1) / (n − 1))
            (2 * i * (dots_x - 1) + (n - 1)) / (2 * (n - 1))
        }
    };
    let y_of = |value: Decimal| -> usize {
        let top = dots_y - 1;
        let level = if max == min {
            top / 2
        } else {
            ((value - min) * Decimal::from(top) / (max - min))
                .round()
                .to_usize()
                .unwrap_or(0)
                .min(top)
        };
        // Dot rows count from the top.
        top - level
    };
    let mut cells = vec![vec![0u8; width]; height];
    let mut set = |x: usize, y: usize| {
        const BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
        cells[y / 4][x / 2] |= BITS[x % 2][y % 4];
    };
    let points: Vec<(usize, usize)> = series
        .iter()
        .enumerate()
        .map(|(i, (_, value))| (x_of(i), y_of(*value)))
        .collect();
    set(points[0].0, points[0].1);
    for pair in points.windows(2) {
        for (x, y) in line(pair[0], pair[1]) {
            set(x, y);
        }
    }
    cells
}

/// The dots of a straight line from `a` to `b`, both ends included
/// (Bresenham's algorithm).
fn line(a: (usize, usize), b: (usize, usize)) -> Vec<(usize, usize)> {
    let (mut x, mut y) = (a.0 as i64, a.1 as i64);
    let (x1, y1) = (b.0 as i64, b.1 as i64);
    let (dx, dy) = ((x1 - x).abs(), -(y1 - y).abs());
    let (sx, sy) = (if x < x1 { 1 } else { -1 }, if y < y1 { 1 } else { -1 });
    let mut err = dx + dy;
    let mut dots = Vec::new();
    loop {
        dots.push((x as usize, y as usize));
        if x == x1 && y == y1 {
            return dots;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x += sx;
        }
        if e2 <= dx {
            err += dx;
            y += sy;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[&str]) -> Vec<(NaiveDate, Decimal)> {
        let start = NaiveDate::from_ymd_opt(2024, 6, 3).expect("date");
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    start + chrono::Days::new(i as u64),
                    v.parse().expect("decimal"),
                )
            })
            .collect()
    }

    #[test]
    fn the_chart_fills_the_width_and_labels_min_max_and_last() {
        let chart = render(&series(&["1.0801", "1.0750", "1.0900", "1.0705"]), 60, 10);
        let lines: Vec<&str> = chart.lines().collect();
        for line in &lines {
            assert!(line.chars().count() <= 60, "too wide: {line:?}");
        }
        for row in &lines[..10] {
            assert_eq!(row.chars().count(), 60, "{row:?}");
        }
        assert!(lines[0].starts_with("1.0900 ┤"), "{}", lines[0]);
        assert!(lines[9].starts_with("1.0705 ┤"), "{}", lines[9]);
        assert!(lines[1].starts_with("       │"), "{}", lines[1]);
        assert!(lines[10].starts_with("       └─"), "{}", lines[10]);
        assert!(
            lines[11].starts_with("        2024-06-03 "),
            "{}",
            lines[11]
        );
        assert!(lines[11].ends_with("2024-06-06"), "{}", lines[11]);
        assert_eq!(lines[11].chars().count(), 60);
        // Too long for one line of 60: one fact per line.
        assert_eq!(
            lines[12..],
            [
                "min 1.0705 (2024-06-06)",
                "max 1.0900 (2024-06-05)",
                "last 1.0705 (2024-06-06)"
            ]
        );
    }

    #[test]
    fn a_rising_series_starts_bottom_left_and_ends_top_right() {
        let chart = render(&series(&["1", "2", "3", "4", "5"]), 60, 4);
        let lines: Vec<&str> = chart.lines().collect();
        let plot = |row: usize| -> Vec<char> { lines[row].chars().skip(3).collect() };
        // The top row is empty but for its right end; the bottom row but for its left.
        let top = plot(0);
        assert_ne!(top[top.len() - 1], ' ');
        assert!(top[..top.len() / 2].iter().all(|c| *c == ' '), "{top:?}");
        let bottom = plot(3);
        assert_ne!(bottom[0], ' ');
        assert!(
            bottom[bottom.len() / 2..].iter().all(|c| *c == ' '),
            "{bottom:?}"
        );
        assert!(chart.ends_with("min 1 (2024-06-03)  max 5 (2024-06-07)  last 5 (2024-06-07)"));
    }

    #[test]
    fn a_flat_or_single_point_series_draws_one_middle_row() {
        for values in [&["2.5"][..], &["2.5", "2.5", "2.5"][..]] {
            let chart = render(&series(values), 30, 4);
            let rows: Vec<&str> = chart.lines().take(4).collect();
            let inked: Vec<usize> = (0..4)
                .filter(|r| rows[*r].chars().skip(5).any(|c| c != ' '))
                .collect();
            assert_eq!(inked.len(), 1, "{chart}");
        }
        assert_eq!(render(&[], 60, 10), "");
    }

    #[test]
    fn a_narrow_width_still_draws_a_readable_plot() {
        let chart = render(&series(&["1.0801", "1.0705"]), 5, 3);
        assert!(chart.lines().next().expect("a row").chars().count() >= MIN_PLOT_WIDTH);
    }
}

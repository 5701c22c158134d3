//! Laying text out for a terminal: aligned columns and the history chart.
//!
//! Pure functions from values to strings, so their shape can be tested
//! without a terminal. The output is plain text, never coloured.

pub mod chart;

/// `n` followed by `noun`, pluralised with an `s` unless `n` is one:
/// "1 day", "3 days".
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    match n.into() {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    /// Numbers line up on their decimal point.
    Decimal,
}

/// Lays `rows` out under `headers` in columns two spaces apart, without
/// trailing spaces. Decimal columns are aligned on the decimal point (a
/// number without one lines up as if it had one after its last digit).
pub fn table(headers: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let columns = headers.len();
    // For decimal columns: widest part before and after the point.
    let mut int_width = vec![0; columns];
    let mut frac_width = vec![0; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            let (int, frac) = split_point(cell);
            int_width[i] = int_width[i].max(int.chars().count());
            frac_width[i] = frac_width[i].max(frac.chars().count());
        }
    }
    let place = |i: usize, cell: &str| -> String {
        if align.get(i) == Some(&Align::Decimal) {
            let (int, frac) = split_point(cell);
            format!(
                "{}{int}{frac}{}",
                " ".repeat(int_width[i] - int.chars().count()),
                " ".repeat(frac_width[i] - frac.chars().count())
            )
        } else {
            cell.to_owned()
        }
    };
    let mut cells: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    cells.push(headers.iter().map(|h| (*h).to_owned()).collect());
    for row in rows {
        cells.push(
            (0..columns)
                .map(|i| place(i, row.get(i).map_or("", String::as_str)))
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (n, row) in cells.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i] - cell.chars().count();
            // Headers of number columns sit on the right edge of their column.
            if n == 0 && align.get(i) == Some(&Align::Decimal) {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
    }
    out
}

/// `"171.94"` → `("171", ".94")`; `"7"` → `("7", "")`.
fn split_point(cell: &str) -> (&str, &str) {
    match cell.find('.') {
        Some(at) => cell.split_at(at),
        None => (cell, ""),
    }
}

/// The width of the terminal output goes to: `COLUMNS` when it holds a
/// positive number, else the size of the terminal on stdout, else 80.
pub fn terminal_width() -> usize {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
    {
        return columns;
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map_or(80, |(terminal_size::Width(w), _)| usize::from(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_numbers_line_up_on_the_point() {
        let rows = vec![
            vec!["USD".to_owned(), "1.0705".to_owned()],
            vec!["JPY".to_owned(), "171.94".to_owned()],
            vec!["ISK".to_owned(), "148".to_owned()],
        ];
        let text = table(&["QUOTE", "RATE"], &[Align::Left, Align::Decimal], &rows);
        assert_eq!(
            text,
            "QUOTE      RATE\n\
             USD      1.0705\n\
             JPY    171.94\n\
             ISK    148"
        );
    }

    #[test]
    fn a_table_without_rows_is_its_header() {
        assert_eq!(table(&["A", "B"], &[Align::Left, Align::Left], &[]), "A  B");
    }

    #[test]
    fn count_pluralises_all_but_one() {
        assert_eq!(count(0u64, "day"), "0 days");
        assert_eq!(count(1u64, "day"), "1 day");
        assert_eq!(count(31u64, "rate"), "31 rates");
    }
}

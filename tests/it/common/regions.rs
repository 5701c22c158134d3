//! The regions of a committed file that something else writes (the
//! provider registry, what fxrates prints): each found between its
//! markers, compared with what writes it now and, under `FXRATES_BLESS=1`,
//! rewritten in place (a snapshot test, like snapbox's
//! `SNAPSHOTS=overwrite`); and the snapshot files of long outputs in
//! `tests/snapshots/`, held and rewritten the same way ([`snapshots`]).

use std::ops::Range;
use std::path::PathBuf;

/// The variable that rewrites the regions instead of comparing them.
const BLESS: &str = "FXRATES_BLESS";

/// What writes a kind of region: the words of its opening markers, and
/// what a failure names.
#[derive(Debug)]
pub struct Writer {
    /// The opening marker's words before the region's name:
    /// `generated from the provider registry` for
    /// `<!-- generated from the provider registry: providers -->`.
    pub marker: &'static str,
    /// Where the text comes from, as a failure names it.
    pub source: &'static str,
    /// The command that rewrites every region it writes.
    pub bless: &'static str,
}

/// How a file writes a comment, and so its markers.
#[derive(Clone, Copy, Debug)]
pub enum Comments {
    /// Markdown: `<!-- … -->` on a line of its own.
    Html,
    /// A crontab, an environment file, YAML: `# …` on a line of its own,
    /// indented or not.
    Hash,
}

impl Comments {
    /// The line that opens the region `name`, without its indentation.
    fn start(self, marker: &str, name: &str) -> String {
        match self {
            Comments::Html => format!("<!-- {marker}: {name} -->\n"),
            Comments::Hash => format!("# {marker}: {name}\n"),
        }
    }

    /// The line that closes a region, without its indentation.
    fn end(self) -> &'static str {
        match self {
            Comments::Html => "<!-- end of generated -->\n",
            Comments::Hash => "# end of generated\n",
        }
    }
}

/// A region as its writer renders it: whole lines, each ending in a
/// newline.
#[derive(Debug)]
pub struct Region {
    /// Its name in the opening marker.
    pub name: &'static str,
    pub text: String,
}

/// Holds each region of the file at `path` (from the root of the crate),
/// marked as `writer` marks them, to its text: a mismatch fails with a diff
/// of each region that differs, and under `FXRATES_BLESS=1` rewrites them
/// instead.
pub fn check(writer: &Writer, path: &str, comments: Comments, regions: &[Region]) {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut text = std::fs::read_to_string(&file).unwrap_or_else(|err| panic!("{path}: {err}"));
    let mut diffs = String::new();
    for region in regions {
        let span = find(&text, comments, writer.marker, region.name)
            .unwrap_or_else(|why| panic!("{path}: {why}; {} needs them", writer.bless));
        if text[span.clone()] != region.text {
            diffs.push_str(&format!(
                "--- {path}, region {} (- the file, + {})\n{}",
                region.name,
                writer.source,
                diff(&text[span.clone()], &region.text)
            ));
            text.replace_range(span, &region.text);
        }
    }
    if diffs.is_empty() {
        return;
    }
    if std::env::var_os(BLESS).is_some_and(|value| value == "1") {
        std::fs::write(&file, text).unwrap_or_else(|err| panic!("{path}: {err}"));
        eprintln!("rewrote from {}:\n{diffs}", writer.source);
        return;
    }
    panic!(
        "{path} differs from {}:\n\n{diffs}\n\
         Rewrite it with `{}`, and review the diff.",
        writer.source, writer.bless
    );
}

/// The directory of the snapshot files, from the root of the crate.
const SNAPSHOTS: &str = "tests/snapshots";

/// The command that rewrites the snapshot files of the tests matching
/// `filter`.
fn bless_snapshots(filter: &str) -> String {
    format!("FXRATES_BLESS=1 cargo test --locked --test it {filter}")
}

/// Holds each `(name, text)` to its snapshot file
/// `tests/snapshots/<name>.txt`, long outputs reviewed when they change
/// (snapbox's and insta's way, in plain files): a missing file or a
/// mismatch fails with a diff of each that differs, and under
/// `FXRATES_BLESS=1` writes them instead. `filter` names the tests that
/// write them, for the message.
pub fn snapshots(filter: &str, snapshots: &[(String, String)]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOTS);
    let bless = std::env::var_os(BLESS).is_some_and(|value| value == "1");
    let mut diffs = String::new();
    for (name, text) in snapshots {
        let file = root.join(format!("{name}.txt"));
        let old = std::fs::read_to_string(&file).unwrap_or_default();
        if old == *text {
            continue;
        }
        diffs.push_str(&format!(
            "--- {SNAPSHOTS}/{name}.txt (- the snapshot, + what fxrates prints)\n{}",
            diff(&old, text)
        ));
        if bless {
            let dir = file.parent().expect("a directory");
            std::fs::create_dir_all(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
            std::fs::write(&file, text).unwrap_or_else(|err| panic!("{name}: {err}"));
        }
    }
    if diffs.is_empty() {
        return;
    }
    if bless {
        eprintln!("rewrote the snapshots:\n{diffs}");
        return;
    }
    panic!(
        "what fxrates prints differs from its snapshots:\n\n{diffs}\n\
         Rewrite them with `{}`, and review the diff.",
        bless_snapshots(filter)
    );
}

/// Where the region `name` of `text` lies: from the line after its opening
/// marker to the start of the line of the closing one.
fn find(text: &str, comments: Comments, marker: &str, name: &str) -> Result<Range<usize>, String> {
    let start = comments.start(marker, name);
    let end = comments.end();
    let missing = || {
        format!(
            "no region {name}: mark it with the lines `{}` and `{}`",
            start.trim_end(),
            end.trim_end()
        )
    };
    let mut opened = text
        .match_indices(&start)
        .filter(|(at, _)| at_line_start(text, *at))
        .map(|(at, _)| at + start.len());
    let from = opened.next().ok_or_else(missing)?;
    if opened.next().is_some() {
        return Err(format!("the region {name} is marked twice"));
    }
    let to = text[from..]
        .match_indices(end)
        .map(|(at, _)| from + at)
        .find(|at| at_line_start(text, *at))
        .ok_or_else(missing)?;
    let line_start = text[..to].rfind('\n').map_or(0, |newline| newline + 1);
    Ok(from..line_start.max(from))
}

/// Whether only indentation stands between `at` and the start of its line.
fn at_line_start(text: &str, at: usize) -> bool {
    text[..at]
        .rsplit('\n')
        .next()
        .is_some_and(|indent| indent.chars().all(|c| c == ' ' || c == '\t'))
}

/// The lines of `old` and `new` as a diff: `-` a line only in `old`, `+` one
/// only in `new`, with a line of context either side of a change.
fn diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    // common[i][j]: how many lines old[i..] and new[j..] have in common, in order.
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            lines.push((' ', old[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < old.len() && (j == new.len() || common[i + 1][j] >= common[i][j + 1]) {
            lines.push(('-', old[i]));
            i += 1;
        } else {
            lines.push(('+', new[j]));
            j += 1;
        }
    }
    let changed = |k: usize| {
        lines[k.saturating_sub(1)..(k + 2).min(lines.len())]
            .iter()
            .any(|(mark, _)| *mark != ' ')
    };
    let mut out = String::new();
    let mut elided = false;
    for (k, (mark, line)) in lines.iter().enumerate() {
        if changed(k) {
            if elided {
                out.push_str("  …\n");
            }
            out.push_str(&format!("{mark} {line}\n"));
            elided = false;
        } else {
            elided = true;
        }
    }
    if elided {
        out.push_str("  …\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKER: &str = "generated from the provider registry";

    #[test]
    fn a_region_lies_between_its_markers_indented_or_not() {
        let text =
            "a\n  # generated from the provider registry: x\n  # one\n  # end of generated\nb\n";
        let span = find(text, Comments::Hash, MARKER, "x").expect("found");
        assert_eq!(&text[span], "  # one\n");
        let text = "<!-- generated from the provider registry: t -->\n<!-- end of generated -->\n";
        let span = find(text, Comments::Html, MARKER, "t").expect("found");
        assert!(span.is_empty() && text[span.start..].starts_with("<!-- end"));
        let err = find(text, Comments::Html, MARKER, "other").expect_err("missing");
        assert!(err.starts_with("no region other: mark it"), "{err}");
        // A name is whole: `t` is not the start of `table`.
        let text = "# generated from the provider registry: table\n# end of generated\n";
        assert!(find(text, Comments::Hash, MARKER, "t").is_err());
        // Another writer's marker is not this one's.
        assert!(find(text, Comments::Hash, "generated from elsewhere", "table").is_err());
    }

    #[test]
    fn a_diff_shows_what_changed_with_a_line_of_context() {
        let old = "1\n2\n3\n4\n5\n6\n";
        let new = "1\n2\n3\nfour\n5\n6\n7\n";
        assert_eq!(diff(old, new), "  …\n  3\n- 4\n+ four\n  5\n  6\n+ 7\n");
    }
}

//! The house rules that a reader of `src/` can check, held by tests so
//! that they stay true: no function over 80 lines (tests aside), and the
//! layers import downward only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a function of `src/` may be, its signature and closing
/// brace included.
const LONGEST_FUNCTION: usize = 80;

/// Every `.rs` file under `src/`, with its text up to its tests.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("src/ reads") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                let code = text
                    .split("\n#[cfg(test)]\nmod ")
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                out.push((path, code));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    assert!(out.len() > 50, "found only {} files under src/", out.len());
    out
}

/// The functions of `code` longer than [`LONGEST_FUNCTION`], as `name
/// (lines)`: a `fn` line, to the line that closes it at its indentation.
fn long_functions(code: &str) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let signature = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ");
        let Some(name) = signature.strip_prefix("fn ") else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let closing = " ".repeat(indent) + "}";
        let Some(end) = lines[i..].iter().position(|line| {
            line.starts_with(&closing) && line.len() - line.trim_start().len() == indent
        }) else {
            continue;
        };
        if end + 1 > LONGEST_FUNCTION {
            long.push(format!("{name} ({} lines)", end + 1));
        }
    }
    long
}

#[test]
fn no_function_of_src_is_over_80_lines() {
    let long: Vec<String> = sources()
        .iter()
        .flat_map(|(path, code)| {
            let file = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(path)
                .display()
                .to_string();
            long_functions(code)
                .into_iter()
                .map(move |function| format!("{file}: {function}"))
        })
        .collect();
    assert!(
        long.is_empty(),
        "functions over {LONGEST_FUNCTION} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_check_finds_a_long_function() {
    let body = "    let x = 1;\n".repeat(LONGEST_FUNCTION);
    let code = format!("fn short() {{\n}}\n\npub fn long() {{\n{body}}}\n");
    assert_eq!(
        long_functions(&code),
        [format!("long ({} lines)", LONGEST_FUNCTION + 2)]
    );
}

/// The layers of `src/`, top first: a module may import those after it,
/// never one before it (`secrets` apart: see CONTRIBUTING.md).
const LAYERS: &[&str] = &[
    "cli",
    "commands",
    "read",
    "notify",
    "providers",
    "store",
    "http",
    "calendar",
    "model",
    "error",
    "render",
    "secrets",
    "percent",
];

#[test]
fn the_layers_import_downward_only() {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (path, code) in sources() {
        let relative = path.strip_prefix(&root).expect("under src/");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|name| name.trim_end_matches(".rs").to_owned())
            .expect("a name");
        if top == "main" || top == "lib" {
            continue;
        }
        for used in code.split("crate::").skip(1) {
            let module: String = used
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if module != top && LAYERS.contains(&module.as_str()) {
                imports.entry(top.clone()).or_default().insert(module);
            }
        }
    }
    assert!(
        imports
            .get("cli")
            .is_some_and(|used| used.contains("commands")),
        "the imports were not read: {imports:?}"
    );
    let rank = |module: &str| LAYERS.iter().position(|layer| *layer == module);
    let mut upward = Vec::new();
    for (module, used) in &imports {
        let Some(own) = rank(module) else {
            upward.push(format!("{module} is in no layer"));
            continue;
        };
        for other in used {
            if rank(other).is_some_and(|theirs| theirs < own) && module != "secrets" {
                upward.push(format!("{module} imports {other}, a layer above it"));
            }
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}

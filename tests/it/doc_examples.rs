//! The examples of output in the docs, held to what fxrates prints: each is
//! a region between markers (`<!-- generated from fxrates' output: NAME
//! -->` … `<!-- end of generated -->`) that must read as the commands it
//! shows print now, run on the ECB's recorded days;
//! `FXRATES_BLESS=1 cargo test --locked --test it doc_examples` rewrites
//! the examples that differ.

use crate::common::env::Env;
use crate::common::regions::{Comments, Region, Writer, check};

/// fxrates, as the writer of the examples.
const OUTPUT: Writer = Writer {
    marker: "generated from fxrates' output",
    source: "what fxrates prints",
    bless: "FXRATES_BLESS=1 cargo test --locked --test it doc_examples",
};

/// The ECB fixtures 2024-05-27..2024-06-28, stored as a fetch on
/// 2024-06-28 stores them.
fn env_with_ecb_days() -> Env {
    let env = Env::with_schema();
    env.run_at("2024-06-28", &["fetch", "--from", "2024-05-27"])
        .expect("fetch the fixtures");
    env
}

/// Each of `commands` as typed (`$ fxrates …`) and what it prints on an
/// 80-column terminal, a blank line between them, as a code block. The
/// spaces that end a chart's rows, which no terminal shows, are left out.
fn session(env: &Env, commands: &[&[&str]]) -> String {
    let shown: Vec<String> = commands
        .iter()
        .map(|args| {
            let output = env
                .fxrates()
                .args(*args)
                .env("COLUMNS", "80")
                .output()
                .expect("run fxrates");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success() && stderr.is_empty(),
                "{args:?}: {stderr}"
            );
            let stdout = String::from_utf8(output.stdout).expect("UTF-8");
            let lines: String = stdout
                .lines()
                .map(|line| format!("{}\n", line.trim_end_matches(' ')))
                .collect();
            format!("$ fxrates {}\n{lines}", args.join(" "))
        })
        .collect();
    code_block(&shown.join("\n"))
}

/// `text` (whole lines) as a markdown code block.
fn code_block(text: &str) -> String {
    format!("```\n{text}```\n")
}

#[test]
fn the_reading_examples_of_docs_usage_are_what_show_and_convert_print() {
    let env = env_with_ecb_days();
    check(
        &OUTPUT,
        "docs/usage.md",
        Comments::Html,
        &[
            Region {
                name: "show-and-convert",
                text: session(
                    &env,
                    &[
                        &["show", "USD", "JPY", "GBP", "--date", "2024-06-30"],
                        &["convert", "100", "USD", "EUR", "--date", "2024-06-28"],
                        &["convert", "100", "EUR", "JPY", "--date", "2024-06-28"],
                    ],
                ),
            },
            Region {
                name: "chart",
                text: session(
                    &env,
                    &[&[
                        "show",
                        "USD",
                        "--from",
                        "2024-05-27",
                        "--to",
                        "2024-06-28",
                        "--chart",
                    ]],
                ),
            },
        ],
    );
}

/// A month stored on 2024-06-27, a clean at night, and the next day's
/// catch-up, each at the time the example shows: `status`'s text.
#[test]
fn the_status_example_of_docs_operations_is_what_status_prints() {
    let env = Env::with_schema();
    env.run_at(
        "2024-06-27",
        &["fetch", "--from", "2024-05-27", "--to", "2024-06-27"],
    )
    .expect("a month");
    env.run_at("2024-06-28", &["clean", "--older-than", "1m"])
        .expect("clean");
    env.run_at("2024-06-28", &["fetch"]).expect("catch up");
    // The runs, as if run at those times rather than now.
    env.client()
        .batch_execute(
            "WITH runs AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM fetch_runs)
             UPDATE fetch_runs f
                SET started_at = t.started::timestamptz, finished_at = t.finished::timestamptz
               FROM runs
               JOIN (VALUES (1, '2024-06-27 14:30:00Z', '2024-06-27 14:30:03Z'),
                            (2, '2024-06-28 01:15:00Z', '2024-06-28 01:15:00Z'),
                            (3, '2024-06-28 14:30:01Z', '2024-06-28 14:30:02Z'))
                    AS t (n, started, finished) ON t.n = runs.n
              WHERE f.id = runs.id",
        )
        .expect("date the runs");
    let status = env.run_at("2024-06-28", &["status"]).expect("fresh");
    check(
        &OUTPUT,
        "docs/operations.md",
        Comments::Html,
        &[Region {
            name: "status",
            text: code_block(&format!("{status}\n")),
        }],
    );
}

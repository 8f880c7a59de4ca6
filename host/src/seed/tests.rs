//! Row k generated alone (as a partition starting there generates it) equals row k of a run
//! that generates every row in order, for every host function, every plugin function and one
//! gen() pattern of every category, across block boundaries.

use super::Prepared;
use super::blocks::RowStreams;
use crate::config::Section;
use crate::expr::Evaluator;
use crate::plugin::{Limits, Loaded, Runtime};

const SEED: u64 = 42;
const ROWS: u64 = 2100;

/// Host functions a seed row cannot take here: rows that expand a statement, state refused for
/// partitions, a transaction's locals, an unset variable, and errors by design.
const SKIPPED: [&str; 10] =
    ["ref_each", "batch", "gen_batch", "uniq", "ref_diff", "local", "env", "fail", "fatal", "arg"];

fn config_text(args: &[String]) -> String {
    let users: Vec<String> =
        (1..=50).map(|i| format!("    - {{id: {i}, name: u{i}, popularity: {}}}", i % 7)).collect();
    let mut text = format!(
        "globals:\n  regions: [north, south]\nseq:\n  - name: order_id\n    start: 1\n    step: 1\n\
         reference:\n  fetch_users:\n{u}\n  users:\n{u}\n  products:\n{u}\n  regions:\n    - {{name: north}}\n    - {{name: south}}\n\
         \x20 orders:\n    - {{amount: 1.5, status: a}}\n    - {{amount: 2.5, status: b}}\n\
         seed:\n  - name: q\n    type: exec_batch\n    count: {ROWS}\n    args:\n      - seq_global('order_id')\n      - seq(1, 1)\n",
        u = users.join("\n")
    );
    for a in args {
        text.push_str(&format!("      - {}\n", serde_json::to_string(a).expect("a string")));
    }
    text.push_str("    query: INSERT INTO t __values__\n");
    text
}

/// Every function's example and one pattern per category.
fn arguments(loaded: &[Loaded]) -> Vec<String> {
    let mut out: Vec<String> = crate::expr::catalog::HOST_FUNCTIONS
        .iter()
        .filter(|(name, ..)| !SKIPPED.contains(name))
        .map(|(.., example)| example.to_string())
        .collect();
    out.push("arg(0)".into());
    let mut categories = std::collections::HashSet::new();
    for l in loaded {
        if let Loaded::Generator { info, .. } = l {
            out.extend(info.functions.iter().filter(|f| !f.example.is_empty()).map(|f| f.example.clone()));
            out.extend(
                info.patterns.iter().filter(|p| categories.insert(p.category.clone())).map(|p| p.example.clone()),
            );
        }
    }
    out
}

fn prepared(dir: &std::path::Path, args: &[String], runtime: &Runtime, loaded: &[Loaded]) -> Prepared {
    // As EDG_RUN_CLOCK does for partitions: every "now" the same instant.
    crate::clock::pin(1_767_225_600_000_000_000);
    let path = dir.join("rows.yaml");
    std::fs::write(&path, config_text(args)).expect("write config");
    let config = crate::config::load(&path).expect("config");
    let ev = Evaluator::new(runtime.instantiate(loaded).expect("instances"), &config, SEED).expect("evaluator");
    Prepared::new(config, ev, SEED).unwrap_or_else(|e| panic!("{e}"))
}

/// Rows `lo .. lo + n`, in batches of 100, from a fresh query; `partitioned` as a partition
/// does it (counters measured, then set for the first row).
fn rows(p: &Prepared, lo: u64, n: u64, partitioned: bool) -> Vec<String> {
    let args = &p.args.iter().find(|(s, _)| *s == Section::Seed).expect("seed").1[0];
    p.evaluator.lock().start_query(vec![None; args.len()]);
    let mut rs = RowStreams::new(SEED, "seed", "q", args.len());
    let mut draw = |s: &mut [crate::rng::Stream], k: u32| p.generate(args, k, s);
    if partitioned {
        p.measure_rows(&mut rs, &mut draw).expect("measure");
    }
    let mut out = Vec::new();
    let mut at = lo;
    while at < lo + n {
        let k = 100.min(lo + n - at);
        out.extend(p.rows_at(&mut rs, at, k, &mut draw).expect("rows").iter().map(|r| format!("{r:?}")));
        at += k;
    }
    out
}

#[test]
fn a_row_generated_alone_equals_that_row_of_a_sequential_run() {
    let runtime = Runtime::new(Limits::default()).expect("runtime");
    let loaded = runtime.builtins().expect("built-ins");
    let args = arguments(&loaded);
    assert!(args.len() > 60, "only {} arguments", args.len());
    let dir = std::env::temp_dir().join(format!("edg-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let all = rows(&prepared(&dir, &args, &runtime, &loaded), 0, ROWS, false);
    assert_eq!(all.len() as u64, ROWS);
    for k in [0, 1, 99, 1023, 1024, 1500, 2047, 2048, ROWS - 1] {
        let alone = rows(&prepared(&dir, &args, &runtime, &loaded), k, 1, true);
        assert_eq!(alone[0], all[k as usize], "row {k} alone differs from the sequential run (arguments: {args:?})");
    }
    // And a range crossing a block edge, from a partition's start mid-block.
    let part = rows(&prepared(&dir, &args, &runtime, &loaded), 1000, 100, true);
    assert_eq!(part, all[1000..1100]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn different_rows_differ() {
    // The guard against a jump that lands every row on the same stream position.
    let runtime = Runtime::new(Limits::default()).expect("runtime");
    let loaded = runtime.builtins().expect("built-ins");
    let args = vec!["gen('email')".to_string(), "uniform(0, 1)".to_string()];
    let dir = std::env::temp_dir().join(format!("edg-rows-differ-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let p = prepared(&dir, &args, &runtime, &loaded);
    let a = rows(&p, 5, 1, true);
    let b = rows(&prepared(&dir, &args, &runtime, &loaded), 1029, 1, true);
    assert_ne!(a, b);
    let _ = std::fs::remove_dir_all(&dir);
}

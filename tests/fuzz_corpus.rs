//! Every input the fuzzers kept (`fuzz/corpus/<target>/`) replayed through the same entry
//! points as the cargo-fuzz targets: a regression test in seconds, on the stable toolchain.
//! (The normalizer's corpus is replayed by the edg-normalize crate's own tests.)

use crate::support::util::root;

/// On a thread with the binary's command-thread stack (64 MiB; see main.rs): deep but accepted
/// expressions recurse further than a test thread's 2 MiB allow.
fn replay(target: &str, run: fn(&[u8])) {
    let target = target.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || replay_here(&target, run))
        .unwrap()
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

fn replay_here(target: &str, run: fn(&[u8])) {
    let dir = root().join("fuzz/corpus").join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        // A fuzzer running beside the tests may have just replaced the file.
        let Ok(data) = std::fs::read(entry.path()) else { continue };
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!("fuzz/corpus/{target}/{} fails", entry.file_name().to_string_lossy());
        }
        n += 1;
    }
    assert!(n > 0, "no corpus for {target}");
    eprintln!("{target}: {n} inputs");
}

#[test]
fn config_corpus() {
    replay("config", edg::fuzzing::config);
}

#[test]
fn expression_corpus() {
    replay("expression", edg::fuzzing::expression);
}

#[test]
fn copy_text_corpus() {
    replay("copy_text", edg::fuzzing::copy_text);
}

#[test]
fn connection_string_corpus() {
    replay("connection_string", edg::fuzzing::connection_string);
}

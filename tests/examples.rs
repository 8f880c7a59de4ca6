//! Every file under _examples/ is exercised by some test: a new example without a test fails.

use crate::support::util::root;

#[test]
fn every_example_is_used_by_a_test() {
    let tests: String = std::fs::read_dir(root().join("tests"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let mut unused = Vec::new();
    let mut stack = vec![root().join("_examples")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if p.is_dir() {
                if name != "target" && name != "src" && name != "wit" {
                    stack.push(p);
                }
                continue;
            }
            if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
                continue;
            }
            let rel = p.strip_prefix(root().join("_examples")).unwrap().display().to_string();
            if !tests.contains(&rel) {
                unused.push(rel);
            }
        }
    }
    assert!(unused.is_empty(), "examples no test runs: {unused:?}");
}

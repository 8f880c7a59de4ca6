//! The plugin platform with the real components built from plugins/: determinism, domains and
//! distributions, normalizer equalities, sandbox limits, and bad plugin files.

use crate::support::util::{edg, run_sqlite, sqlite_tables};
use edg::config::Config;
use edg::expr::Evaluator;
use edg::plugin::{ColumnSpec, Limits, PluginSet, Runtime};
use edg::rng::stream;
use edg::value::Value;
use std::path::PathBuf;

fn wasm(name: &str) -> PathBuf {
    PathBuf::from(env!("EDG_PLUGIN_DIR")).join(name)
}

fn fresh() -> PluginSet {
    let rt = Runtime::new(Limits::default()).unwrap();
    let loaded = rt.builtins().unwrap();
    rt.instantiate(&loaded).unwrap()
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

/// Compound arguments with plugin calls inside (`nullable('x' + gen('city'), 0.3)`) make those
/// calls once per batch from a dry run's seeds: every value is the one row-by-row evaluation
/// gives, also where the dry run guesses wrong (a draw that depends on a call's value), and the
/// stream ends where it would.
#[test]
fn prefetched_compound_arguments_equal_row_by_row_evaluation() {
    let ev = Evaluator::new(fresh(), &Config::default(), 3).unwrap();
    let cases = [
        // (expression, whether the dry run predicts every seed)
        ("nullable('Grüße aus ' + gen('city') + ' — 東京 ✓', 0.3)", true),
        ("nullable(uniform_f(1, 99999, 2), 0.1)", true),
        ("gen('city') + '/' + gen('city') + '/' + upper(gen('word'))", true),
        ("coalesce(nullable(gen('email'), 0.5), 'none') + string(uniform(1, 6))", true),
        // The branch taken, and so the draws after it, depend on a call's value (the dry run
        // sees its sample).
        ("gen('number:1,10') > 5 ? gen('city') + coalesce(nullable(gen('word'), 0.5), '-') : 'low'", false),
        ("uniform(1, 6) > 3 ? gen('firstname') : nullable(gen('lastname'), 0.2)", false),
    ];
    for (src, predicted) in cases {
        let c = ev.compile(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(!c.prefetch.is_empty(), "{src}: prefetched");
        for rows in [1u32, 7, 500] {
            let mut direct = stream(11, "seed", src, 0);
            let want: Vec<_> = (0..rows).map(|_| ev.eval_arg(&c, &mut direct).unwrap()).collect();
            let mut batched = stream(11, "seed", src, 0);
            let mut memo = Some(ev.prefetch(&c, rows, &batched));
            let got: Vec<_> = (0..rows).map(|_| ev.eval_arg_memo(&c, &mut batched, &mut memo).unwrap()).collect();
            assert_eq!(got, want, "{src}, {rows} rows");
            assert_eq!(direct.get_word_pos(), batched.get_word_pos(), "{src}: the stream ends where it would");
            let unused = memo.as_ref().map_or(0, |m| m.unused());
            if predicted {
                assert_eq!(unused, 0, "{src}, {rows} rows: every prefetched value was used");
            }
        }
    }
    // A call whose argument is computed per row, or a function that needs the row, is made row by row.
    for src in ["gen(lower('CITY'))", "seq(1, 1) + uniform(1, 2)", "gen('city') + string(iter())"] {
        assert!(ev.compile(src).unwrap().prefetch.is_empty(), "{src}");
    }
}

/// Arguments of `expr::plan`'s shape (`nullable(…, p)`, text and literal calls joined with `+`)
/// are made a batch at a time without the interpreter: every value is the one row-by-row
/// evaluation gives and the stream ends where it would. A value that is not text where text is
/// joined leaves the batch to the row-by-row path, with the stream untouched.
#[test]
fn planned_arguments_equal_row_by_row_evaluation() {
    let ev = Evaluator::new(fresh(), &Config::default(), 3).unwrap();
    for src in [
        "nullable('Grüße aus ' + gen('city') + ' — 東京 ✓', 0.3)",
        "nullable(uniform_f(1, 99999, 2), 0.1)",
        "nullable(gen('email'), 1)",
        "nullable(set_rand(['a', 'b'], [1, 3]), 0)",
        "'user-' + gen('uuid') + '/' + gen('word') + '/' + gen('uuid')",
        "nullable(\"it's \" + gen('firstname') + ' ' + gen('firstname'), 0.5)",
    ] {
        let c = ev.compile(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let plan = c.plan.as_ref().unwrap_or_else(|| panic!("{src}: planned"));
        for rows in [1u32, 7, 500] {
            let mut direct = stream(11, "seed", src, 0);
            let want: Vec<_> = (0..rows).map(|_| ev.eval_arg(&c, &mut direct).unwrap()).collect();
            let mut batched = stream(11, "seed", src, 0);
            let got = ev.eval_plan(plan, rows, &mut batched).unwrap_or_else(|| panic!("{src}: no values"));
            assert_eq!(got, want, "{src}, {rows} rows");
            assert_eq!(direct.get_word_pos(), batched.get_word_pos(), "{src}: the stream ends where it would");
        }
    }
    let c = ev.compile("'n' + gen('number:1,10')").unwrap();
    let mut s = stream(1, "seed", "n", 0);
    assert_eq!(ev.eval_plan(c.plan.as_ref().expect("planned"), 5, &mut s), None, "a number joined to text");
    assert_eq!(s.get_word_pos(), stream(1, "seed", "n", 0).get_word_pos(), "the stream is untouched");
    for src in ["upper(gen('city'))", "nullable(gen('city'), 0.1) + 'x'", "gen('city') + string(iter())"] {
        assert!(ev.compile(src).unwrap().plan.is_none(), "{src}");
    }
}

/// A guest that draws each row's value with `next-u64` (not from a `next-u64s` seed) gives no
/// prefetched values: inside compound arguments its values are still one call's per row.
#[test]
fn a_guest_breaking_the_seed_contract_is_called_row_by_row() {
    let rt = Runtime::new(Limits::default()).unwrap();
    let mut loaded = rt.builtins().unwrap();
    loaded.push(rt.load_file(&wasm("edg_test_drawing.wasm")).unwrap());
    let ev = Evaluator::new(rt.instantiate(&loaded).unwrap(), &Config::default(), 3).unwrap();
    for src in ["nullable(per_row_draw(), 0.5)", "string(per_row_draw()) + '/' + gen('city')"] {
        let c = ev.compile(src).unwrap();
        assert!(!c.prefetch.is_empty(), "{src}: a candidate for prefetching");
        if let Some(plan) = &c.plan {
            let mut s = stream(5, "seed", src, 0);
            assert_eq!(ev.eval_plan(plan, 300, &mut s), None, "{src}: planned values from a broken contract");
        }
        let mut direct = stream(5, "seed", src, 0);
        let want: Vec<_> = (0..300).map(|_| ev.eval_arg(&c, &mut direct).unwrap()).collect();
        let mut batched = stream(5, "seed", src, 0);
        let mut memo = Some(ev.prefetch(&c, 300, &batched));
        let got: Vec<_> = (0..300).map(|_| ev.eval_arg_memo(&c, &mut batched, &mut memo).unwrap()).collect();
        assert_eq!(got, want, "{src}");
        assert_eq!(direct.get_word_pos(), batched.get_word_pos(), "{src}");
    }
}

#[test]
fn same_seed_same_values_from_fresh_instances() {
    let (mut a, mut b) = (fresh(), fresh());
    let fake = |set: &mut PluginSet, seed: u64, pattern: &str| {
        set.call("gen", &[text(pattern)], 500, &mut stream(seed, "seed", "q", 0)).unwrap()
    };
    for pattern in ["name", "email", "uuid", "sentence", "number:1,100"] {
        assert_eq!(fake(&mut a, 42, pattern), fake(&mut b, 42, pattern), "{pattern}");
        assert_ne!(fake(&mut a, 42, pattern), fake(&mut b, 43, pattern), "{pattern}");
    }
    // Batched and one-at-a-time calls draw the same values from the same stream.
    let batched = fake(&mut a, 7, "name");
    let mut rng = stream(7, "seed", "q", 0);
    let single: Vec<Value> = (0..500).flat_map(|_| b.call("gen", &[text("name")], 1, &mut rng).unwrap()).collect();
    assert_eq!(batched, single);
}

#[test]
fn set_rand_weights_hold_over_100k_draws() {
    let mut set = fresh();
    let values = Value::List(vec![text("a"), text("b"), text("c")]);
    let weights = Value::List(vec![Value::Int(50), Value::Int(30), Value::Int(20)]);
    let out = set.call("set_rand", &[values.clone(), weights], 100_000, &mut stream(1, "t", "w", 0)).unwrap();
    let share = |v: &str| out.iter().filter(|x| **x == text(v)).count() as f64 / out.len() as f64;
    assert!((share("a") - 0.5).abs() < 0.01 && (share("b") - 0.3).abs() < 0.01 && (share("c") - 0.2).abs() < 0.01);
    let uniform = set.call("set_rand", &[values], 30_000, &mut stream(1, "t", "u", 0)).unwrap();
    let a = uniform.iter().filter(|x| **x == text("a")).count() as f64 / 30_000.0;
    assert!((a - 1.0 / 3.0).abs() < 0.02, "{a}");
}

fn floats(v: Vec<Value>) -> Vec<f64> {
    v.into_iter()
        .map(|x| match x {
            Value::Float(f) => f,
            Value::Int(i) => i as f64,
            other => panic!("not a number: {other:?}"),
        })
        .collect()
}

#[test]
fn numeric_generators_respect_their_domains() {
    let mut set = fresh();
    let mut call = |f: &str, args: &[Value]| floats(set.call(f, args, 20_000, &mut stream(3, "t", f, 0)).unwrap());
    let u = call("uniform", &[Value::Int(1), Value::Int(500)]);
    assert!(u.iter().all(|x| (1.0..500.0).contains(x)));
    let mean = u.iter().sum::<f64>() / u.len() as f64;
    assert!((mean - 250.5).abs() < 5.0, "{mean}");
    let n = call("norm", &[Value::Int(50), Value::Int(10), Value::Int(1), Value::Int(100)]);
    assert!(n.iter().all(|x| (1.0..=100.0).contains(x) && x.fract() == 0.0));
    let mean = n.iter().sum::<f64>() / n.len() as f64;
    assert!((mean - 50.0).abs() < 0.5, "{mean}");
    let e = call("exp_f", &[Value::Float(0.5), Value::Int(0), Value::Int(100), Value::Int(2)]);
    assert!(e.iter().all(|x| (0.0..=100.0).contains(x)));
    assert!((e.iter().sum::<f64>() / e.len() as f64 - 2.0).abs() < 0.1);
    let z = call("zipf", &[Value::Float(1.5), Value::Int(1), Value::Int(100)]);
    assert!(z.iter().all(|x| (0.0..=100.0).contains(x)));
    assert!(z.iter().filter(|x| **x == 0.0).count() > z.iter().filter(|x| **x == 10.0).count() * 5);
    let p = call("gen", &[text("number:5,9")]);
    assert!(p.iter().all(|x| (5.0..=9.0).contains(x)));
    for k in 5..=9 {
        assert!(p.contains(&(k as f64)), "number:5,9 never gave {k}");
    }
}

#[test]
fn every_function_runs_its_documented_example() {
    let set = fresh();
    let names: Vec<(String, String)> = set.functions().map(|(n, f)| (n.to_string(), f.example.clone())).collect();
    assert!(names.len() >= 28, "{} functions", names.len());
    let ev = Evaluator::new(set, &Config::default(), 5).unwrap();
    for (name, example) in names {
        let c = ev.compile(&example).unwrap_or_else(|e| panic!("{name}: {example}: {e}"));
        ev.eval(&c).unwrap_or_else(|e| panic!("{name}: {example}: {e}"));
    }
    // Every documented gen pattern works too.
    for p in [
        "name",
        "firstname",
        "lastname",
        "email",
        "username",
        "phone",
        "company",
        "jobtitle",
        "city",
        "street",
        "streetname",
        "state",
        "country",
        "zip",
        "latitude",
        "longitude",
        "uuid",
        "word",
        "sentence",
        "paragraph",
        "url",
        "domainname",
        "ipv4address",
        "ipv6address",
        "macaddress",
        "useragent",
        "creditcardnumber",
        "currency",
        "color",
        "bool",
        "number:1,5",
        "intrange:1,5",
        "price:1,5",
        "digitn:4",
        "lexify:??-##",
        "numerify:###",
    ] {
        let c = ev.compile(&format!("gen('{p}')")).unwrap_or_else(|e| panic!("{p}: {e}"));
        ev.eval(&c).unwrap_or_else(|e| panic!("{p}: {e}"));
    }
    let err = ev.compile("gen('emial')").err().unwrap().to_string();
    assert!(err.contains("did you mean email"), "{err}");
}

fn norm(set: &mut PluginSet, driver: &str, db_type: &str, v: Value, precision: u8) -> Value {
    let spec = ColumnSpec {
        driver: driver.into(),
        table: "t".into(),
        name: "c".into(),
        db_type: db_type.into(),
        rule: None,
        timestamp_precision: precision,
    };
    set.normalize(&spec, vec![v]).unwrap().remove(0)
}

#[test]
fn normalizers_make_engines_agree() {
    let mut s = fresh();
    let eq = |a: &Value, b: &Value| edg::verify::compare::equal(a, b, None);
    let pg = norm(&mut s, "postgres", "NUMERIC", text("364.80"), 6);
    let my = norm(&mut s, "mysql", "DECIMAL(10,2)", text("364.8"), 6);
    assert!(eq(&pg, &my), "{pg:?} {my:?}");
    let lite = norm(&mut s, "sqlite", "DECIMAL(10,2)", Value::Float(364.8), 6);
    assert!(eq(&pg, &lite), "{pg:?} {lite:?}");
    assert!(eq(&norm(&mut s, "mysql", "TINYINT(1)", text("1"), 6), &norm(&mut s, "postgres", "BOOL", text("t"), 6)));
    assert!(!eq(&norm(&mut s, "mysql", "TINYINT(1)", text("0"), 6), &norm(&mut s, "postgres", "BOOL", text("t"), 6)));
    let a = norm(&mut s, "postgres", "TIMESTAMPTZ", text("2024-01-01 12:00:00.123456+02"), 3);
    let b = norm(&mut s, "mysql", "DATETIME(6)", text("2024-01-01 10:00:00.123999"), 3);
    assert!(eq(&a, &b), "{a:?} {b:?}");
    let b6 = norm(&mut s, "mysql", "DATETIME(6)", text("2024-01-01 10:00:00.123999"), 6);
    assert!(!eq(&norm(&mut s, "postgres", "TIMESTAMPTZ", text("2024-01-01 12:00:00.123456+02"), 6), &b6));
    // Upper-case UUID text is other text than the uuid (a `uuid` rule reads it as one).
    assert!(!eq(
        &norm(&mut s, "postgres", "UUID", text("0e1b2c3d-0000-4000-8000-00000000abcd"), 6),
        &norm(&mut s, "mysql", "CHAR(36)", text("0E1B2C3D-0000-4000-8000-00000000ABCD"), 6)
    ));
    assert!(eq(
        &norm(&mut s, "postgres", "UUID", text("0e1b2c3d-0000-4000-8000-00000000abcd"), 6),
        &norm(&mut s, "mysql", "CHAR(36)", text("0e1b2c3d-0000-4000-8000-00000000abcd"), 6)
    ));
    assert!(eq(
        &norm(&mut s, "postgres", "JSONB", text("{\"a\": 1, \"b\": [1, 2]}"), 6),
        &norm(&mut s, "mysql", "JSON", text("{\"b\":[1,2],\"a\":1.0}"), 6)
    ));
    assert!(eq(
        &norm(&mut s, "postgres", "BYTEA", text("\\x01ff"), 6),
        &norm(&mut s, "mysql", "BLOB", Value::Bytes(vec![1, 255]), 6)
    ));
    assert!(!eq(&norm(&mut s, "postgres", "TEXT", Value::Null, 6), &norm(&mut s, "mysql", "VARCHAR(10)", text(""), 6)));
    assert!(eq(
        &norm(&mut s, "postgres", "BPCHAR", text("ab   "), 6),
        &norm(&mut s, "mysql", "CHAR(5)", text("ab"), 6)
    ));
}

/// The canonical forms the built-in normalizers declare ("#INT8", "@TIMESTAMP"…), which the host
/// applies itself, give exactly what the normalizer gives, value for value; and a column with a
/// value outside the form still goes to the normalizer.
#[test]
fn declared_forms_agree_with_their_normalizers() {
    use edg::plugin::Loaded;
    use edg::value::RawColumn;
    let rt = Runtime::new(Limits::default()).unwrap();
    let loaded = rt.builtins().unwrap();
    let mut set = rt.instantiate(&loaded).unwrap();
    let corpus: &[&str] = &[
        "0",
        "-0",
        "7",
        "007",
        "-42",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "18446744073709551615",
        "+5",
        " 5",
        "364.80",
        "-0.00",
        ".5",
        "-12.",
        "100",
        "0.000100",
        "1e5",
        "NaN",
        "Infinity",
        "2024-02-29 23:59:59.123456789",
        "2024-03-01T01:00:00+02",
        "1969-12-31 23:59:59Z",
        "2024-03-01 00:00:00-05:30",
        "2024-03-01 00:00:00+0530",
        "0000-00-00 00:00:00",
        "2024-01-01",
        "2024-01-01 00:00:00 BC",
        "infinity",
        "2024-01-01 24:00:00",
        "1900-02-29 00:00:00",
        "abc",
        "",
        "Grüße — 東京 ✓",
        "a\tb\\n",
    ];
    let mut forms = 0;
    for l in &loaded {
        let Loaded::Normalizer { info, .. } = l else { continue };
        for entry in info.types.iter().filter(|t| t.starts_with(['=', '#', '%', '@'])) {
            forms += 1;
            let driver = info.drivers[0].as_str();
            for precision in [0, 3, 6, 9] {
                let spec = ColumnSpec {
                    driver: driver.into(),
                    table: "t".into(),
                    name: "c".into(),
                    db_type: entry[1..].into(),
                    rule: None,
                    timestamp_precision: precision,
                };
                // Each value alone (the form applies when it fits), then all with a NULL.
                let mut columns: Vec<Vec<Option<&str>>> = corpus.iter().map(|v| vec![Some(*v)]).collect();
                columns.push(corpus.iter().map(|v| Some(*v)).chain([None]).collect());
                for values in columns {
                    let mut raw = RawColumn::default();
                    for v in &values {
                        raw.push(v.map(str::as_bytes));
                    }
                    let host = set.normalize_raw(&spec, raw);
                    let wasm = set.normalize(
                        &spec,
                        values.iter().map(|v| v.map_or(Value::Null, |s| Value::Text(s.into()))).collect(),
                    );
                    match (host, wasm) {
                        (Ok(h), Ok(w)) => {
                            let h: Vec<Value> = (0..h.len()).map(|i| h.value(i)).collect();
                            assert_eq!(h, w, "{driver} {entry} precision {precision}: {values:?}");
                        }
                        (Err(_), Err(_)) => {}
                        (h, w) => panic!("{driver} {entry} {values:?}: host {h:?}, normalizer {w:?}"),
                    }
                }
            }
        }
    }
    assert!(forms >= 20, "the built-in normalizers declare {forms} forms");
    // A column rule is the user's choice over the type: no declared form applies.
    let mut spec = ColumnSpec {
        driver: "postgres".into(),
        table: "t".into(),
        name: "c".into(),
        db_type: "INT8".into(),
        rule: None,
        timestamp_precision: 6,
    };
    let mut raw = RawColumn::default();
    raw.push(Some(b"007"));
    assert_eq!(set.normalize_raw(&spec, raw.clone()).unwrap().value(0), Value::Int(7));
    spec.rule = Some("text".into());
    assert_eq!(set.normalize_raw(&spec, raw).unwrap().value(0), Value::Text("007".into()));
}

fn config_with(dir: &std::path::Path, arg: &str) -> String {
    let path = dir.join("c.yaml");
    std::fs::write(
        &path,
        format!("up:\n  - name: create_t\n    query: CREATE TABLE t (v INTEGER)\nseed:\n  - name: fill\n    type: exec_batch\n    count: 3\n    args:\n      - {arg}\n    query: INSERT INTO t (v) __values__\n"),
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn misbehaving_guests_hit_each_limit() {
    let plugin = crate::support::util::test_guest("edg_test_misbehave.wasm").display().to_string();
    for (func, expected) in [
        ("spin()", "plugin \"misbehave\": timed out after 500ms"),
        ("hog()", "plugin \"misbehave\": exceeded memory limit 64 MiB"),
        ("boom()", "plugin \"misbehave\": trapped (unreachable)"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let cfg = config_with(dir.path(), func);
        let started = std::time::Instant::now();
        let out = run_sqlite(&db.display().to_string(), &cfg, &["--plugin", &plugin, "--plugin-timeout", "500ms"]);
        let err = out.one_error();
        assert!(err.contains(expected), "{func}: expected {expected:?} in {}", err);
        assert!(err.contains("seed query fill"), "{}", err);
        assert!(started.elapsed().as_secs() < 30);
        assert!(sqlite_tables(&db).is_empty());
        if func == "boom()" {
            assert!(err.contains("boom: the guest gave up"), "panic message lost: {}", err);
        }
    }
    // A well-behaved function of the same plugin works.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ok.db");
    let cfg = config_with(dir.path(), "fine()");
    let out = run_sqlite(&db.display().to_string(), &cfg, &["--plugin", &plugin]);
    assert_eq!(out.code, 0, "{}", out.all());
}

#[test]
fn bad_plugin_files_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let not_wasm = dir.path().join("notes.wasm");
    std::fs::write(&not_wasm, "hello").unwrap();
    let core = dir.path().join("core.wasm");
    std::fs::write(&core, b"\0asm\x01\0\0\0").unwrap();
    let empty_component = dir.path().join("empty.wasm");
    std::fs::write(&empty_component, b"\0asm\x0d\0\x01\0").unwrap();
    let cases = [
        (not_wasm.display().to_string(), "not a WebAssembly file".to_string()),
        (core.display().to_string(), "a core WebAssembly module, not a component".to_string()),
        (
            empty_component.display().to_string(),
            "not an edg plugin: it exports neither edg:plugin/generator@0.1.0".to_string(),
        ),
        (
            crate::support::util::test_guest("edg_test_api_next.wasm").display().to_string(),
            "built for plugin API 0.2.0, this edg supports 0.1.0".to_string(),
        ),
        (dir.path().join("missing.wasm").display().to_string(), "missing.wasm".to_string()),
        (
            wasm("edg_faker.wasm").display().to_string(),
            "is defined by both plugin \"faker\" and plugin \"faker\"".to_string(),
        ),
    ];
    for (path, expected) in cases {
        let out = edg(&["plugins", "list", "--plugin", &path]);
        let err = out.one_error();
        assert!(err.contains(&expected), "{path}: expected {expected:?} in {}", err);
    }
}

#[test]
fn plugins_list_shows_every_function() {
    let out = edg(&["plugins", "list"]);
    assert_eq!(out.code, 0, "{}", out.all());
    for needle in [
        "generator faker",
        "gen(pattern: string) -> any",
        "e.g. gen('email')",
        "set_rand(values: list, weights?: list) -> any",
        "normalizer postgres-normalizer",
        "normalizer mysql-normalizer",
        "drivers: sqlite",
    ] {
        assert!(out.stdout.contains(needle), "missing {needle:?}:\n{}", out.stdout);
    }
    // One plugin only; a wrong name is one line with the nearest name and the list.
    let only = edg(&["plugins", "list", "mysql-normalizer"]);
    assert_eq!(only.code, 0, "{}", only.all());
    assert!(only.stdout.contains("normalizer mysql-normalizer"), "{}", only.stdout);
    assert!(
        !only.stdout.contains("generator faker") && !only.stdout.contains("postgres-normalizer"),
        "{}",
        only.stdout
    );
    let wrong = edg(&["plugins", "list", "fakr"]);
    assert_eq!(wrong.code, 2, "{}", wrong.all());
    assert!(
        wrong.stderr.contains("did you mean faker?") && wrong.stderr.contains("the plugins are edg, faker"),
        "{}",
        wrong.stderr
    );
}

/// Build an example plugin from _examples/plugins/<dir> exactly as its README says.
fn build_example(dir: &str, wasm_name: &str) -> PathBuf {
    crate::support::util::build_wasm(
        &crate::support::util::root().join("_examples/plugins").join(dir),
        "example-plugins",
    )
    .join(wasm_name)
}

#[test]
fn example_third_party_plugins_build_and_run() {
    let inventory = build_example("inventory-generator", "inventory_generator.wasm").display().to_string();
    let money = build_example("money-normalizer", "money_normalizer.wasm").display().to_string();

    let out = edg(&["plugins", "list", "--plugin", &inventory, "--plugin", &money]);
    assert_eq!(out.code, 0, "{}", out.all());
    for needle in [
        "generator inventory 0.1.0",
        "sku(prefix: string) -> string",
        "e.g. ean13()",
        "normalizer money 0.1.0",
        "types: MONEY; rules: money",
    ] {
        assert!(out.stdout.contains(needle), "missing {needle:?}:\n{}", out.stdout);
    }

    // The generator: its functions are callable from a config like built-ins, deterministically.
    let dir = tempfile::tempdir().unwrap();
    let cfg = crate::support::util::example("plugins/inventory.yaml");
    let mut dumps = Vec::new();
    for name in ["a.db", "b.db"] {
        let db = dir.path().join(name).display().to_string();
        let out = edg(&[
            "sync",
            "run",
            "--plugin",
            &inventory,
            "--source-driver",
            "sqlite",
            "--source-url",
            &db,
            "--source-config",
            &cfg,
            "--rng-seed",
            "3",
        ]);
        assert_eq!(out.code, 0, "{}", out.all());
        dumps.push(crate::support::util::dump(
            edg::driver::Driver::Sqlite,
            &db,
            "SELECT id, sku, ean FROM products ORDER BY id",
        ));
    }
    assert_eq!(dumps[0], dumps[1]);
    assert_eq!(dumps[0].len(), 50);
    // Rewritten on the SDK, the example gives the values it gave before (seed 42, pinned).
    let db = dir.path().join("pinned.db").display().to_string();
    let out = edg(&[
        "sync",
        "run",
        "--plugin",
        &inventory,
        "--source-driver",
        "sqlite",
        "--source-url",
        &db,
        "--source-config",
        &cfg,
        "--rng-seed",
        "42",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    let rows =
        crate::support::util::dump(edg::driver::Driver::Sqlite, &db, "SELECT id, sku, ean FROM products ORDER BY id");
    assert_eq!(rows[0].join("|"), "1|TOY-MRBS-9643|6987333899287");
    assert_eq!(rows[2].join("|"), "3|TOY-VHCH-0017|4095947525408");
    use sha2::Digest;
    let text: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    assert_eq!(
        format!("{:x}", sha2::Sha256::digest(text.join("\n").as_bytes())),
        "dcc637afbd45613844499ec959651b3b2ea29d0b2e3160c0ebc7a04c6e915c46"
    );
    // The same plugin named under `plugins:` in a config (relative to the config file).
    std::fs::copy(&inventory, dir.path().join("inv.wasm")).unwrap();
    let text = std::fs::read_to_string(&cfg).unwrap();
    let local = dir.path().join("with_plugin.yaml");
    std::fs::write(&local, format!("plugins:\n  - inv.wasm\n{text}")).unwrap();
    let db = dir.path().join("c.db").display().to_string();
    let out = run_sqlite(&db, &local.display().to_string(), &["--rng-seed", "3"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(
        crate::support::util::dump(edg::driver::Driver::Sqlite, &db, "SELECT id, sku, ean FROM products ORDER BY id"),
        dumps[0]
    );
    for row in &dumps[0] {
        let sku = &row[1];
        assert!(sku.starts_with("TOY-") && sku.len() == 13, "{sku}");
        let digits: Vec<u32> = row[2].chars().map(|c| c.to_digit(10).unwrap()).collect();
        let sum: u32 = digits[..12].iter().enumerate().map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 }).sum();
        assert_eq!((10 - sum % 10) % 10, digits[12], "bad EAN check digit in {}", row[2]);
    }

    // The normalizer: MONEY text on one side, DECIMAL on the other.
    let (s, t) = crate::support::util::sqlite_pair(dir.path(), &[]);
    crate::support::util::exec(
        edg::driver::Driver::Sqlite,
        &s,
        "CREATE TABLE prices (id INTEGER PRIMARY KEY, price MONEY)",
    );
    crate::support::util::exec(
        edg::driver::Driver::Sqlite,
        &s,
        "INSERT INTO prices VALUES (1, '$1,234.50'), (2, '-$3.00'), (3, '$0.99')",
    );
    crate::support::util::exec(
        edg::driver::Driver::Sqlite,
        &t,
        "CREATE TABLE prices (id INTEGER PRIMARY KEY, price DECIMAL(10, 2))",
    );
    crate::support::util::exec(
        edg::driver::Driver::Sqlite,
        &t,
        "INSERT INTO prices VALUES (1, 1234.50), (2, -3), (3, 0.99)",
    );
    let verify = |extra: &[&str]| {
        let mut args = vec!["--tables", "prices"];
        args.extend_from_slice(extra);
        crate::support::util::verify("sqlite", &s, "sqlite", &t, &args)
    };
    let out = verify(&[]);
    assert_eq!(out.code, 1, "without the plugin MONEY text differs:\n{}", out.all());
    let out = verify(&["--plugin", &money]);
    assert_eq!(out.code, 0, "{}", out.all());

    if let (Some(pg), Some(my)) = (crate::support::util::TempDb::pg(), crate::support::util::TempDb::mysql()) {
        pg.exec("CREATE TABLE prices (id INT PRIMARY KEY, price MONEY)");
        pg.exec("SET lc_monetary = 'C'; INSERT INTO prices VALUES (1, 1234.50), (2, -3), (3, 0.99)");
        my.exec("CREATE TABLE prices (id INT PRIMARY KEY, price DECIMAL(10, 2))");
        my.exec("INSERT INTO prices VALUES (1, 1234.50), (2, -3), (3, 0.99)");
        let out =
            crate::support::util::verify("pgx", &pg.url, "mysql", &my.url, &["--tables", "prices", "--plugin", &money]);
        assert_eq!(out.code, 0, "{}", out.all());
    }
}

#[test]
fn names_and_emails_have_their_shape() {
    // gen('name') and gen('email') are written into one buffer per batch; the values must still
    // be one well-formed value per row.
    let mut set = fresh();
    let mut rng = stream(3, "seed", "q", 0);
    let names = set.call("gen", &[text("name")], 2000, &mut rng).unwrap();
    let emails = set.call("gen", &[text("{Email}")], 2000, &mut rng).unwrap();
    assert_eq!((names.len(), emails.len()), (2000, 2000));
    for v in &names {
        let Value::Text(s) = v else { panic!("name {v:?} is not text") };
        let (first, last) = s.split_once(' ').unwrap_or_else(|| panic!("name {s:?} has no space"));
        assert!(first.starts_with(char::is_uppercase) && last.starts_with(char::is_uppercase), "{s:?}");
    }
    for v in &emails {
        let Value::Text(s) = v else { panic!("email {v:?} is not text") };
        let (user, domain) = s.split_once('@').unwrap_or_else(|| panic!("email {s:?} has no @"));
        let ok = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.');
        assert!(ok(user) && ok(domain) && domain.contains('.'), "{s:?}");
    }
    let distinct: std::collections::HashSet<String> = names.iter().map(|v| v.to_string()).collect();
    assert!(distinct.len() > 1500, "{} distinct names of 2000", distinct.len());
}

#[test]
fn batches_keep_each_value_whatever_their_mix() {
    // A batch is gathered into the cheapest column (integers, floats, text) until a value does
    // not fit; NULLs before, between and after typed values must each stay where they were, and
    // a column without NULLs crosses without flags.
    let mut set = fresh();
    let mut rng = stream(5, "t", "mix", 0);
    let pick = |set: &mut PluginSet, members: Vec<Value>, rng: &mut _| {
        let out = set.call("set_rand", &[Value::List(members.clone())], 4000, rng).unwrap();
        assert_eq!(out.len(), 4000);
        for m in &members {
            assert!(out.contains(m), "{m:?} never drawn from {members:?}");
        }
        assert!(out.iter().all(|v| members.contains(v)), "a value outside {members:?}");
    };
    pick(&mut set, vec![Value::Null, Value::Int(7), Value::Int(-3)], &mut rng);
    pick(&mut set, vec![Value::Null, Value::Float(0.5)], &mut rng);
    pick(&mut set, vec![Value::Null, text(""), text("é")], &mut rng);
    pick(&mut set, vec![text("a"), Value::Int(1), Value::Null, Value::Float(2.5), Value::Bool(true)], &mut rng);
    pick(&mut set, vec![Value::Null], &mut rng);
    pick(&mut set, vec![text("only")], &mut rng);
    // Draws are the same as one value per call, whatever shape the batch took.
    let members = Value::List(vec![Value::Null, Value::Int(1), text("x")]);
    let batched = set.call("set_rand", std::slice::from_ref(&members), 300, &mut stream(9, "t", "m", 0)).unwrap();
    let mut rng = stream(9, "t", "m", 0);
    let single: Vec<Value> =
        (0..300).flat_map(|_| set.call("set_rand", std::slice::from_ref(&members), 1, &mut rng).unwrap()).collect();
    assert_eq!(batched, single);
}

#[test]
fn a_seed_gives_the_values_it_always_gave() {
    // Rows written with the built-ins as of commit 469c1c5; faster paths inside the guest (typed
    // columns, set members copied, 64-bit products without u128) must give the same values.
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db").display().to_string();
    let cfg = crate::support::util::root().join("tests/golden/seed42.yaml").display().to_string();
    let out = run_sqlite(&db, &cfg, &["--rng-seed", "42"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let rows = crate::support::util::dump(edg::driver::Driver::Sqlite, &db, "SELECT * FROM g ORDER BY id");
    assert_eq!(rows.len(), 300);
    assert_eq!(rows[0].join("|"), "1|y|116116|635.2780762032631|q|317|51.023|Haylee Welch|a");
    assert_eq!(rows[2].join("|"), "3|x|810452|825.3913895863648|p|2|50.663|Destany Waelchi|a");
    let text: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    let digest = format!("{:x}", sha2::Sha256::digest(text.join("\n").as_bytes()));
    assert_eq!(digest, "9130fc59093daab2772a72abed0e93830d53df73c40b69aa658914b6557378e7", "rows for seed 42 changed");
}

/// `edg plugins new`: the projects it writes build, pass their own test, and run: the
/// generator gives the same values on SQLite and PostgreSQL for one seed; the normalizer makes
/// columns equal that differ in case and spaces.
#[test]
fn plugins_new_writes_projects_that_build_and_run() {
    let dir = tempfile::tempdir().unwrap();
    let parent = dir.path().display().to_string();
    for (name, kind) in [("dice", "generator"), ("tidy", "normalizer")] {
        let out = edg(&["plugins", "new", name, "--kind", kind, "--dir", &parent]);
        assert_eq!(out.code, 0, "{}", out.all());
        assert!(dir.path().join(name).join("README.md").is_file());
        // Its own unit test, natively, as its README says.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let test = std::process::Command::new(&cargo)
            .current_dir(dir.path().join(name))
            .args(["test", "--target-dir"])
            .arg(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("scaffold-native"))
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET")
            .output()
            .unwrap();
        assert!(test.status.success(), "{name}: {}", String::from_utf8_lossy(&test.stderr));
    }
    // Refused, one line, nothing written: an existing directory, a bad name, an unknown kind.
    for (args, expected) in [
        (vec!["plugins", "new", "dice", "--dir", &parent], "already exists"),
        (vec!["plugins", "new", "Bad Name", "--dir", &parent], "a name is 1 to 40 characters"),
        (
            vec!["plugins", "new", "snake", "--kind", "importer", "--dir", &parent],
            "invalid value 'importer' for '--kind",
        ),
    ] {
        let out = edg(&args);
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.one_error().contains(expected), "{}", out.all());
    }
    assert!(!dir.path().join("snake").exists() && !dir.path().join("Bad Name").exists());

    let dice = crate::support::util::build_wasm(&dir.path().join("dice"), "example-plugins").join("dice.wasm");
    let tidy = crate::support::util::build_wasm(&dir.path().join("tidy"), "example-plugins").join("tidy.wasm");
    let (dice, tidy) = (dice.display().to_string(), tidy.display().to_string());
    let cfg = dir.path().join("dice/config.yaml").display().to_string();
    let db = dir.path().join("dice.db").display().to_string();
    let seed = |driver: &str, url: &str| {
        edg(&[
            "sync",
            "run",
            "--plugin",
            &dice,
            "--source-driver",
            driver,
            "--source-url",
            url,
            "--source-config",
            &cfg,
            "--rng-seed",
            "5",
        ])
    };
    let out = seed("sqlite", &db);
    assert_eq!(out.code, 0, "{}", out.all());
    let sql = "SELECT id, roll FROM rolls ORDER BY id";
    let rows = crate::support::util::dump(edg::driver::Driver::Sqlite, &db, sql);
    assert_eq!(rows.len(), 100);
    assert!(rows.iter().all(|r| ("1"..="6").contains(&r[1].as_str())), "{rows:?}");
    if let Some(pg) = crate::support::util::TempDb::pg() {
        let out = seed("pgx", &pg.url);
        assert_eq!(out.code, 0, "{}", out.all());
        assert_eq!(pg.dump(sql), rows, "the same seed gives the same rolls on PostgreSQL");
    }

    let (s, t) =
        crate::support::util::sqlite_pair(dir.path(), &["CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)"]);
    crate::support::util::exec(edg::driver::Driver::Sqlite, &s, "INSERT INTO people VALUES (1, 'Ada'), (2, 'Grace')");
    crate::support::util::exec(edg::driver::Driver::Sqlite, &t, "INSERT INTO people VALUES (1, ' ADA'), (2, 'grace ')");
    let verify = |extra: &[&str]| {
        let mut args = vec!["--tables", "people", "--plugin", &tidy];
        args.extend_from_slice(extra);
        crate::support::util::verify("sqlite", &s, "sqlite", &t, &args)
    };
    assert_eq!(verify(&[]).code, 1, "without the rule the names differ");
    let out = verify(&["--column-rule", "people.name=tidy"]);
    assert_eq!(out.code, 0, "{}", out.all());
}

/// The venv with componentize-py (`.ci/run` makes it); None, with the reason printed, without.
fn componentize_py() -> Option<std::path::PathBuf> {
    let venv = std::env::var("EDG_TEST_COMPONENTIZE_PY_VENV").map(std::path::PathBuf::from).ok();
    match venv {
        Some(v) if v.join("bin/componentize-py").is_file() => Some(v),
        _ => {
            crate::support::needs::unavailable(
                "componentize-py",
                "EDG_TEST_COMPONENTIZE_PY_VENV does not name a venv with componentize-py (.ci/run makes one)",
            );
            None
        }
    }
}

/// The rolls a one-u64-per-row generator makes for `sync run --rng-seed seed` of a query
/// `rolls` whose argument 1 is `roll(sides)`: edg's stream, then SplitMix64 and Lemire per row.
fn expected_rolls(seed: u64, rows: usize, sides: u64) -> Vec<String> {
    use rand_core::Rng;
    let mut stream = edg::rng::stream(seed, "seed", "rolls", 1);
    (0..rows)
        .map(|_| {
            let mut state = stream.next_u64();
            let mut next = || {
                state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                z ^ (z >> 31)
            };
            loop {
                let m = next() as u128 * sides as u128;
                let lo = m as u64;
                if lo >= sides || lo >= sides.wrapping_neg() % sides {
                    return (1 + (m >> 64) as u64).to_string();
                }
            }
        })
        .collect()
}

fn build_python(dir: &std::path::Path, venv: &std::path::Path, out: &std::path::Path) {
    let built =
        std::process::Command::new(dir.join("build.sh")).arg(out).env("VENV", venv).output().expect("running build.sh");
    assert!(built.status.success(), "{}: {}", dir.display(), String::from_utf8_lossy(&built.stderr));
}

/// Generators in Python (componentize-py): the example and `edg plugins new --lang python` build,
/// load in edg's sandbox under the default limits, and make exactly the rolls the contract says
/// (one seed per row, as the Rust SDK), on SQLite and PostgreSQL; the Python normalizer works.
#[test]
fn python_plugins_build_and_run() {
    let Some(venv) = componentize_py() else { return };
    let dir = tempfile::tempdir().unwrap();
    let example = dir.path().join("python_generator.wasm");
    build_python(&crate::support::util::root().join("_examples/plugins/python-generator"), &venv, &example);
    let parent = dir.path().display().to_string();
    for (name, kind) in [("pyroll", "generator"), ("pytidy", "normalizer")] {
        let out = edg(&["plugins", "new", name, "--kind", kind, "--lang", "python", "--dir", &parent]);
        assert_eq!(out.code, 0, "{}", out.all());
        let d = dir.path().join(name);
        build_python(&d, &venv, &d.join(format!("{name}.wasm")));
    }
    let scaffold = dir.path().join("pyroll/pyroll.wasm").display().to_string();
    let example = example.display().to_string();
    let listed = edg(&["plugins", "list", "--plugin", &example]);
    assert!(listed.stdout.contains("py_roll(sides: int) -> int"), "{}", listed.all());
    let expected = expected_rolls(1, 100, 6);
    let cfg = dir.path().join("pyroll/config.yaml");
    let example_cfg = dir.path().join("example.yaml");
    std::fs::write(&example_cfg, std::fs::read_to_string(&cfg).unwrap().replace("roll(6)", "py_roll(6)")).unwrap();
    for (plugin, cfg) in [(&scaffold, &cfg), (&example, &example_cfg)] {
        let db = dir.path().join("rolls.db");
        let _ = std::fs::remove_file(&db);
        let db = db.display().to_string();
        let cfg = cfg.display().to_string();
        let out = edg(&[
            "sync",
            "run",
            "--plugin",
            plugin,
            "--source-driver",
            "sqlite",
            "--source-url",
            &db,
            "--source-config",
            &cfg,
            "--rng-seed",
            "1",
        ]);
        assert_eq!(out.code, 0, "{}", out.all());
        let rolls: Vec<String> =
            crate::support::util::dump(edg::driver::Driver::Sqlite, &db, "SELECT roll FROM rolls ORDER BY id")
                .into_iter()
                .map(|r| r[0].clone())
                .collect();
        assert_eq!(rolls, expected, "{plugin}");
        if let Some(pg) = crate::support::util::TempDb::pg() {
            let out = edg(&[
                "sync",
                "run",
                "--plugin",
                plugin,
                "--source-driver",
                "pgx",
                "--source-url",
                &pg.url,
                "--source-config",
                &cfg,
                "--rng-seed",
                "1",
            ]);
            assert_eq!(out.code, 0, "{}", out.all());
            let pg_rolls: Vec<String> =
                pg.dump("SELECT roll FROM rolls ORDER BY id").into_iter().map(|r| r[0].clone()).collect();
            assert_eq!(pg_rolls, expected, "{plugin} on PostgreSQL");
        }
    }
    let tidy = dir.path().join("pytidy/pytidy.wasm").display().to_string();
    let (s, t) =
        crate::support::util::sqlite_pair(dir.path(), &["CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)"]);
    crate::support::util::exec(edg::driver::Driver::Sqlite, &s, "INSERT INTO people VALUES (1, 'Ada'), (2, NULL)");
    crate::support::util::exec(edg::driver::Driver::Sqlite, &t, "INSERT INTO people VALUES (1, ' ADA'), (2, NULL)");
    let out = crate::support::util::verify(
        "sqlite",
        &s,
        "sqlite",
        &t,
        &["--tables", "people", "--plugin", &tidy, "--column-rule", "people.name=pytidy"],
    );
    assert_eq!(out.code, 0, "{}", out.all());
}

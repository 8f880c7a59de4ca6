//! bench/plugins.sh: cost per value through the wasm generator's batched call, and normalizer
//! throughput, with the real built-in components.
use edg::plugin::{ColumnSpec, Limits, Runtime};
use edg::rng::stream;
use edg::value::Value;
use std::time::Instant;

// The allocator the `edg` binary runs with, so host-side costs are measured as users get them
// (the native baseline uses it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The guest's per-row generator (plugins/faker/src/lib.rs), for the native baseline.
struct RowRng(u64);

impl rand_core::TryRng for RowRng {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for c in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            c.copy_from_slice(&v[..c.len()]);
        }
        Ok(())
    }
}

/// Only the cases whose label contains the first argument (all without one), e.g.
/// `cargo run --example plugin_bench -- name` to profile one generator.
fn wanted(label: &str) -> bool {
    std::env::args().nth(1).is_none_or(|only| label.contains(&only))
}

/// Repetitions of each measured loop: `EDG_BENCH_REPS` (default 20); more for a profile.
fn reps() -> u32 {
    std::env::var("EDG_BENCH_REPS").ok().and_then(|r| r.parse().ok()).unwrap_or(20)
}

/// Rounds per generator, native and wasm alternating: single runs on two shared cores vary by
/// ±15 %, so the medians are compared, measured under the same conditions.
const ROUNDS: usize = 7;

type NativeGen = Box<dyn FnMut(&mut RowRng)>;

/// One round of the native generator: ns per value.
fn time_native(f: &mut NativeGen, rows: u32) -> f64 {
    let reps = u64::from(reps());
    let start = Instant::now();
    for r in 0..reps {
        for i in 0..u64::from(rows) {
            f(&mut RowRng(i ^ r));
        }
    }
    start.elapsed().as_nanos() as f64 / (reps * u64::from(rows)) as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn unit(r: &mut RowRng) -> f64 {
    use rand_core::Rng;
    (r.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Lemire's unbiased index in [0, n), as the guest draws it.
fn int_n(r: &mut RowRng, n: u64) -> u64 {
    use rand_core::Rng;
    loop {
        let m = r.next_u64() as u128 * n as u128;
        if (m as u64) >= n || (m as u64) >= n.wrapping_neg() % n {
            return (m >> 64) as u64;
        }
    }
}

fn digit(r: &mut RowRng) -> char {
    (b'0' + int_n(r, 10) as u8) as char
}

/// Five of the patterns added for the Go edg's catalogue, written natively as the guest writes
/// them: a list pick, a formatted number, a Luhn number, an ISBN-13, and a regex walk.
fn catalogue_natives() -> Vec<(&'static str, NativeGen)> {
    const DOGS: &[&str] = &[
        "Labrador",
        "German Shepherd",
        "Golden Retriever",
        "Bulldog",
        "Beagle",
        "Poodle",
        "Rottweiler",
        "Dachshund",
        "Boxer",
        "Siberian Husky",
        "Border Collie",
        "Chihuahua",
        "Shih Tzu",
        "Great Dane",
        "Doberman",
        "Pug",
        "Cocker Spaniel",
        "Dalmatian",
        "Corgi",
        "Whippet",
    ];
    let hir = regex_syntax::parse("[A-Z]{3}-[0-9]{4}").expect("regex");
    vec![
        (
            "gen('dog')",
            Box::new(|r: &mut RowRng| {
                std::hint::black_box(DOGS[int_n(r, DOGS.len() as u64) as usize].to_string()).clear()
            }),
        ),
        (
            "gen('phoneformatted')",
            Box::new(|r: &mut RowRng| {
                let mut d = String::with_capacity(10);
                d.push((b'2' + int_n(r, 8) as u8) as char);
                d.extend((0..9).map(|_| digit(r)));
                std::hint::black_box(format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..]));
            }),
        ),
        (
            "gen('creditcardnumber')",
            Box::new(|r: &mut RowRng| {
                let mut s = String::from("4");
                while s.len() < 15 {
                    s.push(digit(r));
                }
                let sum: u32 = s
                    .bytes()
                    .rev()
                    .enumerate()
                    .map(|(i, b)| {
                        let d = (b - b'0') as u32;
                        if i % 2 == 0 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
                    })
                    .sum();
                s.push((b'0' + ((10 - sum % 10) % 10) as u8) as char);
                std::hint::black_box(s);
            }),
        ),
        (
            "gen('productisbn')",
            Box::new(|r: &mut RowRng| {
                let mut d = String::from("978");
                d.extend((0..9).map(|_| digit(r)));
                let sum: u32 =
                    d.bytes().enumerate().map(|(i, b)| (b - b'0') as u32 * if i % 2 == 0 { 1 } else { 3 }).sum();
                std::hint::black_box(format!(
                    "{}-{}-{}-{}-{}",
                    &d[..3],
                    &d[3..4],
                    &d[4..9],
                    &d[9..12],
                    (10 - sum % 10) % 10
                ));
            }),
        ),
        (
            "gen('regex:[A-Z]{3}-[0-9]{4}')",
            Box::new(move |r: &mut RowRng| {
                let mut out = String::new();
                walk(&hir, r, &mut out);
                std::hint::black_box(out);
            }),
        ),
    ]
}

/// The guest's regex walk (plugins/faker/src/patterns/regex.rs) for the classes this pattern uses.
fn walk(h: &regex_syntax::hir::Hir, r: &mut RowRng, out: &mut String) {
    use regex_syntax::hir::{Class, HirKind};
    match h.kind() {
        HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
        HirKind::Class(Class::Unicode(c)) => {
            let total: u64 = c.ranges().iter().map(|g| (g.end() as u64) - (g.start() as u64) + 1).sum();
            let mut k = int_n(r, total);
            for g in c.ranges() {
                let n = (g.end() as u64) - (g.start() as u64) + 1;
                if k < n {
                    out.push(char::from_u32(g.start() as u32 + k as u32).unwrap_or('?'));
                    return;
                }
                k -= n;
            }
        }
        HirKind::Repetition(rep) => {
            let hi = rep.max.unwrap_or(rep.min + 10);
            let n = rep.min + int_n(r, (hi - rep.min) as u64 + 1) as u32;
            for _ in 0..n {
                walk(&rep.sub, r, out);
            }
        }
        HirKind::Capture(c) => walk(&c.sub, r, out),
        HirKind::Concat(items) => items.iter().for_each(|i| walk(i, r, out)),
        HirKind::Alternation(items) => walk(&items[int_n(r, items.len() as u64) as usize], r, out),
        _ => {}
    }
}

fn main() {
    use fake::Fake;
    use fake::faker::{
        internet::en::DomainSuffix,
        name::en::{FirstName, LastName},
    };
    // black_box keeps each value alive as far as the optimiser knows, as the host keeps its batch.
    let mut natives: Vec<(&str, NativeGen)> = vec![
        (
            "gen('name')",
            Box::new(|r: &mut RowRng| {
                let first: &str = FirstName().fake_with_rng(r);
                let last: &str = LastName().fake_with_rng(r);
                let mut out = String::with_capacity(first.len() + last.len() + 1);
                out.push_str(first);
                out.push(' ');
                out.push_str(last);
                std::hint::black_box(out);
            }),
        ),
        (
            "gen('email')",
            Box::new(|r: &mut RowRng| {
                let first: &str = FirstName().fake_with_rng(r);
                let last: &str = LastName().fake_with_rng(r);
                let suffix: &str = DomainSuffix().fake_with_rng(r);
                let mut out = String::with_capacity(first.len() + 2 * last.len() + suffix.len() + 2);
                let push = |out: &mut String, s: &str| {
                    out.extend(s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()))
                };
                push(&mut out, first);
                push(&mut out, last);
                out.push('@');
                push(&mut out, last);
                out.push('.');
                out.extend(suffix.chars().map(|c| c.to_ascii_lowercase()));
                std::hint::black_box(out);
            }),
        ),
        (
            "uniform(1, 500)",
            Box::new(|r: &mut RowRng| {
                std::hint::black_box(1.0 + unit(r) * 499.0);
            }),
        ),
        (
            "set_rand(3, weighted)",
            Box::new(|r: &mut RowRng| {
                let pick = (unit(r) * 100.0) as u32;
                let value = if pick < 50 {
                    "a"
                } else if pick < 80 {
                    "b"
                } else {
                    "c"
                };
                std::hint::black_box(value.to_string());
            }),
        ),
    ];

    natives.extend(catalogue_natives());
    let rt = Runtime::new(Limits::default()).expect("runtime");
    let loaded = rt.builtins().expect("builtins");
    let mut set = rt.instantiate(&loaded).expect("instances");
    let list = |items: &[Value]| Value::List(items.to_vec());
    let cases: Vec<(&str, &str, Vec<Value>)> = vec![
        ("gen('name')", "gen", vec![Value::Text("name".into())]),
        ("gen('email')", "gen", vec![Value::Text("email".into())]),
        ("uniform(1, 500)", "uniform", vec![Value::Int(1), Value::Int(500)]),
        (
            "set_rand(3, weighted)",
            "set_rand",
            vec![
                list(&[Value::Text("a".into()), Value::Text("b".into()), Value::Text("c".into())]),
                list(&[Value::Int(50), Value::Int(30), Value::Int(20)]),
            ],
        ),
        ("gen('dog')", "gen", vec![Value::Text("dog".into())]),
        ("gen('phoneformatted')", "gen", vec![Value::Text("phoneformatted".into())]),
        ("gen('creditcardnumber')", "gen", vec![Value::Text("creditcardnumber:visa".into())]),
        ("gen('productisbn')", "gen", vec![Value::Text("productisbn".into())]),
        ("gen('regex:[A-Z]{3}-[0-9]{4}')", "gen", vec![Value::Text("regex:[A-Z]{3}-[0-9]{4}".into())]),
    ];
    let rows = 10_000u32;
    for ((label, name, args), (native_label, f)) in cases.iter().zip(natives) {
        assert_eq!(*label, native_label, "cases and native baselines in the same order");
        if !wanted(label) {
            continue;
        }
        let mut f = f;
        let mut rng = stream(1, "bench", name, 0);
        set.call(name, args, rows, &mut rng).unwrap();
        let (mut native_ns, mut wasm_ns) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            native_ns.push(time_native(&mut f, rows));
            let reps = reps();
            let start = Instant::now();
            for _ in 0..reps {
                std::hint::black_box(set.call(name, args, rows, &mut rng).unwrap());
            }
            wasm_ns.push(start.elapsed().as_nanos() as f64 / (reps * rows) as f64);
        }
        let (n, w) = (median(native_ns), median(wasm_ns));
        println!(
            "{label}: wasm {w:.0} ns/value (batches of {rows}), native {n:.0} ns/value, ratio {:.2}x (medians of {ROUNDS})",
            w / n
        );
    }
    let n = 10_000;
    let normal: Vec<(&str, &str, &str, Vec<Value>)> = vec![
        ("text identity", "postgres", "TEXT", (0..n).map(|i| Value::Text(format!("user{i}@example.com"))).collect()),
        (
            "decimal text",
            "mysql",
            "DECIMAL(10,2)",
            (0..n).map(|i| Value::Text(format!("{}.{:02}", i, i % 100))).collect(),
        ),
        (
            "timestamp",
            "postgres",
            "TIMESTAMPTZ",
            (0..n)
                .map(|i| Value::Text(format!("2024-01-01 10:{:02}:{:02}.123456+00", i % 60, (i / 60) % 60)))
                .collect(),
        ),
        (
            "uuid",
            "mysql",
            "CHAR(36)",
            (0..n).map(|i| Value::Text(format!("{i:08X}-0000-4000-8000-000000000000"))).collect(),
        ),
        ("json", "postgres", "JSONB", (0..n).map(|i| Value::Text(format!("{{\"b\": [1, 2], \"a\": {i}}}"))).collect()),
    ];
    for (label, driver, ty, values) in normal.into_iter().filter(|c| wanted(&format!("normalize {}", c.0))) {
        let spec = ColumnSpec {
            driver: driver.into(),
            table: "t".into(),
            name: "c".into(),
            db_type: ty.into(),
            rule: None,
            timestamp_precision: 6,
        };
        let reps = reps() as usize;
        let start = Instant::now();
        for _ in 0..reps {
            std::hint::black_box(set.normalize(&spec, values.clone()).unwrap());
        }
        let per_sec = (reps * n) as f64 / start.elapsed().as_secs_f64();
        println!("normalize {label}: {:.2} M values/s (batches of {n})", per_sec / 1e6);
    }
}

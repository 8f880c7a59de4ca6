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

fn main() {
    use fake::Fake;
    use fake::faker::{
        internet::en::DomainSuffix,
        name::en::{FirstName, LastName},
    };
    // black_box keeps each value alive as far as the optimiser knows, as the host keeps its batch.
    let natives: Vec<(&str, NativeGen)> = vec![
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

//! Cost of a third-party generator: load (compile or cache), instantiate, and per value through
//! the batched call. Usage: plugin_file_bench PLUGIN.wasm FUNCTION INT_ARG [ROWS]
//! (bench/plugins.sh runs it on the scaffold's Rust `roll` and the Python example's `py_roll`).
use edg::plugin::{Limits, Runtime};
use edg::rng::stream;
use edg::value::Value;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, function) = (&args[1], &args[2]);
    let arg: i64 = args[3].parse().expect("an integer argument");
    let rows: u32 = args.get(4).map_or(10_000, |r| r.parse().expect("rows"));
    let mib: usize = std::env::var("EDG_BENCH_MEMORY_MIB").ok().and_then(|m| m.parse().ok()).unwrap_or(64);
    let rt = Runtime::new(Limits { memory_bytes: mib << 20, ..Limits::default() }).expect("runtime");
    let t = Instant::now();
    let loaded = vec![rt.load_file(std::path::Path::new(path)).expect("load")];
    let load = t.elapsed();
    let t = Instant::now();
    let mut set = rt.instantiate(&loaded).expect("instantiate");
    let instantiate = t.elapsed();
    let mut rng = stream(1, "bench", function, 0);
    set.call(function, &[Value::Int(arg)], rows, &mut rng).expect("warm-up call");
    let mut per_value = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..10 {
            std::hint::black_box(set.call(function, &[Value::Int(arg)], rows, &mut rng).expect("call"));
        }
        per_value.push(t.elapsed().as_nanos() as f64 / (10.0 * rows as f64));
    }
    per_value.sort_by(f64::total_cmp);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{path}: {:.1} MB, load {:.0} ms, instantiate {:.1} ms, {function}: {:.0} ns/value (median of 7, batches of {rows}, memory cap {mib} MiB)",
        size as f64 / 1e6,
        load.as_secs_f64() * 1e3,
        instantiate.as_secs_f64() * 1e3,
        per_value[3]
    );
}

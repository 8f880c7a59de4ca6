//! A generator for edg's tests, not shipped: `per_row_draw()` takes each row's value straight
//! from the host's `next-u64`, not from a `next-u64s` seed. Such a guest is valid, but edg must
//! not batch it from a dry run's seeds (`host/src/expr/prefetch.rs`); tests/plugins.rs checks
//! that its values inside compound arguments are still those of one call per row.

#[cfg(target_family = "wasm")]
mod guest {
    use edg_plugin_sdk::ValueColumn;
    use edg_plugin_sdk::bindings::generator::edg::plugin::rng;
    use edg_plugin_sdk::bindings::generator::exports::edg::plugin::generator::{Function, Guest, Info};

    struct Drawing;

    impl Guest for Drawing {
        fn describe() -> Info {
            Info {
                name: "test-drawing".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                functions: vec![Function {
                    name: "per_row_draw".into(),
                    params: Vec::new(),
                    variadic: false,
                    returns: "int".into(),
                    doc: "A number in [0, 1000) drawn with next-u64 (breaks the next-u64s contract)".into(),
                    example: "per_row_draw()".into(),
                }],
            }
        }

        fn call(_name: String, _args: Vec<edg_plugin_sdk::Value>, rows: u32) -> Result<ValueColumn, String> {
            Ok(ValueColumn::Ints((0..rows).map(|_| Some((rng::next_u64() % 1000) as i64)).collect()))
        }
    }

    edg_plugin_sdk::bindings::generator::__export_generator!(Drawing with_types_in edg_plugin_sdk::bindings::generator);
}

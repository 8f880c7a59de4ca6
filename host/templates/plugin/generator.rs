//! {{name}}: an edg generator. Build it, then `edg plugins list --plugin <the .wasm>` shows
//! its functions, and configs call them like edg's own (see README.md).

use edg_plugin_sdk::{Args, FunctionDoc, Generator, Kind, Prepared, Value};

struct Plugin;

impl Generator for Plugin {
    const NAME: &'static str = "{{name}}";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn functions() -> Vec<FunctionDoc> {
        vec![
            FunctionDoc::new("roll")
                .param("sides", Kind::Int)
                .returns(Kind::Int)
                .doc("A die roll in 1..=sides")
                .example("roll(6)"),
        ]
    }

    /// Checked once per batch; the closure then makes one row's value from that row's
    /// `RowRng` (seeded by edg, so the same --rng-seed gives the same values).
    fn prepare(function: &str, args: &Args) -> Result<Prepared, String> {
        match function {
            "roll" => {
                let sides = args.int(0, "sides")?;
                if sides < 1 {
                    return Err(args.error(format!("sides must be at least 1, got {sides}")));
                }
                Ok(Prepared::values(move |r| Ok(Value::Int(r.range(1, sides)))))
            }
            other => Err(format!("unknown function {other:?}")),
        }
    }
}

edg_plugin_sdk::export_generator!(Plugin);

#[cfg(test)]
mod tests {
    use super::*;
    use edg_plugin_sdk::ValueColumn;
    use edg_plugin_sdk::generator::run;

    #[test]
    fn rolls_stay_on_the_die_and_follow_the_seed() {
        let prepare = |sides: i64| Plugin::prepare("roll", &Args::new("roll", &[Value::Int(sides)]));
        let rolls = |seeds: Vec<u64>| match run(prepare(6).unwrap(), seeds).unwrap() {
            ValueColumn::Ints(v) => v.into_iter().map(|x| x.unwrap()).collect::<Vec<_>>(),
            _ => panic!("integers expected"),
        };
        let a = rolls((0..1000).collect());
        assert!(a.iter().all(|x| (1..=6).contains(x)));
        assert_eq!(a, rolls((0..1000).collect()), "the same seeds give the same rolls");
        assert_eq!(prepare(0).err().unwrap(), "roll: sides must be at least 1, got 0");
    }
}

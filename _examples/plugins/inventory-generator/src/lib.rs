//! An example third-party generator for edg: `sku(prefix)` and `ean13()`.
//!
//! The contract (wit/generator.wit): `describe()` lists the functions; `call(name, args, rows)`
//! returns `rows` values. All randomness comes from the host: ask `rng.next-u64s(rows)` for one
//! seed per row and derive that row's draws from it, so values depend only on edg's seed.

wit_bindgen::generate!({
    world: "generator-plugin",
    path: "../../../wit",
});

use edg::plugin::rng;
use edg::plugin::types::{Value, ValueColumn};
use exports::edg::plugin::generator::{Function, Guest, Info, Param};

struct Inventory;

/// SplitMix64: a small, fast generator for one row's draws.
struct Row(u64);

impl Row {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
}

fn sku(prefix: &str, r: &mut Row) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let letters: String = (0..4).map(|_| LETTERS[r.below(LETTERS.len() as u64) as usize] as char).collect();
    format!("{prefix}-{letters}-{:04}", r.below(10_000))
}

fn ean13(r: &mut Row) -> String {
    let digits: Vec<u32> = (0..12).map(|_| r.below(10) as u32).collect();
    let sum: u32 = digits.iter().enumerate().map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 }).sum();
    let check = (10 - sum % 10) % 10;
    digits.iter().chain(std::iter::once(&check)).map(|d| char::from_digit(*d, 10).unwrap()).collect()
}

impl Guest for Inventory {
    fn describe() -> Info {
        Info {
            name: "inventory".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            functions: vec![
                Function {
                    name: "sku".into(),
                    params: vec![Param { name: "prefix".into(), kind: "string".into(), optional: false }],
                    variadic: false,
                    returns: "string".into(),
                    doc: "A product code: PREFIX-LLLL-9999".into(),
                    example: "sku('TOY')".into(),
                },
                Function {
                    name: "ean13".into(),
                    params: vec![],
                    variadic: false,
                    returns: "string".into(),
                    doc: "A 13-digit EAN barcode with a valid check digit".into(),
                    example: "ean13()".into(),
                },
            ],
        }
    }

    fn call(name: String, args: Vec<Value>, rows: u32) -> Result<ValueColumn, String> {
        let prefix = match (name.as_str(), args.first()) {
            ("sku", Some(Value::Text(p))) => p.clone(),
            ("sku", _) => return Err("sku(prefix) needs a string prefix".into()),
            ("ean13", _) => String::new(),
            (other, _) => return Err(format!("unknown function {other:?}")),
        };
        let seeds = rng::next_u64s(rows);
        Ok(ValueColumn::Values(
            seeds
                .into_iter()
                .map(|s| {
                    let mut r = Row(s);
                    Value::Text(if name == "sku" { sku(&prefix, &mut r) } else { ean13(&mut r) })
                })
                .collect(),
        ))
    }
}

export!(Inventory);

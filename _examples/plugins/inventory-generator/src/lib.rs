//! An example edg generator on the plugin SDK: `sku(prefix)` and `ean13()`. Each row draws from
//! its own `RowRng`, seeded by edg: the same seed gives the same rows.

use edg_plugin_sdk::{Args, FunctionDoc, Generator, Kind, Prepared, RowRng};

struct Inventory;

fn sku(prefix: &str, r: &mut RowRng, out: &mut String) {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let letters: String = (0..4).map(|_| *r.pick(LETTERS) as char).collect();
    out.push_str(&format!("{prefix}-{letters}-{:04}", r.below(10_000)));
}

fn ean13(r: &mut RowRng, out: &mut String) {
    let digits: Vec<u64> = (0..12).map(|_| r.below(10)).collect();
    let sum: u64 = digits.iter().enumerate().map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 }).sum();
    out.extend(digits.iter().chain([(10 - sum % 10) % 10].iter()).map(|d| char::from(b'0' + *d as u8)));
}

impl Generator for Inventory {
    const NAME: &'static str = "inventory";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn functions() -> Vec<FunctionDoc> {
        vec![
            FunctionDoc::new("sku").param("prefix", Kind::String).returns(Kind::String).example("sku('TOY')"),
            FunctionDoc::new("ean13").returns(Kind::String).doc("EAN-13 with a valid check digit").example("ean13()"),
        ]
    }

    fn prepare(function: &str, args: &Args) -> Result<Prepared, String> {
        Ok(match function {
            "sku" => {
                let prefix = args.text(0, "prefix")?;
                Prepared::texts(move |r, out| sku(&prefix, r, out))
            }
            _ => Prepared::texts(ean13),
        })
    }
}

edg_plugin_sdk::export_generator!(Inventory);

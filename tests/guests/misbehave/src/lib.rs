//! A generator that misbehaves on purpose, one function per limit the host enforces.

wit_bindgen::generate!({
    world: "generator-plugin",
    path: "../../../wit",
});

use edg::plugin::types::{Value, ValueColumn};
use exports::edg::plugin::generator::{Function, Guest, Info};

struct Misbehave;

fn function(name: &str, doc: &str) -> Function {
    Function {
        name: name.into(),
        params: Vec::new(),
        variadic: false,
        returns: "int".into(),
        doc: doc.into(),
        example: format!("{name}()"),
    }
}

impl Guest for Misbehave {
    fn describe() -> Info {
        Info {
            name: "misbehave".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            functions: vec![
                function("spin", "never returns"),
                function("hog", "allocates without bound"),
                function("boom", "panics"),
                function("fine", "returns 7"),
            ],
        }
    }

    fn call(name: String, _args: Vec<Value>, rows: u32) -> Result<ValueColumn, String> {
        match name.as_str() {
            "spin" => {
                let mut x: u64 = 0;
                loop {
                    x = std::hint::black_box(x.wrapping_add(1));
                }
            }
            "hog" => {
                let mut keep: Vec<Vec<u8>> = Vec::new();
                loop {
                    keep.push(vec![1u8; 1 << 20]);
                    std::hint::black_box(&keep);
                }
            }
            "boom" => panic!("boom: the guest gave up"),
            _ => Ok(ValueColumn::Ints((0..rows).map(|_| Some(7)).collect())),
        }
    }
}

export!(Misbehave);

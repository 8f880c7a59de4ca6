//! Exports `edg:plugin/generator@0.2.0`, an API version this host does not speak.

wit_bindgen::generate!({
    world: "generator-plugin",
    path: "wit",
});

use edg::plugin::types::{Value, ValueColumn};
use exports::edg::plugin::generator::{Guest, Info};

struct Next;

impl Guest for Next {
    fn describe() -> Info {
        Info { name: "next".into(), version: "0.2.0".into(), functions: Vec::new() }
    }

    fn call(_name: String, _args: Vec<Value>, _rows: u32) -> Result<ValueColumn, String> {
        Err("not implemented".into())
    }
}

export!(Next);

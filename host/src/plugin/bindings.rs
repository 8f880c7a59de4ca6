//! The only place generated WIT bindings exist; nothing outside `plugin/` names these types.

pub mod generator {
    wasmtime::component::bindgen!({
        world: "generator-plugin",
        path: "../wit",
        // Trappable so the host can refuse an abusive import (a huge fill-bytes) with a trap.
        imports: { default: trappable },
    });
}

pub mod normalizer {
    wasmtime::component::bindgen!({
        world: "normalizer-plugin",
        path: "../wit",
        // Share the `types` interface with the generator bindings: one Rust `Value`, not two.
        with: { "edg:plugin/types": super::generator::edg::plugin::types },
    });
}

pub use generator::edg::plugin::types::{Scalar, Timestamp, Value};

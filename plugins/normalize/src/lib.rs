//! Canonicalisation shared by edg's per-driver normalizer components.
//!
//! Each driver family maps its engine type names to a [`Kind`]; values are then converted to
//! one canonical form per kind, so equal data stored by different engines becomes equal values:
//! decimals without trailing zeros, timestamps in UTC at the chosen precision, lower-case UUIDs,
//! JSON with sorted keys and no whitespace, MySQL `TINYINT(1)` as a boolean, and NULL kept
//! distinct from the empty string.

wit_bindgen::generate!({
    world: "normalizer-plugin",
    path: "../../wit",
    pub_export_macro: true,
});

mod canon;
mod types;

pub use canon::Kind;
use edg::plugin::types::Value;
use exports::edg::plugin::normalizer::{Column, Info};

/// Rules a user may pick for a column instead of the type-based choice.
pub const RULES: &[&str] =
    &["int", "decimal", "float", "bool", "text", "trim", "bytes", "date", "time", "timestamp", "uuid", "json", "raw"];

pub fn describe(driver: &str) -> Info {
    Info {
        name: format!("{driver}-normalizer"),
        version: env!("CARGO_PKG_VERSION").into(),
        drivers: vec![driver.to_string()],
        types: vec!["*".to_string()],
        rules: RULES.iter().map(|r| r.to_string()).collect(),
        doc: format!("Canonical values for {driver} column types"),
    }
}

pub fn normalize_batch(driver: &str, column: &Column, values: Vec<Value>) -> Result<Vec<Value>, String> {
    let kind = match &column.rule {
        Some(rule) => Kind::from_rule(rule).ok_or_else(|| {
            format!("unknown normalizer rule {rule:?} for column {}; known rules: {}", column.name, RULES.join(", "))
        })?,
        None => types::kind_for(driver, &column.db_type),
    };
    let precision = column.timestamp_precision.min(9);
    values
        .into_iter()
        .map(|v| {
            canon::convert(kind, driver, v, precision)
                .map_err(|e| format!("column {}.{} ({}): {e}", column.table, column.name, column.db_type))
        })
        .collect()
}

/// Defines and exports a normalizer component for one driver family.
#[macro_export]
macro_rules! normalizer_component {
    ($driver:literal) => {
        struct Component;

        impl $crate::exports::edg::plugin::normalizer::Guest for Component {
            fn describe() -> $crate::exports::edg::plugin::normalizer::Info {
                $crate::describe($driver)
            }

            fn normalize(
                column: $crate::exports::edg::plugin::normalizer::Column,
                values: ::std::vec::Vec<$crate::edg::plugin::types::Value>,
            ) -> ::std::result::Result<::std::vec::Vec<$crate::edg::plugin::types::Value>, ::std::string::String> {
                $crate::normalize_batch($driver, &column, values)
            }
        }

        $crate::export!(Component with_types_in $crate);
    };
}

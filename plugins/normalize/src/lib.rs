//! Canonicalisation shared by edg's per-driver normalizer components.
//!
//! Each driver family maps its engine type names to a [`Kind`]; values are then converted to
//! one canonical form per kind, so equal data stored by different engines becomes equal values:
//! decimals without trailing zeros, timestamps in UTC at the chosen precision, lower-case UUIDs,
//! JSON with sorted keys and no whitespace, MySQL `TINYINT(1)` as a boolean, and NULL kept
//! distinct from the empty string.

pub use edg_plugin_sdk as sdk;

mod canon;
mod types;

pub use canon::Kind;
use edg_plugin_sdk::{ColumnSpec as Column, NormalizerInfo as Info, RawColumn, Value, ValueColumn as CanonicalColumn};

/// Rules a user may pick for a column instead of the type-based choice.
pub const RULES: &[&str] = &[
    "int",
    "decimal",
    "float",
    "float32",
    "bool",
    "text",
    "trim",
    "bytes",
    "date",
    "time",
    "timestamp",
    "uuid",
    "json",
    "raw",
];

/// Types whose values the host may canonicalise itself, in a form declared in `describe()` (see
/// `wit/normalizer.wit`): "=" text kept as it is, "#" integers, "%" decimals, "@" timestamps. The host skips
/// the call for a column whose values all fit the form; a test holds these lists to
/// `types::kind_for`. Types whose kind depends on parameters (MySQL's TINYINT(1) is a boolean)
/// are left out: the host matches types by base name.
fn declared_types(driver: &str) -> &'static [&'static str] {
    match driver {
        "postgres" => &[
            "=TEXT",
            "=VARCHAR",
            "#INT2",
            "#INT4",
            "#INT8",
            "#SMALLINT",
            "#INTEGER",
            "#INT",
            "#BIGINT",
            "%NUMERIC",
            "%DECIMAL",
            "@TIMESTAMP",
            "@TIMESTAMPTZ",
        ],
        "mysql" => &[
            "=VARCHAR",
            "=TEXT",
            "=TINYTEXT",
            "=MEDIUMTEXT",
            "=LONGTEXT",
            "#SMALLINT",
            "#MEDIUMINT",
            "#INT",
            "#INTEGER",
            "#BIGINT",
            "%DECIMAL",
            "%NUMERIC",
            "%DEC",
            "%FIXED",
            "@DATETIME",
            "@TIMESTAMP",
        ],
        _ => &[],
    }
}

pub fn describe(driver: &str) -> Info {
    let mut types = vec!["*".to_string()];
    types.extend(declared_types(driver).iter().map(|t| t.to_string()));
    Info {
        name: format!("{driver}-normalizer"),
        version: env!("CARGO_PKG_VERSION").into(),
        drivers: vec![driver.to_string()],
        types,
        rules: RULES.iter().map(|r| r.to_string()).collect(),
        doc: format!("Canonical values for {driver} column types"),
    }
}

pub fn normalize_batch(driver: &str, column: &Column, values: Vec<Value>) -> Result<Vec<Value>, String> {
    let kind = kind_of(driver, column)?;
    let precision = column.timestamp_precision.min(9);
    values
        .into_iter()
        .map(|v| {
            canon::convert(kind, driver, v, precision)
                .map_err(|e| format!("column {}.{} ({}): {e}", column.table, column.name, column.db_type))
        })
        .collect()
}

fn kind_of(driver: &str, column: &Column) -> Result<Kind, String> {
    match &column.rule {
        Some(rule) => Kind::from_rule(rule).ok_or_else(|| {
            format!("unknown normalizer rule {rule:?} for column {}; known rules: {}", column.name, RULES.join(", "))
        }),
        None => Ok(types::kind_for(driver, &column.db_type)),
    }
}

/// The common kinds straight from the buffer, without a value per row; None means "take the
/// general path" (non-UTF-8 text, a value that does not parse, or another kind).
fn fast_raw(kind: Kind, precision: u8, raw: RawColumn) -> Result<CanonicalColumn, RawColumn> {
    fn slices(raw: &RawColumn) -> impl Iterator<Item = Option<&[u8]>> {
        let mut start = 0usize;
        raw.ends.iter().enumerate().map(move |(i, end)| {
            let end = (*end as usize).clamp(start, raw.data.len());
            let s = (!raw.nulls.get(i).copied().unwrap_or(false)).then(|| &raw.data[start..end]);
            start = end;
            s
        })
    }
    let out = match kind {
        // Text is its own canonical form: the buffer goes back as it came.
        // Each value must be UTF-8 on its own: a buffer can be valid while a value ends inside
        // a character that the next value completes.
        Kind::Text if utf8_values(&raw) => return Ok(CanonicalColumn::Texts(raw)),
        Kind::Int => slices(&raw)
            .map(|s| match s {
                None => Some(None),
                Some(b) => canon::int(b).map(Some),
            })
            .collect::<Option<Vec<_>>>()
            .map(CanonicalColumn::Ints),
        Kind::Float => slices(&raw)
            .map(|s| match s {
                None => Some(None),
                Some(b) => std::str::from_utf8(b).ok()?.trim().parse::<f64>().ok().map(Some),
            })
            .collect::<Option<Vec<_>>>()
            .map(CanonicalColumn::Floats),
        Kind::Float32 => slices(&raw)
            .map(|s| match s {
                None => Some(None),
                Some(b) => canon::parse_float32(std::str::from_utf8(b).ok()?.trim()).map(Some),
            })
            .collect::<Option<Vec<_>>>()
            .map(CanonicalColumn::Floats),
        Kind::Decimal => (|| {
            let mut data = Vec::with_capacity(raw.data.len());
            let mut ends = Vec::with_capacity(raw.ends.len());
            for s in slices(&raw) {
                if let Some(b) = s {
                    let b = b.trim_ascii();
                    if canon::decimal_into(b, &mut data).is_none() {
                        data.extend_from_slice(canon::decimal(std::str::from_utf8(b).ok()?)?.as_bytes());
                    }
                }
                ends.push(data.len() as u32);
            }
            Some(CanonicalColumn::Decimals(RawColumn { data, ends, nulls: raw.nulls.clone() }))
        })(),
        Kind::Timestamp => slices(&raw)
            .map(|s| match s {
                None => Some(Value::Null),
                Some(b) => canon::timestamp_bytes(b.trim_ascii(), precision).map(Value::Timestamp),
            })
            .collect::<Option<Vec<_>>>()
            .map(pack),
        _ => None,
    };
    out.ok_or(raw)
}

/// Whether every value of `raw` is UTF-8 text: the buffer is, and every value ends on a
/// character boundary.
fn utf8_values(raw: &RawColumn) -> bool {
    std::str::from_utf8(&raw.data).is_ok_and(|s| raw.ends.iter().all(|e| s.is_char_boundary(*e as usize)))
}

/// `normalize_batch` over a raw column, answered in a columnar shape when every value allows it.
pub fn normalize_raw(driver: &str, column: &Column, raw: RawColumn) -> Result<CanonicalColumn, String> {
    let raw = match fast_raw(kind_of(driver, column)?, column.timestamp_precision, raw) {
        Ok(col) => return Ok(col),
        Err(raw) => raw,
    };
    let mut values = Vec::with_capacity(raw.ends.len());
    let mut start = 0usize;
    for (i, end) in raw.ends.iter().enumerate() {
        let end = *end as usize;
        if end < start || end > raw.data.len() {
            return Err(format!("raw column: value {i} ends at {end}, outside its buffer"));
        }
        if raw.nulls.get(i).copied().unwrap_or(false) {
            values.push(Value::Null);
        } else {
            let bytes = &raw.data[start..end];
            values.push(match std::str::from_utf8(bytes) {
                Ok(s) => Value::Text(s.to_string()),
                Err(_) => Value::Bytes(bytes.to_vec()),
            });
        }
        start = end;
    }
    let out = normalize_batch(driver, column, values)?;
    Ok(pack(out))
}

fn pack(values: Vec<Value>) -> CanonicalColumn {
    let all = |f: fn(&Value) -> bool| values.iter().all(|v| matches!(v, Value::Null) || f(v));
    if all(|v| matches!(v, Value::Int(_))) {
        return CanonicalColumn::Ints(
            values.into_iter().map(|v| if let Value::Int(i) = v { Some(i) } else { None }).collect(),
        );
    }
    if all(|v| matches!(v, Value::Float(_))) {
        return CanonicalColumn::Floats(
            values.into_iter().map(|v| if let Value::Float(f) = v { Some(f) } else { None }).collect(),
        );
    }
    let text_like = |decimal: bool| {
        move |values: Vec<Value>| {
            let mut data = Vec::new();
            let mut ends = Vec::with_capacity(values.len());
            let mut nulls = Vec::with_capacity(values.len());
            for v in values {
                match v {
                    Value::Text(s) | Value::Decimal(s) => {
                        data.extend_from_slice(s.as_bytes());
                        nulls.push(false);
                    }
                    _ => nulls.push(true),
                }
                ends.push(data.len() as u32);
            }
            if !nulls.contains(&true) {
                nulls = Vec::new(); // none cross (see `raw-column`)
            }
            let col = RawColumn { data, ends, nulls };
            if decimal { CanonicalColumn::Decimals(col) } else { CanonicalColumn::Texts(col) }
        }
    };
    if all(|v| matches!(v, Value::Text(_))) {
        return text_like(false)(values);
    }
    if all(|v| matches!(v, Value::Decimal(_))) {
        return text_like(true)(values);
    }
    CanonicalColumn::Values(values)
}

/// Defines and exports a normalizer component for one driver family, on the plugin SDK.
#[macro_export]
macro_rules! normalizer_component {
    ($driver:literal) => {
        struct Component;

        impl $crate::sdk::Normalizer for Component {
            fn info() -> $crate::sdk::NormalizerInfo {
                $crate::describe($driver)
            }

            fn normalize_value(
                column: &$crate::sdk::ColumnSpec,
                value: $crate::sdk::Value,
            ) -> ::std::result::Result<$crate::sdk::Value, ::std::string::String> {
                $crate::normalize_batch($driver, column, vec![value])
                    .map(|mut v| v.pop().unwrap_or($crate::sdk::Value::Null))
            }

            fn normalize_column(
                column: &$crate::sdk::ColumnSpec,
                values: ::std::vec::Vec<$crate::sdk::Value>,
            ) -> ::std::result::Result<::std::vec::Vec<$crate::sdk::Value>, ::std::string::String> {
                $crate::normalize_batch($driver, column, values)
            }

            fn normalize_raw_column(
                column: &$crate::sdk::ColumnSpec,
                values: $crate::sdk::RawColumn,
            ) -> ::std::result::Result<$crate::sdk::ValueColumn, ::std::string::String> {
                $crate::normalize_raw($driver, column, values)
            }
        }

        $crate::sdk::export_normalizer!(Component);
    };
}

/// Fuzz entry (`fuzz/fuzz_targets/normalize.rs`, and the corpus replay in this crate's tests):
/// byte 0 picks the driver and the rule, byte 1 the precision, the rest are values separated
/// by 0xFF (0xFE alone is NULL). The byte-level fast path must give exactly what the general
/// path gives, and neither may panic.
#[doc(hidden)]
pub fn fuzz_one(data: &[u8]) {
    const DRIVERS: [&str; 5] = ["postgres", "mysql", "sqlite", "mongodb", "cassandra"];
    let [pick, precision, rest @ ..] = data else { return };
    let driver = DRIVERS[*pick as usize % DRIVERS.len()];
    let rule = RULES[(*pick as usize / DRIVERS.len()) % RULES.len()];
    let column = Column {
        driver: driver.into(),
        table: "t".into(),
        name: "c".into(),
        db_type: String::new(),
        rule: Some(rule.into()),
        timestamp_precision: precision % 10,
    };
    let mut raw = RawColumn { data: Vec::new(), ends: Vec::new(), nulls: Vec::new() };
    for v in rest.split(|b| *b == 0xFF) {
        raw.nulls.push(v == [0xFE]);
        if v != [0xFE] {
            raw.data.extend_from_slice(v);
        }
        raw.ends.push(raw.data.len() as u32);
    }
    let values: Vec<Value> = rest
        .split(|b| *b == 0xFF)
        .map(|v| match v {
            [0xFE] => Value::Null,
            v => match std::str::from_utf8(v) {
                Ok(s) => Value::Text(s.to_string()),
                Err(_) => Value::Bytes(v.to_vec()),
            },
        })
        .collect();
    let general = normalize_batch(driver, &column, values);
    let fast = normalize_raw(driver, &column, raw);
    if let (Ok(g), Ok(f)) = (general, fast) {
        let f = unpack(f);
        assert_eq!(g.len(), f.len());
        for (a, b) in g.iter().zip(&f) {
            let same = match (a, b) {
                (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
                (a, b) => format!("{a:?}") == format!("{b:?}"),
            };
            assert!(same, "{driver} {rule}: general path {a:?}, fast path {b:?}");
        }
    }
}

fn unpack(col: CanonicalColumn) -> Vec<Value> {
    let texts = |raw: RawColumn, decimal: bool| -> Vec<Value> {
        let mut start = 0usize;
        raw.ends
            .iter()
            .enumerate()
            .map(|(i, end)| {
                let s = String::from_utf8_lossy(&raw.data[start..*end as usize]).into_owned();
                start = *end as usize;
                match (raw.nulls.get(i).copied().unwrap_or(false), decimal) {
                    (true, _) => Value::Null,
                    (false, true) => Value::Decimal(s),
                    (false, false) => Value::Text(s),
                }
            })
            .collect()
    };
    match col {
        CanonicalColumn::Values(v) => v,
        CanonicalColumn::Ints(v) => v.into_iter().map(|x| x.map_or(Value::Null, Value::Int)).collect(),
        CanonicalColumn::Floats(v) => v.into_iter().map(|x| x.map_or(Value::Null, Value::Float)).collect(),
        CanonicalColumn::Texts(raw) => texts(raw, false),
        CanonicalColumn::Decimals(raw) => texts(raw, true),
    }
}

#[cfg(test)]
mod fuzz_corpus {
    /// Every input the fuzzer kept (`fuzz/corpus/normalize`) still passes.
    #[test]
    fn the_fuzz_corpus_still_passes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/normalize");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("fuzz/corpus/normalize").flatten() {
            super::fuzz_one(&std::fs::read(entry.path()).expect("corpus file"));
            n += 1;
        }
        assert!(n > 0, "no corpus in {}", dir.display());
    }
}

#[cfg(test)]
mod declared_tests {
    use super::*;

    fn column(driver: &str, db_type: &str) -> Column {
        Column {
            driver: driver.into(),
            table: "t".into(),
            name: "c".into(),
            db_type: db_type.to_string(),
            rule: None,
            timestamp_precision: 6,
        }
    }

    fn raw(values: &[&str]) -> RawColumn {
        let mut data = Vec::new();
        let mut ends = Vec::new();
        for v in values {
            data.extend_from_slice(v.as_bytes());
            ends.push(data.len() as u32);
        }
        RawColumn { data, ends, nulls: vec![false; values.len()] }
    }

    /// Every declared type, bare and with the parameters engines report, is of the declared
    /// kind; and values in the declared form come back as the host reads them (the host's own
    /// side of this is tested against these components in `host/tests/normalize.rs`).
    #[test]
    fn declared_types_are_of_their_kind() {
        for driver in ["postgres", "mysql", "sqlite", "cassandra", "mongodb"] {
            for entry in declared_types(driver) {
                let (form, t) = entry.split_at(1);
                let (kind, sample) = match form {
                    "=" => (Kind::Text, raw(&["a\u{e9}\u{1f600} b ", ""])),
                    "#" => (Kind::Int, raw(&["-9223372036854775808", "42"])),
                    "%" => (Kind::Decimal, raw(&["-0364.800", "0.00"])),
                    "@" => (Kind::Timestamp, raw(&["2024-02-29 23:59:59.1234567", "2024-03-01T01:00:00+02"])),
                    other => panic!("{driver}: unknown form {other:?}"),
                };
                for db_type in [t.to_string(), format!("{t}(10)"), format!("{t} UNSIGNED")] {
                    assert_eq!(types::kind_for(driver, &db_type), kind, "{driver} {db_type}");
                }
                let out = normalize_raw(driver, &column(driver, t), sample.clone()).unwrap();
                match (form, out) {
                    ("=", CanonicalColumn::Texts(out)) => assert_eq!(out, sample, "{driver} {t}"),
                    ("#", CanonicalColumn::Ints(v)) => assert_eq!(v, vec![Some(i64::MIN), Some(42)]),
                    ("%", CanonicalColumn::Decimals(v)) => assert_eq!(v.data, b"-364.80"),
                    ("@", CanonicalColumn::Values(v)) => assert_eq!(v.len(), 2),
                    (_, other) => panic!("{driver} {t}: {other:?}"),
                }
            }
        }
    }
}

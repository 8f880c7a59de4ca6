//! Engine type names → canonical kinds, per driver family.

use crate::canon::Kind;

/// `db_type` is upper-case and may carry parameters: "NUMERIC(10,2)", "TINYINT(1)", "INT UNSIGNED".
pub fn kind_for(driver: &str, db_type: &str) -> Kind {
    let t = db_type.trim().to_ascii_uppercase();
    let base = t.split(['(', ' ']).next().unwrap_or("");
    match driver {
        "postgres" => postgres(&t, base),
        "mysql" => mysql(&t, base),
        "sqlite" => sqlite(&t),
        "cassandra" => cassandra(base),
        "mongodb" => Kind::Raw,
        _ => Kind::Raw,
    }
}

fn postgres(t: &str, base: &str) -> Kind {
    match base {
        "INT2" | "INT4" | "INT8" | "SMALLINT" | "INTEGER" | "INT" | "BIGINT" | "SERIAL" | "BIGSERIAL"
        | "SMALLSERIAL" | "OID" => Kind::Int,
        "NUMERIC" | "DECIMAL" => Kind::Decimal,
        "FLOAT4" | "REAL" => Kind::Float32,
        "FLOAT8" | "FLOAT" => Kind::Float,
        "DOUBLE" if t.starts_with("DOUBLE PRECISION") => Kind::Float,
        "BOOL" | "BOOLEAN" => Kind::Bool,
        "BYTEA" => Kind::Bytes,
        "DATE" => Kind::Date,
        "TIME" | "TIMETZ" => Kind::Time,
        "TIMESTAMP" | "TIMESTAMPTZ" => Kind::Timestamp,
        "UUID" => Kind::Uuid,
        "JSON" | "JSONB" => Kind::Json,
        "BPCHAR" | "CHAR" | "CHARACTER" if !t.contains("VARYING") => Kind::Trim,
        _ => Kind::Text,
    }
}

fn mysql(t: &str, base: &str) -> Kind {
    match base {
        "TINYINT" if t.starts_with("TINYINT(1)") => Kind::Bool,
        "BOOL" | "BOOLEAN" => Kind::Bool,
        "BIT" if t.starts_with("BIT(1)") => Kind::Bool,
        "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "INTEGER" | "BIGINT" | "YEAR" => Kind::Int,
        "DECIMAL" | "NUMERIC" | "DEC" | "FIXED" => Kind::Decimal,
        "FLOAT" => Kind::Float32,
        "DOUBLE" | "REAL" => Kind::Float,
        "BINARY" | "VARBINARY" | "BLOB" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" | "BIT" => Kind::Bytes,
        "DATE" => Kind::Date,
        "TIME" => Kind::Time,
        "DATETIME" | "TIMESTAMP" => Kind::Timestamp,
        "JSON" => Kind::Json,
        "UUID" => Kind::Uuid,
        "CHAR" => Kind::Trim,
        _ => Kind::Text,
    }
}

/// SQLite has affinities, not types: follow its own rules for the declared type, then
/// recognise the names people use for dates, UUIDs and JSON.
fn sqlite(t: &str) -> Kind {
    if t.contains("BOOL") {
        Kind::Bool
    } else if t.contains("INT") {
        Kind::Int
    } else if t.contains("DATETIME") || t.contains("TIMESTAMP") {
        Kind::Timestamp
    } else if t == "DATE" {
        Kind::Date
    } else if t == "TIME" {
        Kind::Time
    } else if t.contains("UUID") {
        Kind::Uuid
    } else if t.contains("JSON") {
        Kind::Json
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        Kind::Text
    } else if t.contains("BLOB") || t.is_empty() {
        Kind::Raw
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        Kind::Float
    } else if t.contains("DEC") || t.contains("NUMERIC") {
        Kind::Decimal
    } else {
        Kind::Raw
    }
}

fn cassandra(base: &str) -> Kind {
    match base {
        "INT" | "BIGINT" | "SMALLINT" | "TINYINT" | "VARINT" | "COUNTER" => Kind::Int,
        "DECIMAL" => Kind::Decimal,
        "FLOAT" => Kind::Float32,
        "DOUBLE" => Kind::Float,
        "BOOLEAN" => Kind::Bool,
        "BLOB" => Kind::Bytes,
        "DATE" => Kind::Date,
        "TIME" => Kind::Time,
        "TIMESTAMP" => Kind::Timestamp,
        "UUID" | "TIMEUUID" => Kind::Uuid,
        "LIST" | "SET" | "MAP" | "TUPLE" | "FROZEN" => Kind::Json,
        _ => Kind::Text,
    }
}

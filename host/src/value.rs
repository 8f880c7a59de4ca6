//! The host's own database value, independent of the plugin bindings and of any driver.

use std::fmt;

/// A point in time; `offset_minutes` is None once normalised to UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    pub unix_seconds: i64,
    pub nanos: u32,
    pub precision: u8,
    pub offset_minutes: Option<i16>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Exact decimal as text.
    Decimal(String),
    Text(String),
    Bytes(Vec<u8>),
    /// "YYYY-MM-DD"
    Date(String),
    /// "HH:MM:SS[.f]"
    Time(String),
    Timestamp(Timestamp),
    Uuid(String),
    Json(String),
    List(Vec<Value>),
}

/// One column of raw values as a text protocol delivered them, back to back: value i is
/// `data[ends[i-1]..ends[i]]`; `nulls[i]` marks a NULL.
#[derive(Clone, Debug, Default)]
pub struct RawColumn {
    pub data: Vec<u8>,
    pub ends: Vec<u32>,
    pub nulls: Vec<bool>,
}

impl RawColumn {
    /// Room for `rows` values of `bytes` in all: a page's buffers are allocated once instead of
    /// growing by doubling (fresh memory for every page cost more in page faults than parsing).
    pub fn with_capacity(rows: usize, bytes: usize) -> Self {
        RawColumn { data: Vec::with_capacity(bytes), ends: Vec::with_capacity(rows), nulls: Vec::with_capacity(rows) }
    }

    pub fn push(&mut self, cell: Option<&[u8]>) {
        if let Some(b) = cell {
            self.data.extend_from_slice(b);
        }
        self.nulls.push(cell.is_none());
        self.ends.push(self.data.len() as u32);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Value i as the driver would have given it: text, bytes when not UTF-8, or NULL.
    pub fn value(&self, i: usize) -> Value {
        if self.nulls[i] {
            return Value::Null;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let b = &self.data[start..self.ends[i] as usize];
        match std::str::from_utf8(b) {
            Ok(s) => Value::Text(s.to_string()),
            Err(_) => Value::Bytes(b.to_vec()),
        }
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl Timestamp {
    /// The same instant: precision and the offset it was written with do not matter.
    pub fn same_instant(&self, other: &Timestamp) -> bool {
        self.unix_seconds == other.unix_seconds && self.nanos == other.nanos
    }

    /// "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: the form every supported SQL engine parses
    /// the same way once the session time zone is UTC.
    pub fn to_sql_text(&self) -> String {
        let offset = self.offset_minutes.unwrap_or(0) as i64 * 60;
        let secs = self.unix_seconds - offset;
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let mut s = format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", sod / 3600, (sod / 60) % 60, sod % 60);
        if self.nanos > 0 {
            let frac = format!("{:09}", self.nanos);
            s.push('.');
            s.push_str(frac.trim_end_matches('0'));
        }
        s
    }
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

impl fmt::Display for Value {
    /// The text shown in MISMATCH lines and reports.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("<NULL>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Decimal(s) | Value::Text(s) | Value::Date(s) | Value::Time(s) | Value::Uuid(s) | Value::Json(s) => {
                f.write_str(s)
            }
            Value::Bytes(b) => {
                f.write_str("\\x")?;
                b.iter().try_for_each(|x| write!(f, "{x:02x}"))
            }
            Value::Timestamp(t) => f.write_str(&t.to_sql_text()),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}

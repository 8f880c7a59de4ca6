//! A batch of normalised values of one column, kept in the shape the normalizer returned.
//!
//! Verify compares millions of values; turning each into its own `Value` (a string allocation
//! for every text and decimal, freed again on another thread) cost more than the comparison
//! itself. Cells borrow from the column; a `Value` is made only for a difference to report or
//! a pair of values of different shapes.

use crate::value::{RawColumn, Timestamp, Value};
use std::borrow::Cow;

#[derive(Clone, Debug)]
pub enum Column {
    Ints(Vec<Option<i64>>),
    Floats(Vec<Option<f64>>),
    /// UTF-8 text back to back.
    Texts(RawColumn),
    /// Canonical decimal text back to back.
    Decimals(RawColumn),
    /// Instants in UTC.
    Timestamps(Vec<Option<Timestamp>>),
    Values(Vec<Value>),
}

/// One value of a column, borrowed.
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Float(f64),
    Text(&'a [u8]),
    Decimal(&'a [u8]),
    Timestamp(Timestamp),
    Other(&'a Value),
}

/// Values laid out back to back (`ends`) each valid UTF-8 on its own.
pub fn utf8_values(data: &[u8], ends: &[u32]) -> bool {
    // simdutf8: the check runs over every text column verify reads (measured: 3 % of its CPU
    // with the standard library's, on text with non-ASCII values).
    simdutf8::basic::from_utf8(data).is_ok_and(|s| ends.iter().all(|e| s.is_char_boundary(*e as usize)))
}

impl RawColumn {
    /// Value i's bytes, None for NULL.
    pub fn bytes(&self, i: usize) -> Option<&[u8]> {
        if self.nulls[i] {
            return None;
        }
        Some(&self.data[self.start(i)..self.ends[i] as usize])
    }

    /// Every value valid UTF-8 on its own (a buffer can be valid while a value ends inside a
    /// character that the next one completes).
    pub fn utf8_values(&self) -> bool {
        utf8_values(&self.data, &self.ends)
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] as usize }
    }

    /// Values `i..i + n` byte for byte equal to `other`'s `j..j + n`: the same NULLs, the same
    /// lengths and one comparison of the bytes they cover.
    fn same_run(&self, i: usize, other: &RawColumn, j: usize, n: usize) -> bool {
        let (a0, b0) = (self.start(i), other.start(j));
        let (a1, b1) = (self.ends[i + n - 1] as usize, other.ends[j + n - 1] as usize);
        self.nulls[i..i + n] == other.nulls[j..j + n]
            && self.data[a0..a1] == other.data[b0..b1]
            && self.ends[i..i + n].iter().zip(&other.ends[j..j + n]).all(|(x, y)| *x as usize - a0 == *y as usize - b0)
    }
}

impl Column {
    pub fn len(&self) -> usize {
        match self {
            Column::Ints(v) => v.len(),
            Column::Floats(v) => v.len(),
            Column::Texts(c) | Column::Decimals(c) => c.len(),
            Column::Timestamps(v) => v.len(),
            Column::Values(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn cell(&self, i: usize) -> Cell<'_> {
        match self {
            Column::Ints(v) => v[i].map_or(Cell::Null, Cell::Int),
            Column::Floats(v) => v[i].map_or(Cell::Null, Cell::Float),
            Column::Texts(c) => c.bytes(i).map_or(Cell::Null, Cell::Text),
            Column::Decimals(c) => c.bytes(i).map_or(Cell::Null, Cell::Decimal),
            Column::Timestamps(v) => v[i].map_or(Cell::Null, Cell::Timestamp),
            Column::Values(v) => Cell::of(&v[i]),
        }
    }

    /// Whether rows `i..i + n` equal `other`'s rows `j..j + n` cell for cell, decided in bulk
    /// (`n` ≥ 1). Only ever true where `equal_cells` would be true for every row; false means
    /// "not known here", and the rows are compared one by one.
    pub fn same_run(&self, i: usize, other: &Column, j: usize, n: usize) -> bool {
        match (self, other) {
            (Column::Ints(a), Column::Ints(b)) => a[i..i + n] == b[j..j + n],
            // NaN is never == itself: such a run is left to the cell comparison.
            (Column::Floats(a), Column::Floats(b)) => a[i..i + n] == b[j..j + n],
            (Column::Texts(a), Column::Texts(b)) | (Column::Decimals(a), Column::Decimals(b)) => a.same_run(i, b, j, n),
            (Column::Timestamps(a), Column::Timestamps(b)) => a[i..i + n] == b[j..j + n],
            // Timestamps, dates, UUIDs…: identical canonical values are equal (NaN is not
            // identical to itself, so a run holding one goes to the cell comparison).
            (Column::Values(a), Column::Values(b)) => a[i..i + n] == b[j..j + n],
            _ => false,
        }
    }

    pub fn value(&self, i: usize) -> Value {
        self.cell(i).value().into_owned()
    }

    /// Values in the typed shape they all fit (NULLs fit any), so rows read as values compare
    /// in bulk like rows read as buffers; otherwise as they are.
    pub fn pack(values: Vec<Value>) -> Column {
        let all = |f: fn(&Value) -> bool| values.iter().all(|v| matches!(v, Value::Null) || f(v));
        if values.iter().all(|v| matches!(v, Value::Null)) {
            return Column::Values(values);
        }
        if all(|v| matches!(v, Value::Int(_))) {
            return Column::Ints(values.iter().map(|v| if let Value::Int(i) = v { Some(*i) } else { None }).collect());
        }
        if all(|v| matches!(v, Value::Float(_))) {
            return Column::Floats(
                values.iter().map(|v| if let Value::Float(f) = v { Some(*f) } else { None }).collect(),
            );
        }
        if all(|v| matches!(v, Value::Timestamp(_))) {
            return Column::Timestamps(
                values.iter().map(|v| if let Value::Timestamp(t) = v { Some(*t) } else { None }).collect(),
            );
        }
        fn text(v: &Value) -> Option<&[u8]> {
            match v {
                Value::Text(s) | Value::Decimal(s) => Some(s.as_bytes()),
                _ => None,
            }
        }
        let pack_text = |values: &[Value]| {
            let mut raw = RawColumn::with_capacity(values.len(), values.iter().filter_map(text).map(<[u8]>::len).sum());
            for v in values {
                raw.push(text(v));
            }
            raw
        };
        if all(|v| matches!(v, Value::Text(_))) {
            return Column::Texts(pack_text(&values));
        }
        if all(|v| matches!(v, Value::Decimal(_))) {
            return Column::Decimals(pack_text(&values));
        }
        Column::Values(values)
    }

    /// Every value, for callers that want rows.
    pub fn into_values(self) -> Vec<Value> {
        match self {
            Column::Values(v) => v,
            other => (0..other.len()).map(|i| other.value(i)).collect(),
        }
    }
}

impl<'a> Cell<'a> {
    pub fn of(v: &'a Value) -> Cell<'a> {
        match v {
            Value::Null => Cell::Null,
            other => Cell::Other(other),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }

    /// The cell as a `Value`, borrowed where it already is one.
    pub fn value(self) -> Cow<'a, Value> {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        Cow::Owned(match self {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::Int(i),
            Cell::Float(f) => Value::Float(f),
            Cell::Text(b) => match std::str::from_utf8(b) {
                Ok(s) => Value::Text(s.to_string()),
                Err(_) => Value::Bytes(b.to_vec()),
            },
            Cell::Decimal(b) => Value::Decimal(text(b)),
            Cell::Timestamp(t) => Value::Timestamp(t),
            Cell::Other(v) => return Cow::Borrowed(v),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_checked_value_by_value() {
        let mut raw = RawColumn::default();
        raw.push(Some("Grüße".as_bytes()));
        raw.push(None);
        raw.push(Some("東京 ✓".as_bytes()));
        assert!(raw.utf8_values());
        // Valid as one buffer, but the first value ends inside "é" and the second starts in it.
        let e = "é".as_bytes();
        let mut split = RawColumn::default();
        split.push(Some(&[b'a', e[0]]));
        split.push(Some(&[e[1]]));
        assert!(std::str::from_utf8(&split.data).is_ok() && !split.utf8_values());
        let mut latin1 = RawColumn::default();
        latin1.push(Some(&[b'a', 0xe9]));
        assert!(!latin1.utf8_values());
    }

    #[test]
    fn cells_read_back_as_values() {
        let mut raw = RawColumn::default();
        raw.push(Some(b"ab"));
        raw.push(None);
        raw.push(Some(b""));
        let texts = Column::Texts(raw.clone());
        assert_eq!(texts.len(), 3);
        assert_eq!(texts.value(0), Value::Text("ab".into()));
        assert!(texts.cell(1).is_null());
        assert_eq!(texts.value(2), Value::Text(String::new()));
        assert_eq!(Column::Decimals(raw).value(0), Value::Decimal("ab".into()));
        let ints = Column::Ints(vec![Some(3), None]);
        assert_eq!(ints.clone().into_values(), vec![Value::Int(3), Value::Null]);
        let vals = Column::Values(vec![Value::Bool(true)]);
        assert!(matches!(vals.cell(0).value(), Cow::Borrowed(Value::Bool(true))));
    }
}

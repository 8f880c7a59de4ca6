//! A batch of normalised values of one column, kept in the shape the normalizer returned.
//!
//! Verify compares millions of values; turning each into its own `Value` (a string allocation
//! for every text and decimal, freed again on another thread) cost more than the comparison
//! itself. Cells borrow from the column; a `Value` is made only for a difference to report or
//! a pair of values of different shapes.

use crate::value::{RawColumn, Value};
use std::borrow::Cow;

#[derive(Clone, Debug)]
pub enum Column {
    Ints(Vec<Option<i64>>),
    Floats(Vec<Option<f64>>),
    /// UTF-8 text back to back.
    Texts(RawColumn),
    /// Canonical decimal text back to back.
    Decimals(RawColumn),
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
    Other(&'a Value),
}

impl RawColumn {
    /// Value i's bytes, None for NULL.
    pub fn bytes(&self, i: usize) -> Option<&[u8]> {
        if self.nulls[i] {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.data[start..self.ends[i] as usize])
    }
}

impl Column {
    pub fn len(&self) -> usize {
        match self {
            Column::Ints(v) => v.len(),
            Column::Floats(v) => v.len(),
            Column::Texts(c) | Column::Decimals(c) => c.len(),
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
            Column::Values(v) => Cell::of(&v[i]),
        }
    }

    pub fn value(&self, i: usize) -> Value {
        self.cell(i).value().into_owned()
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
            Cell::Other(v) => return Cow::Borrowed(v),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

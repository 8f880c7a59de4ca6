//! A batch's values gathered straight into the cheapest column that holds them.
//!
//! Collecting a `Value` per row and repacking afterwards cost a second pass and a drop per
//! value, several times what `uniform` itself costs; the builder keeps its typed shape until a
//! value does not fit, and only then falls back to a list of values.

use crate::{RawColumn, Value, ValueColumn};

/// A column of values built row by row, in the narrowest shape that holds them (integers, floats,
/// text in one buffer, or values).
pub struct ColumnBuilder {
    /// Rows expected: the typed buffers are allocated once.
    rows: usize,
    shape: Shape,
}

enum Shape {
    /// Only NULLs so far (this many).
    Nulls(usize),
    Ints(Vec<Option<i64>>),
    Floats(Vec<Option<f64>>),
    Texts {
        data: Vec<u8>,
        ends: Vec<u32>,
        nulls: Vec<bool>,
    },
    Values(Vec<Value>),
}

impl ColumnBuilder {
    /// A builder for about `rows` values.
    pub fn with_rows(rows: usize) -> Self {
        ColumnBuilder { rows, shape: Shape::Nulls(0) }
    }

    /// Append an owned value.
    pub fn push(&mut self, v: Value) {
        if !self.push_typed(&v) {
            self.values().push(v);
        }
    }

    /// Append a value that stays where it is (a set's member): text is copied into the
    /// buffer, nothing is allocated per row.
    pub fn push_ref(&mut self, v: &Value) {
        if !self.push_typed(v) {
            self.values().push(v.clone());
        }
    }

    /// The value in the current typed shape, if it fits one.
    fn push_typed(&mut self, v: &Value) -> bool {
        if let Shape::Nulls(n) = self.shape {
            if matches!(v, Value::Null) {
                self.shape = Shape::Nulls(n + 1);
                return true;
            }
            let rows = self.rows.max(n + 1);
            self.shape = match v {
                Value::Int(_) => Shape::Ints(padded(n, rows)),
                Value::Float(_) => Shape::Floats(padded(n, rows)),
                Value::Text(_) => Shape::Texts { data: Vec::new(), ends: vec![0; n], nulls: vec![true; n] },
                _ => Shape::Values(std::iter::repeat_n(Value::Null, n).collect()),
            };
        }
        match (&mut self.shape, v) {
            (Shape::Ints(c), Value::Int(i)) => c.push(Some(*i)),
            (Shape::Ints(c), Value::Null) => c.push(None),
            (Shape::Floats(c), Value::Float(f)) => c.push(Some(*f)),
            (Shape::Floats(c), Value::Null) => c.push(None),
            (Shape::Texts { data, ends, nulls }, Value::Text(s)) => {
                data.extend_from_slice(s.as_bytes());
                ends.push(data.len() as u32);
                nulls.push(false);
            }
            (Shape::Texts { data, ends, nulls }, Value::Null) => {
                ends.push(data.len() as u32);
                nulls.push(true);
            }
            _ => return false,
        }
        true
    }

    /// The list-of-values shape, converting what was gathered so far.
    fn values(&mut self) -> &mut Vec<Value> {
        if !matches!(self.shape, Shape::Values(_)) {
            let so_far = match std::mem::replace(&mut self.shape, Shape::Values(Vec::new())) {
                Shape::Nulls(n) => std::iter::repeat_n(Value::Null, n).collect(),
                Shape::Ints(c) => c.into_iter().map(|x| x.map_or(Value::Null, Value::Int)).collect(),
                Shape::Floats(c) => c.into_iter().map(|x| x.map_or(Value::Null, Value::Float)).collect(),
                Shape::Texts { data, ends, nulls } => {
                    let mut start = 0;
                    let mut out = Vec::with_capacity(self.rows);
                    for (end, null) in ends.into_iter().zip(nulls) {
                        let end = end as usize;
                        out.push(if null {
                            Value::Null
                        } else {
                            Value::Text(String::from_utf8_lossy(&data[start..end]).into_owned())
                        });
                        start = end;
                    }
                    out
                }
                Shape::Values(v) => v,
            };
            self.shape = Shape::Values(so_far);
        }
        match &mut self.shape {
            Shape::Values(v) => v,
            _ => unreachable!("just converted"),
        }
    }

    /// The column, in the shape its values allowed.
    pub fn finish(self) -> ValueColumn {
        match self.shape {
            // All NULL (or no rows): integers, as the values were before.
            Shape::Nulls(n) => ValueColumn::Ints(vec![None; n]),
            Shape::Ints(c) => ValueColumn::Ints(c),
            Shape::Floats(c) => ValueColumn::Floats(c),
            Shape::Texts { data, ends, nulls } => {
                // No value is NULL: no flags cross (see `raw-column`).
                let nulls = if nulls.contains(&true) { nulls } else { Vec::new() };
                ValueColumn::Texts(RawColumn { data, ends, nulls })
            }
            Shape::Values(v) => ValueColumn::Values(v),
        }
    }
}

/// `n` NULLs, with room for `rows`.
fn padded<T>(n: usize, rows: usize) -> Vec<Option<T>> {
    let mut c = Vec::with_capacity(rows);
    c.extend(std::iter::repeat_with(|| None).take(n));
    c
}

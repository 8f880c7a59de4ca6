//! Reading call arguments, with errors that say which argument is wrong: the free functions
//! (`int(args, 0, "max")`) say "argument 1 (max) …"; [`Args`] adds the function's name.

use crate::{Scalar, Value};

/// Argument `i` as a number (an integer, a float, or text holding one).
pub fn float(args: &[Value], i: usize, name: &str) -> Result<f64, String> {
    match args.get(i) {
        Some(Value::Int(v)) => Ok(*v as f64),
        Some(Value::Float(v)) => Ok(*v),
        Some(Value::Decimal(s)) | Some(Value::Text(s)) => {
            s.trim().parse().map_err(|_| format!("argument {} ({name}) must be a number, got {s:?}", i + 1))
        }
        Some(other) => Err(format!("argument {} ({name}) must be a number, got {}", i + 1, kind(other))),
        None => Err(format!("missing argument {} ({name})", i + 1)),
    }
}

/// Argument `i` as an integer (a whole float or text holding one is taken too).
pub fn int(args: &[Value], i: usize, name: &str) -> Result<i64, String> {
    match args.get(i) {
        Some(Value::Int(v)) => Ok(*v),
        Some(Value::Float(v)) if v.fract() == 0.0 => Ok(*v as i64),
        Some(Value::Decimal(s)) | Some(Value::Text(s)) => {
            s.trim().parse().map_err(|_| format!("argument {} ({name}) must be an integer, got {s:?}", i + 1))
        }
        Some(other) => Err(format!("argument {} ({name}) must be an integer, got {}", i + 1, kind(other))),
        None => Err(format!("missing argument {} ({name})", i + 1)),
    }
}

/// Argument `i` as an integer, or `default` when the call has no such argument.
pub fn opt_int(args: &[Value], i: usize, name: &str, default: i64) -> Result<i64, String> {
    if args.len() > i { int(args, i, name) } else { Ok(default) }
}

/// Argument `i` as text (numbers are written as text).
pub fn text(args: &[Value], i: usize, name: &str) -> Result<String, String> {
    match args.get(i) {
        Some(Value::Text(s)) | Some(Value::Decimal(s)) => Ok(s.clone()),
        Some(Value::Int(v)) => Ok(v.to_string()),
        Some(Value::Float(v)) => Ok(v.to_string()),
        Some(other) => Err(format!("argument {} ({name}) must be a string, got {}", i + 1, kind(other))),
        None => Err(format!("missing argument {} ({name})", i + 1)),
    }
}

/// Argument `i` as a list (`['a', 'b']` in a config).
pub fn list(args: &[Value], i: usize, name: &str) -> Result<Vec<Scalar>, String> {
    match args.get(i) {
        Some(Value::List(items)) => Ok(items.clone()),
        Some(other) => Err(format!("argument {} ({name}) must be a list, got {}", i + 1, kind(other))),
        None => Err(format!("missing argument {} ({name})", i + 1)),
    }
}

/// Argument `i` as a list of numbers.
pub fn float_list(args: &[Value], i: usize, name: &str) -> Result<Vec<f64>, String> {
    list(args, i, name)?
        .iter()
        .map(|s| match s {
            Scalar::Int(v) => Ok(*v as f64),
            Scalar::Float(v) => Ok(*v),
            _ => Err(format!("argument {} ({name}) must be a list of numbers", i + 1)),
        })
        .collect()
}

/// A list member as a value.
pub fn scalar_to_value(s: &Scalar) -> Value {
    match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Boolean(*b),
        Scalar::Int(v) => Value::Int(*v),
        Scalar::Float(v) => Value::Float(*v),
        Scalar::Decimal(v) => Value::Decimal(v.clone()),
        Scalar::Text(v) => Value::Text(v.clone()),
        Scalar::Bytes(v) => Value::Bytes(v.clone()),
        Scalar::Date(v) => Value::Date(v.clone()),
        Scalar::Time(v) => Value::Time(v.clone()),
        Scalar::Timestamp(v) => Value::Timestamp(*v),
        Scalar::Uuid(v) => Value::Uuid(v.clone()),
        Scalar::Json(v) => Value::Json(v.clone()),
    }
}

/// A call's arguments, for errors that name the function: `sku: argument 1 (prefix) must be a
/// string, got int`.
pub struct Args<'a> {
    /// The function's name, which every error starts with.
    pub function: &'a str,
    /// The arguments, as the call gave them.
    pub values: &'a [Value],
}

impl<'a> Args<'a> {
    /// The arguments of a call to `function`.
    pub fn new(function: &'a str, values: &'a [Value]) -> Self {
        Args { function, values }
    }

    /// How many arguments the call has.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the call has no arguments.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    fn named<T>(&self, r: Result<T, String>) -> Result<T, String> {
        r.map_err(|e| format!("{}: {e}", self.function))
    }

    /// Argument `i` as text; see [`text`](crate::args::text).
    pub fn text(&self, i: usize, name: &str) -> Result<String, String> {
        self.named(text(self.values, i, name))
    }

    /// Argument `i` as an integer; see [`int`](crate::args::int).
    pub fn int(&self, i: usize, name: &str) -> Result<i64, String> {
        self.named(int(self.values, i, name))
    }

    /// Argument `i` as an integer, or `default`; see [`opt_int`](crate::args::opt_int).
    pub fn opt_int(&self, i: usize, name: &str, default: i64) -> Result<i64, String> {
        self.named(opt_int(self.values, i, name, default))
    }

    /// Argument `i` as a number; see [`float`](crate::args::float).
    pub fn float(&self, i: usize, name: &str) -> Result<f64, String> {
        self.named(float(self.values, i, name))
    }

    /// Argument `i` as a list; see [`list`](crate::args::list).
    pub fn list(&self, i: usize, name: &str) -> Result<Vec<Scalar>, String> {
        self.named(list(self.values, i, name))
    }

    /// Argument `i` as a list of numbers; see [`float_list`](crate::args::float_list).
    pub fn float_list(&self, i: usize, name: &str) -> Result<Vec<f64>, String> {
        self.named(float_list(self.values, i, name))
    }

    /// A custom check's message, prefixed like the others.
    pub fn error(&self, message: impl std::fmt::Display) -> String {
        format!("{}: {message}", self.function)
    }
}

/// The type of a value, as argument errors name it.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Boolean(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Decimal(_) => "decimal",
        Value::Text(_) => "string",
        Value::Bytes(_) => "bytes",
        Value::Date(_) => "date",
        Value::Time(_) => "time",
        Value::Timestamp(_) => "timestamp",
        Value::Uuid(_) => "uuid",
        Value::Json(_) => "json",
        Value::List(_) => "list",
    }
}

/// Round half away from zero to `prec` decimal places.
pub fn round_to(v: f64, prec: i64) -> f64 {
    let m = 10f64.powi(prec.clamp(0, 15) as i32);
    (v * m).round() / m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_function_and_the_argument() {
        let vals = [Value::Int(3), Value::Text("x".into())];
        let a = Args::new("sku", &vals);
        assert_eq!(a.int(0, "n").unwrap(), 3);
        assert_eq!(a.text(0, "prefix").unwrap(), "3", "numbers read as text");
        assert_eq!(a.int(1, "n").unwrap_err(), "sku: argument 2 (n) must be an integer, got \"x\"");
        assert_eq!(a.float(2, "max").unwrap_err(), "sku: missing argument 3 (max)");
        assert_eq!(a.opt_int(2, "p", 7).unwrap(), 7);
        assert_eq!(a.list(0, "values").unwrap_err(), "sku: argument 1 (values) must be a list, got int");
        assert_eq!(a.error("bad"), "sku: bad");
        assert_eq!(round_to(2.345, 2), 2.35);
    }
}

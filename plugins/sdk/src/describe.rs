//! What `describe()` tells edg about each function: `edg plugins list` shows it, and edg checks
//! the number of arguments of every call against it when a config loads.

/// A parameter's or a result's type, as `edg plugins list` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Any value.
    Any,
    /// `true` or `false`.
    Bool,
    /// A 64-bit integer.
    Int,
    /// A 64-bit float.
    Float,
    /// Text.
    String,
    /// A list (`['a', 'b']`).
    List,
    /// Bytes.
    Bytes,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A time of day.
    Time,
    /// A timestamp.
    Timestamp,
    /// A UUID.
    Uuid,
    /// JSON text.
    Json,
}

impl Kind {
    /// The name `edg plugins list` shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Any => "any",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::String => "string",
            Kind::List => "list",
            Kind::Bytes => "bytes",
            Kind::Date => "date",
            Kind::Time => "time",
            Kind::Timestamp => "timestamp",
            Kind::Uuid => "uuid",
            Kind::Json => "json",
        }
    }
}

#[derive(Clone, Debug)]
/// One parameter of a function: shown by `edg plugins list`, counted when a config loads.
pub struct ParamDoc {
    /// Its name, as errors about it say.
    pub name: String,
    /// Its kind's name ([`Kind::as_str`]).
    pub kind: String,
    /// Whether a call may leave it out (only trailing parameters can be).
    pub optional: bool,
}

/// One function's signature, doc and example: `FunctionDoc::new("sku").param("prefix",
/// Kind::String).returns(Kind::String).doc("…").example("sku('TOY')")`.
#[derive(Clone, Debug)]
pub struct FunctionDoc {
    /// The name configs call it by.
    pub name: String,
    /// Its parameters, in order.
    pub params: Vec<ParamDoc>,
    /// Whether it takes any number of arguments after its parameters.
    pub variadic: bool,
    /// Its result's kind's name, or empty.
    pub returns: String,
    /// One line for `edg plugins list`.
    pub doc: String,
    /// A call as a config would write it.
    pub example: String,
}

impl FunctionDoc {
    /// A function called `name`, with no parameters yet.
    pub fn new(name: &str) -> Self {
        FunctionDoc {
            name: name.into(),
            params: Vec::new(),
            variadic: false,
            returns: Kind::Any.as_str().into(),
            doc: String::new(),
            example: String::new(),
        }
    }

    /// Add a parameter (required unless its name ends in `?`, as `step?`).
    pub fn param(mut self, name: &str, kind: Kind) -> Self {
        self.params.push(ParamDoc { name: name.into(), kind: kind.as_str().into(), optional: false });
        self
    }

    /// A trailing parameter that may be left out.
    pub fn optional(mut self, name: &str, kind: Kind) -> Self {
        self.params.push(ParamDoc { name: name.into(), kind: kind.as_str().into(), optional: true });
        self
    }

    /// The last parameter repeats (any number of trailing arguments of its kind).
    pub fn variadic(mut self) -> Self {
        self.variadic = true;
        self
    }

    /// Its result's kind.
    pub fn returns(mut self, kind: Kind) -> Self {
        self.returns = kind.as_str().into();
        self
    }

    /// Its description.
    pub fn doc(mut self, doc: &str) -> Self {
        self.doc = doc.into();
        self
    }

    /// An example call.
    pub fn example(mut self, example: &str) -> Self {
        self.example = example.into();
        self
    }

    /// Accepted argument counts (min, max); max None when variadic.
    pub fn arity(&self) -> (usize, Option<usize>) {
        let min = self.params.iter().filter(|p| !p.optional).count();
        (min, if self.variadic { None } else { Some(self.params.len()) })
    }

    /// `Some(error)` when `n` arguments do not fit the signature.
    pub fn check_arity(&self, n: usize) -> Option<String> {
        let (min, max) = self.arity();
        if n >= min && max.is_none_or(|m| n <= m) {
            return None;
        }
        let want = match max {
            Some(m) if m == min => min.to_string(),
            Some(m) => format!("{min} to {m}"),
            None => format!("at least {min}"),
        };
        Some(format!("{} takes {want} argument(s), got {n}", self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_follows_the_parameters() {
        let f = FunctionDoc::new("norm").param("mean", Kind::Float).optional("precision", Kind::Int);
        assert_eq!(f.arity(), (1, Some(2)));
        assert_eq!(f.check_arity(1), None);
        assert_eq!(f.check_arity(3).unwrap(), "norm takes 1 to 2 argument(s), got 3");
        assert_eq!(FunctionDoc::new("x").param("a", Kind::Any).variadic().check_arity(9), None);
        assert_eq!(FunctionDoc::new("uuid").check_arity(1).unwrap(), "uuid takes 0 argument(s), got 1");
    }
}

//! Why an expression did not load or evaluate: the cases a config author can act on, each in
//! one line. Text from expr-lang and the plugins stays text (it is their leaf message).

use crate::plugin::PluginError;

#[derive(Debug, thiserror::Error)]
pub enum ExprError {
    /// Tokenizing, nesting, string escapes, or expr-lang's parser, as one line.
    #[error("{0}")]
    Syntax(String),
    #[error("unknown function {name}(){hint}")]
    UnknownFunction { name: String, hint: String },
    #[error("{name}() takes {want} argument(s), got {got}")]
    Arity { name: String, want: String, got: usize },
    #[error("unknown name {name}{hint}")]
    UnknownName { name: String, hint: String },
    #[error("env('{0}'): environment variable {0} is not set")]
    EnvUnset(String),
    #[error("ref_each() needs a literal SQL string")]
    RefEachNotLiteral,
    /// A constant argument a function refuses when the config loads (the function's words).
    #[error("{0}")]
    Argument(String),
    /// expr-lang's evaluation error (a host function's message is in it).
    #[error("{0}")]
    Eval(String),
    #[error(transparent)]
    Plugin(#[from] PluginError),
    #[error("{kind} {name:?} shadows a built-in function")]
    Shadows { kind: &'static str, name: String },
    #[error("plugin function {0:?} clashes with the built-in host function of the same name")]
    Clash(String),
    #[error("global {name}: {source}")]
    Global {
        name: String,
        #[source]
        source: Box<ExprError>,
    },
    #[error("expression {name}: {source}")]
    Expression {
        name: String,
        #[source]
        source: Box<ExprError>,
    },
    /// A `count:` or `size:` that is not a usable number.
    #[error("{0}")]
    Count(String),
}

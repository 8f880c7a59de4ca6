//! What plugins tell the host about themselves (functions, parameters, normalizer rules), and
//! what the host tells a normalizer about a column: plain data, shared by the instances
//! (`guest.rs`) and the per-side set (`set.rs`).

/// What a normalizer is told about a column.
#[derive(Clone, Debug)]
pub struct ColumnSpec {
    pub driver: String,
    pub table: String,
    pub name: String,
    pub db_type: String,
    pub rule: Option<String>,
    pub timestamp_precision: u8,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ParamInfo {
    pub name: String,
    pub kind: String,
    pub optional: bool,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct FunctionInfo {
    pub name: String,
    pub params: Vec<ParamInfo>,
    pub variadic: bool,
    pub returns: String,
    pub doc: String,
    pub example: String,
}

impl FunctionInfo {
    /// The accepted argument counts, as (min, max); max None when variadic.
    pub fn arity(&self) -> (usize, Option<usize>) {
        let min = self.params.iter().filter(|p| !p.optional).count();
        (min, if self.variadic { None } else { Some(self.params.len()) })
    }

    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| format!("{}{}: {}", p.name, if p.optional { "?" } else { "" }, p.kind))
            .collect();
        let returns = if self.returns.is_empty() { String::new() } else { format!(" -> {}", self.returns) };
        format!("{}({}{}){returns}", self.name, params.join(", "), if self.variadic { ", ..." } else { "" })
    }
}

#[derive(Clone, Debug)]
pub struct GeneratorInfo {
    pub name: String,
    pub version: String,
    pub functions: Vec<FunctionInfo>,
    /// Patterns a function takes (`gen('email')`), as the component documents them.
    pub patterns: Vec<PatternInfo>,
}

/// One pattern of a pattern-taking function: described as `<function>:<pattern>` entries.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PatternInfo {
    pub function: String,
    pub name: String,
    /// Parameters as written after ':' ("min,max"; in brackets when optional); "" for none.
    pub params: String,
    pub category: String,
    pub doc: String,
    pub example: String,
}

impl PatternInfo {
    /// A `<function>:<pattern>` entry as a pattern; `None` for a callable function.
    pub fn from_entry(f: &FunctionInfo) -> Option<Self> {
        let (function, name) = f.name.split_once(':')?;
        let (category, doc) = f.doc.split_once(": ").unwrap_or(("Other", f.doc.as_str()));
        Some(PatternInfo {
            function: function.into(),
            name: name.into(),
            params: f.params.first().map(|p| p.name.clone()).unwrap_or_default(),
            category: category.into(),
            doc: doc.into(),
            example: f.example.clone(),
        })
    }
}

#[derive(Clone, Debug)]
pub struct NormalizerInfo {
    pub name: String,
    pub version: String,
    pub drivers: Vec<String>,
    pub types: Vec<String>,
    pub rules: Vec<String>,
    pub doc: String,
}

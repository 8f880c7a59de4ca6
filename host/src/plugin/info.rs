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

#[derive(Clone, Debug)]
pub struct ParamInfo {
    pub name: String,
    pub kind: String,
    pub optional: bool,
}

#[derive(Clone, Debug)]
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
        format!("{}({}{}) -> {}", self.name, params.join(", "), if self.variadic { ", ..." } else { "" }, self.returns)
    }
}

#[derive(Clone, Debug)]
pub struct GeneratorInfo {
    pub name: String,
    pub version: String,
    pub functions: Vec<FunctionInfo>,
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

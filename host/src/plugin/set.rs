//! The instances one database side uses: every generator function by name, and a normalizer
//! per driver family (third-party normalizers take precedence for the rules they declare).

use super::declared::Form;
use super::generator::Generator;
use super::info::{ColumnSpec, FunctionInfo};
use super::limits::Limits;
use super::normalizer::Normalizer;
use super::{Loaded, PluginError};
use crate::column::Column;
use crate::value::{RawColumn, Value};
use std::collections::HashMap;
use wasmtime::Engine;

pub struct PluginSet {
    generators: Vec<Generator>,
    functions: HashMap<String, (usize, FunctionInfo)>,
    normalizers: Vec<Normalizer>,
}

impl PluginSet {
    pub(super) fn new(engine: &Engine, loaded: &[Loaded], limits: Limits) -> Result<Self, PluginError> {
        let mut set = PluginSet { generators: Vec::new(), functions: HashMap::new(), normalizers: Vec::new() };
        for l in loaded {
            match l {
                Loaded::Generator { pre, info, source } => {
                    let mut g = Generator::instantiate(engine, pre, limits, source)?;
                    g.describe()?;
                    let idx = set.generators.len();
                    for f in &info.functions {
                        if let Some((other, _)) = set.functions.get(&f.name) {
                            return Err(PluginError::Clash {
                                function: f.name.clone(),
                                first: set.generators[*other].name().to_string(),
                                second: info.name.clone(),
                            });
                        }
                        set.functions.insert(f.name.clone(), (idx, f.clone()));
                    }
                    set.generators.push(g);
                }
                Loaded::Normalizer { pre, info, source } => {
                    let mut n = Normalizer::instantiate(engine, pre, limits, source)?;
                    n.describe()?;
                    n.info = Some(info.clone());
                    set.normalizers.push(n);
                }
            }
        }
        Ok(set)
    }

    pub fn function(&self, name: &str) -> Option<&FunctionInfo> {
        self.functions.get(name).map(|(_, f)| f)
    }

    pub fn functions(&self) -> impl Iterator<Item = (&str, &FunctionInfo)> {
        self.functions.iter().map(|(k, (_, f))| (k.as_str(), f))
    }

    pub fn call(
        &mut self,
        name: &str,
        args: &[Value],
        rows: u32,
        rng: &mut crate::rng::Stream,
    ) -> Result<Vec<Value>, PluginError> {
        let (idx, _) = self.functions.get(name).ok_or_else(|| PluginError::UnknownFunction(name.to_string()))?;
        self.generators[*idx].call(name, args, rows, rng)
    }

    /// `Generator::call_seeded` for the function's generator.
    pub fn call_seeded(
        &mut self,
        name: &str,
        args: &[Value],
        seeds: Vec<u64>,
    ) -> Result<Option<Vec<Value>>, PluginError> {
        let (idx, _) = self.functions.get(name).ok_or_else(|| PluginError::UnknownFunction(name.to_string()))?;
        self.generators[*idx].call_seeded(name, args, seeds)
    }

    /// The normalizer for a column, latest-loaded first (so a plugin overrides a built-in): with a
    /// rule, one for the driver that lists the rule; without, one for the driver that lists the
    /// column's type, else one that takes every type ("*"). With it, the canonical form that
    /// normalizer declares for the type, if any (never for a column with a rule).
    fn route(&self, column: &ColumnSpec) -> Option<(usize, Option<Form>)> {
        let info = |i: usize| self.normalizers[i].info.as_ref().expect("set at load");
        let handles_driver = |i: usize| info(i).drivers.iter().any(|d| d == &column.driver || d == "*");
        let mut all = (0..self.normalizers.len()).rev();
        if let Some(rule) = &column.rule {
            return all.find(|&i| handles_driver(i) && info(i).rules.iter().any(|r| r == rule)).map(|i| (i, None));
        }
        let base = base_type(column);
        let declared = |i: usize| {
            info(i).types.iter().find_map(|t| match Form::of_entry(t) {
                (form, name) if name.eq_ignore_ascii_case(&base) => Some(form),
                _ => None,
            })
        };
        all.clone()
            .find_map(|i| if handles_driver(i) { declared(i).map(|form| (i, form)) } else { None })
            .or_else(|| all.find(|&i| handles_driver(i) && info(i).types.iter().any(|t| t == "*")).map(|i| (i, None)))
    }

    /// Whether some normalizer accepts `rule` for `driver`.
    pub fn knows_rule(&self, driver: &str, rule: &str) -> bool {
        self.normalizers.iter().any(|n| {
            let i = n.info.as_ref().expect("set at load");
            i.drivers.iter().any(|d| d == driver || d == "*") && i.rules.iter().any(|r| r == rule)
        })
    }

    /// Normalise a column delivered as one buffer; without a normalizer, the raw values.
    pub fn normalize_raw(&mut self, column: &ColumnSpec, raw: RawColumn) -> Result<Column, PluginError> {
        match self.route(column) {
            Some((i, Some(form))) => match form.apply(raw, column.timestamp_precision) {
                Ok(col) => Ok(col),
                Err(raw) => self.normalizers[i].normalize_raw(column, raw),
            },
            Some((i, None)) => self.normalizers[i].normalize_raw(column, raw),
            None => Ok(Column::Values((0..raw.len()).map(|i| raw.value(i)).collect())),
        }
    }

    pub fn normalize(&mut self, column: &ColumnSpec, values: Vec<Value>) -> Result<Vec<Value>, PluginError> {
        match self.route(column) {
            Some((i, _)) => self.normalizers[i].normalize(column, values),
            None => Ok(values),
        }
    }
}

/// A column's type without parameters: "VARCHAR(100)" → "VARCHAR", "INT UNSIGNED" → "INT".
fn base_type(column: &ColumnSpec) -> String {
    column.db_type.split(['(', ' ']).next().unwrap_or("").to_ascii_uppercase()
}

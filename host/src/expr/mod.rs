//! Expressions in edg's expr-lang syntax, evaluated per row with edg's functions.
//!
//! Every expression is checked when the config loads: unknown functions (with a suggestion),
//! wrong arity, unknown names, bad `gen` patterns and unset `env()` variables are errors before
//! any database is touched. Each expression is compiled once and evaluated per row.

pub mod catalog;
mod convert;
mod error;
mod functions;
mod plan;
mod prefetch;
mod sampling;
mod scan;
mod state;
mod strings;

pub use convert::{from_host, plain, to_host, to_json};
pub use error::ExprError;
pub use expr_lang::Value as EValue;
pub use plan::Plan;
pub use prefetch::Memo;
pub use state::State;

use crate::config::{Config, scalar_source};
use crate::plugin::{PluginError, PluginSet};
use crate::value::Value;
use expr_lang::{Context, Environment, Program};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// expr-lang's own builtins (their arity is expr-lang's business).
const EXPR_BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bitand",
    "bitnand",
    "bitnot",
    "bitor",
    "bitshl",
    "bitshr",
    "bitushr",
    "bitxor",
    "ceil",
    "concat",
    "filter",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "first",
    "flatten",
    "float",
    "floor",
    "fromJSON",
    "fromPairs",
    "get",
    "groupBy",
    "hasPrefix",
    "hasSuffix",
    "indexOf",
    "int",
    "join",
    "keys",
    "last",
    "lastIndexOf",
    "len",
    "lower",
    "map",
    "mean",
    "median",
    "none",
    "one",
    "reduce",
    "repeat",
    "replace",
    "reverse",
    "round",
    "sort",
    "sortBy",
    "split",
    "splitAfter",
    "string",
    "take",
    "toJSON",
    "toPairs",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "type",
    "upper",
    "values",
    "toBase64",
    "fromBase64",
];

/// A checked, compiled expression.
pub struct Compiled {
    pub source: String,
    program: Program,
    /// Set when the expression is one plugin call with literal arguments: such a call is made
    /// once per batch with `rows` = batch size, instead of once per row.
    pub batch: Option<(String, Vec<Value>)>,
    /// Set when the expression is compound and its only plugin calls have literal arguments:
    /// those calls are made once per batch (`prefetch`), not once per row. Empty otherwise.
    pub prefetch: Arc<[prefetch::Site]>,
    /// Set when the expression is `nullable(…)` or a `+` of text and literal plugin calls:
    /// evaluated a batch at a time without the interpreter (`plan`), else by `prefetch`.
    pub plan: Option<Arc<Plan>>,
    /// Datasets this expression reads by name; `None` for a name computed at run time.
    pub datasets: Vec<Option<String>>,
    /// The SQL of each `ref_each('…')` call: run before the expression is evaluated.
    pub ref_each: Vec<String>,
    /// Set when the expression is one call, arguments of any kind: its name and their sources.
    pub call: Option<(String, Vec<String>)>,
    /// The names of the functions the expression calls.
    pub functions: Vec<String>,
}

/// Functions whose first argument names a dataset.
const DATASET_FUNCTIONS: &[&str] =
    &["ref_rand", "ref_same", "ref_perm", "ref_diff", "ref_n", "count", "sum", "avg", "min", "max", "distinct"];

/// One side's expression environment.
pub struct Evaluator {
    env: Environment<'static>,
    ctx: Context,
    state: Arc<Mutex<State>>,
    arity: HashMap<String, (usize, Option<usize>)>,
}

fn arity_text(min: usize, max: Option<usize>) -> String {
    match max {
        Some(m) if m == min => format!("{min}"),
        Some(m) => format!("{min} to {m}"),
        None => format!("at least {min}"),
    }
}

impl Evaluator {
    /// Build the environment: host functions, plugin functions, `seq`, `reference`,
    /// user `expressions`, then `globals` in document order.
    pub fn new(plugins: PluginSet, config: &Config, seed: u64) -> Result<Self, ExprError> {
        let state = Arc::new(Mutex::new(State::new(plugins)));
        state.lock().expect("fresh").seed = seed;
        let mut env = Environment::new();
        functions::register(&mut env, &state);
        sampling::register(&mut env, &state);
        let mut arity: HashMap<String, (usize, Option<usize>)> =
            catalog::HOST_FUNCTIONS.iter().map(|(n, params, ..)| (n.to_string(), catalog::arity(params))).collect();
        {
            let st = state.lock().expect("fresh");
            let mut names: Vec<(String, (usize, Option<usize>))> =
                st.plugins.functions().map(|(n, f)| (n.to_string(), f.arity())).collect();
            names.sort();
            drop(st);
            for (name, a) in names {
                if arity.contains_key(&name) {
                    return Err(ExprError::Clash(name));
                }
                arity.insert(name.clone(), a);
                let s = state.clone();
                env.add_function(&name.clone(), move |c| {
                    let args: Vec<Value> = c.args.iter().map(to_host).collect();
                    let mut st = s.lock().unwrap_or_else(|e| e.into_inner());
                    let st = &mut *st;
                    if let Some(v) = prefetch::intercept(st, &name, &args) {
                        return Ok(v);
                    }
                    let mut out = st
                        .plugins
                        .call(&name, &args, 1, &mut st.rng)
                        .map_err(|e| expr_lang::Error::from(e.to_string()))?;
                    Ok(from_host(out.pop().unwrap_or(Value::Null)))
                });
            }
        }
        let mut ev = Evaluator { env, ctx: Context::default(), state, arity };
        {
            let mut st = ev.lock();
            for s in &config.seq {
                st.seq_globals.insert(s.name.clone(), state::SeqState { start: s.start, step: s.step, issued: 0 });
            }
            for (name, rows) in &config.reference {
                let rows: Vec<EValue> =
                    rows.iter().map(|r| convert::map(r.iter().map(|(k, v)| (k.clone(), yaml_literal(v))))).collect();
                st.datasets.insert(name.clone(), Arc::new(rows));
            }
        }
        for (name, body) in &config.expressions {
            ev.add_user_expression(name, body)?;
        }
        for (name, value) in &config.globals {
            // As in edg, a global may take an expr-lang builtin's name (`keys`, `len`): only
            // edg's own function names are reserved.
            if ev.arity.contains_key(name) {
                return Err(ExprError::Shadows { kind: "global", name: name.clone() });
            }
            let v = match value {
                serde_yaml::Value::String(src) => {
                    // As edg: a string global is an expression if it compiles, else literal text.
                    match ev.compile(src) {
                        Ok(c) => {
                            ev.set_stream(crate::rng::stream(seed, "globals", name, 0));
                            ev.eval(&c).map_err(|e| ExprError::Global { name: name.clone(), source: Box::new(e) })?
                        }
                        Err(_) => EValue::String(src.clone()),
                    }
                }
                other => yaml_literal(other),
            };
            ev.ctx.insert(name.clone(), v.clone());
            ev.lock().globals.insert(name.clone(), v);
        }
        Ok(ev)
    }

    fn add_user_expression(&mut self, name: &str, body: &str) -> Result<(), ExprError> {
        if self.arity.contains_key(name) || EXPR_BUILTINS.contains(&name) {
            return Err(ExprError::Shadows { kind: "expression", name: name.to_string() });
        }
        let program = scan::tokenize(body)
            .and_then(|t| scan::check_depth(&t))
            .and_then(|_| strings::exact(body))
            .and_then(|b| expr_lang::compile(&b).map_err(|e| ExprError::Syntax(one_line(&e.to_string()))))
            .map_err(|e| ExprError::Expression { name: name.to_string(), source: Box::new(e) })?;
        self.arity.insert(name.to_string(), (0, None));
        self.env.add_function(name, move |c| {
            let mut ctx = c.ctx.to_context();
            ctx.insert("args", EValue::Array(c.args.clone()));
            c.env.run(&program, &ctx)
        });
        Ok(())
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Make `rng` the stream the next evaluations draw from; returns the previous one.
    pub fn set_stream(&self, rng: crate::rng::Stream) -> crate::rng::Stream {
        std::mem::replace(&mut self.lock().rng, rng)
    }

    fn swap_stream(&self, rng: &mut crate::rng::Stream) {
        std::mem::swap(&mut self.lock().rng, rng);
    }

    /// Evaluate a row's next argument drawing from `stream`; its value becomes the row's next
    /// `arg()`. (One lock fewer per value than swap, eval, swap, push.)
    pub fn eval_arg(&self, c: &Compiled, stream: &mut crate::rng::Stream) -> Result<EValue, ExprError> {
        self.swap_stream(stream);
        let r = self.eval(c);
        let mut st = self.lock();
        std::mem::swap(&mut st.rng, stream);
        if let Ok(v) = &r {
            st.row_args.push(v.clone());
        }
        r
    }

    /// Check and compile one expression.
    pub fn compile(&self, source: &str) -> Result<Compiled, ExprError> {
        let toks = scan::tokenize(source)?;
        scan::check_depth(&toks)?;
        let (calls, names) = scan::analyse(&toks);
        for call in &calls {
            if let Some((min, max)) = self.arity.get(&call.name) {
                if call.args < *min || max.is_some_and(|m| call.args > m) {
                    return Err(ExprError::Arity {
                        name: call.name.clone(),
                        want: arity_text(*min, *max),
                        got: call.args,
                    });
                }
            } else if !EXPR_BUILTINS.contains(&call.name.as_str()) {
                let mut known: Vec<&str> = self.arity.keys().map(String::as_str).collect();
                known.extend(EXPR_BUILTINS);
                let hint = crate::config::closest(&call.name, &known)
                    .map(|s| format!("; did you mean {s}()?"))
                    .unwrap_or_else(|| {
                        "; if a plugin provides it, load the plugin (--plugin FILE or the config's plugins: list); \
                         edg plugins list shows every function"
                            .into()
                    });
                return Err(ExprError::UnknownFunction { name: call.name.clone(), hint });
            }
            if let (Some(arg), "env") = (&call.first_str, call.name.as_str())
                && std::env::var(arg).is_err()
            {
                return Err(ExprError::EnvUnset(arg.clone()));
            }
        }
        for name in &names {
            if self.ctx.get(name).is_none() && !self.arity.contains_key(name) {
                let known: Vec<String> = self.lock().globals.keys().cloned().collect();
                let refs: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint =
                    crate::config::closest(name, &refs).map(|s| format!("; did you mean {s}?")).unwrap_or_default();
                return Err(ExprError::UnknownName { name: name.clone(), hint });
            }
        }
        let syntax = |e: expr_lang::Error| ExprError::Syntax(one_line(&e.to_string()));
        let program = expr_lang::compile(&strings::exact(source)?).map_err(syntax)?;
        // An expression of literals and operators only has one value: compute it now, so an
        // error in it (`[1, 2][5]`) stops the run before anything is written, not after `up`.
        if calls.is_empty() && names.is_empty() {
            self.env.run(&program, &self.ctx).map_err(|e| ExprError::Eval(one_line(&e.to_string())))?;
        }
        let literal = scan::literal_call(&toks);
        if let Some((name, arg_sources)) = &literal
            && self.lock().plugins.function(name).is_none()
        {
            let args = literal_values(arg_sources)?;
            if let Some(checked) = sampling::check(name, &args) {
                checked?;
            }
            // gen_batch's pattern is gen's: a typo fails now, as in gen('…').
            if let (true, Some(pattern)) = (name == "gen_batch", args.get(2).map(to_host)) {
                let mut scratch = crate::rng::stream(0, "check", "gen", 0);
                self.lock().plugins.call("gen", &[pattern], 0, &mut scratch).map_err(guest_message)?;
            }
        }
        let batch = match literal {
            Some((name, arg_sources)) if self.lock().plugins.function(&name).is_some() => {
                let args: Vec<Value> = literal_values(&arg_sources)?.iter().map(to_host).collect();
                // Arguments are constants: let the plugin check them now (rows = 0 runs its
                // argument parsing only), so `set_rand(['a'], [1, 2])` fails before any write.
                let mut scratch = crate::rng::stream(0, "check", &name, 0);
                self.lock().plugins.call(&name, &args, 0, &mut scratch).map_err(guest_message)?;
                Some((name, args))
            }
            _ => None,
        };
        // gen('pattern') with a literal pattern: validate the pattern now, with a throw-away
        // stream, so a typo fails at load time and not after half the data is written.
        // (A batchable call was already checked above, with its arguments.)
        for call in calls.iter().filter(|c| c.name == "gen" && batch.is_none()) {
            if let Some(p) = &call.first_str {
                let mut st = self.lock();
                let mut scratch = crate::rng::stream(0, "check", "gen", 0);
                st.plugins.call("gen", &[Value::Text(p.clone())], 1, &mut scratch).map_err(guest_message)?;
            }
        }
        let prefetch = if batch.is_none() { self.sites(&toks, &calls) } else { Vec::new() };
        let plan = if prefetch.is_empty() {
            None
        } else {
            let st = self.lock();
            Plan::of(&toks, |f| st.plugins.function(f).is_some()).map(Arc::new)
        };
        let mut ref_each = Vec::new();
        for c in calls.iter().filter(|c| c.name == "ref_each") {
            match &c.first_str {
                Some(sql) => ref_each.push(sql.clone()),
                None => return Err(ExprError::RefEachNotLiteral),
            }
        }
        let datasets = calls
            .iter()
            .filter(|c| DATASET_FUNCTIONS.contains(&c.name.as_str()))
            .map(|c| c.first_str.clone())
            .collect();
        let functions = calls.iter().map(|c| c.name.clone()).collect();
        Ok(Compiled {
            source: source.to_string(),
            program,
            batch,
            prefetch: prefetch.into(),
            plan,
            datasets,
            ref_each,
            call: scan::sole_call(source),
            functions,
        })
    }

    /// The sites `prefetch` may batch: every literal plugin call of an expression whose other
    /// calls are expr-lang builtins or functions of the stream only (`prefetch::STREAM_ONLY`),
    /// each with a sample of its value. Empty when a call needs the row (`arg`, `seq`, `ref_*`…)
    /// or a plugin call has an argument computed per row.
    fn sites(&self, toks: &[scan::Tok], calls: &[scan::Call]) -> Vec<prefetch::Site> {
        let st = self.lock();
        let plugin = |n: &str| st.plugins.function(n).is_some();
        let stream_only = |n: &str| plugin(n) || prefetch::STREAM_ONLY.contains(&n) || EXPR_BUILTINS.contains(&n);
        if !calls.iter().all(|c| stream_only(&c.name)) {
            return Vec::new();
        }
        let Some(found) = scan::literal_calls(toks, plugin) else { return Vec::new() };
        drop(st);
        let mut sites: Vec<prefetch::Site> = Vec::new();
        for (name, sources) in found {
            // A literal that does not evaluate fails where it always did: when its row runs.
            let Ok(values) = literal_values(&sources) else { return Vec::new() };
            let args: Vec<Value> = values.iter().map(to_host).collect();
            if sites.iter().any(|s| s.name == name && s.args == args) {
                continue;
            }
            // A value of the kind the call returns, for the dry run (from a stream of its own).
            let mut scratch = crate::rng::stream(0, "sample", &name, 0);
            let Ok(mut one) = self.lock().plugins.call(&name, &args, 1, &mut scratch) else { return Vec::new() };
            let sample = from_host(one.pop().unwrap_or(Value::Null));
            sites.push(prefetch::Site { name, args, sample });
        }
        sites
    }

    pub fn eval(&self, c: &Compiled) -> Result<EValue, ExprError> {
        self.env.run(&c.program, &self.ctx).map_err(|e| ExprError::Eval(one_line(&e.to_string())))
    }

    /// Evaluate a batchable call for `rows` rows at once, drawing from `rng`.
    pub fn eval_batch(
        &self,
        name: &str,
        args: &[Value],
        rows: u32,
        rng: &mut crate::rng::Stream,
    ) -> Result<Vec<EValue>, PluginError> {
        let mut st = self.lock();
        Ok(st.plugins.call(name, args, rows, rng)?.into_iter().map(from_host).collect())
    }

    /// `count:` / `size:` values: a whole number, or an expression over globals giving one.
    pub fn eval_int(&self, v: &serde_yaml::Value) -> Result<i64, ExprError> {
        if matches!(v, serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_)) {
            return Err(ExprError::Count("must be a number or an expression, not a list or a mapping".into()));
        }
        let src = scalar_source(v);
        let shown = crate::config::echo(&src);
        let c = self.compile(&src)?;
        match self.eval(&c)? {
            EValue::Integer(i) => Ok(i),
            // 2.0 is a whole number; 2.5 rows is a typo, not a request for 2.
            EValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
            EValue::Float(f) if f.is_finite() && f.fract() != 0.0 => {
                Err(ExprError::Count(format!("{shown:?} is {f}, not a whole number")))
            }
            EValue::Float(f) => Err(ExprError::Count(format!("{shown:?} is {f:e}, too large for a row count"))),
            EValue::String(s) => {
                s.trim().parse().map_err(|_| ExprError::Count(format!("{shown:?} is not a whole number")))
            }
            other => Err(ExprError::Count(format!(
                "{shown:?} evaluated to {}, not a number",
                crate::config::echo(&plain(&other))
            ))),
        }
    }
}

/// The values of literal argument sources (as `scan::literal_call` gives them).
fn literal_values(sources: &[String]) -> Result<Vec<EValue>, ExprError> {
    sources
        .iter()
        .map(|a| {
            let exact = strings::exact(a)?;
            expr_lang::eval(&exact, &Context::default()).map_err(|e| ExprError::Syntax(one_line(&e.to_string())))
        })
        .collect()
}

/// A guest's refusal of constant arguments is the config author's error, in the guest's words;
/// any other plugin failure keeps its own error.
fn guest_message(e: PluginError) -> ExprError {
    match e {
        PluginError::Guest { message, .. } => ExprError::Argument(message),
        other => ExprError::Plugin(other),
    }
}

/// expr-lang and pest errors span several lines; a config error must fit on one.
fn one_line(s: &str) -> String {
    s.lines().map(str::trim).filter(|l| !l.is_empty() && *l != "|").collect::<Vec<_>>().join(" ")
}

fn yaml_literal(v: &serde_yaml::Value) -> EValue {
    match v {
        serde_yaml::Value::Null => EValue::Nil,
        serde_yaml::Value::Bool(b) => EValue::Bool(*b),
        serde_yaml::Value::Number(n) => match n.as_i64() {
            Some(i) => EValue::Integer(i),
            None => EValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_yaml::Value::String(s) => EValue::String(s.clone()),
        serde_yaml::Value::Sequence(items) => EValue::Array(items.iter().map(yaml_literal).collect()),
        serde_yaml::Value::Mapping(m) => convert::map(m.iter().map(|(k, v)| (scalar_source(k), yaml_literal(v)))),
        serde_yaml::Value::Tagged(t) => yaml_literal(&t.value),
    }
}

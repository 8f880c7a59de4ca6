//! Generators: functions edg calls from config expressions, one batched call per batch.

use crate::bindings::generator::edg::plugin::rng;
use crate::bindings::generator::exports::edg::plugin::generator::{Function, Info, Param};
use crate::{Args, ColumnBuilder, FunctionDoc, RawColumn, RowRng, Value, ValueColumn};

/// One row's value from its random source.
pub type Gen = Box<dyn FnMut(&mut RowRng) -> Result<Value, String>>;

/// One row's text appended to the batch's buffer: no allocation per value.
pub type TextGen = Box<dyn Fn(&mut RowRng, &mut String)>;

/// Numeric values straight into a typed column: no `Value` per row.
pub type TypedGen<T> = Box<dyn FnMut(&mut RowRng) -> Result<T, String>>;

/// What a call makes per row, its arguments already checked. The shapes other than `Values`
/// are faster ways to the same values.
pub enum Prepared {
    /// A [`Value`] per row.
    Values(Gen),
    /// Text per row, appended to the batch's buffer.
    Texts(TextGen),
    /// An integer per row, into a typed column.
    Ints(TypedGen<i64>),
    /// A float per row, into a typed column.
    Floats(TypedGen<f64>),
    /// One of fixed values, by the index a row draws: copied into the column, not rebuilt.
    Pick(Vec<Value>, Box<dyn FnMut(&mut RowRng) -> usize>),
}

impl Prepared {
    /// The common case: one value per row.
    pub fn values(f: impl FnMut(&mut RowRng) -> Result<Value, String> + 'static) -> Prepared {
        Prepared::Values(Box::new(f))
    }

    /// Text per row.
    pub fn texts(f: impl Fn(&mut RowRng, &mut String) + 'static) -> Prepared {
        Prepared::Texts(Box::new(f))
    }
}

/// A generator component.
pub trait Generator {
    /// Shown by `edg plugins list`.
    const NAME: &'static str;
    /// Shown by `edg plugins list` beside the name.
    const VERSION: &'static str;

    /// Every function, with its parameters, doc and example.
    fn functions() -> Vec<FunctionDoc>;

    /// Check a call's arguments (once per batch) and return what makes one row's value.
    /// `args` holds as many values as the function's signature allows (checked already).
    fn prepare(function: &str, args: &Args) -> Result<Prepared, String>;
}

/// `describe()` for a generator.
pub fn describe<G: Generator>() -> Info {
    Info {
        name: G::NAME.into(),
        version: G::VERSION.into(),
        functions: G::functions()
            .into_iter()
            .map(|f| Function {
                name: f.name,
                params: f
                    .params
                    .into_iter()
                    .map(|p| Param { name: p.name, kind: p.kind, optional: p.optional })
                    .collect(),
                variadic: f.variadic,
                returns: f.returns,
                doc: f.doc,
                example: f.example,
            })
            .collect(),
    }
}

/// `call()` for a generator: check the arguments, take one seed per row from the host, make
/// each row's value. `rows = 0` checks the arguments only.
pub fn call<G: Generator + 'static>(name: &str, args: &[Value], rows: u32) -> Result<ValueColumn, String> {
    let functions = documented::<G>();
    let Some(doc) = functions.iter().find(|f| f.name == name) else {
        return Err(format!("unknown function {name:?}"));
    };
    if let Some(e) = doc.check_arity(args.len()) {
        return Err(e);
    }
    let prepared = G::prepare(name, &Args::new(name, args))?;
    if rows == 0 {
        return Ok(ValueColumn::Values(Vec::new()));
    }
    run(prepared, rng::next_u64s(rows))
}

/// A generator's functions, built once: edg calls an expression's function once per row when
/// its arguments are not constant, and the list can be long (the faker documents hundreds).
fn documented<G: Generator + 'static>() -> std::sync::Arc<Vec<FunctionDoc>> {
    use std::any::TypeId;
    use std::sync::{Arc, Mutex};
    static CACHE: Mutex<Vec<(TypeId, Arc<Vec<FunctionDoc>>)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, docs)) = cache.iter().find(|(t, _)| *t == TypeId::of::<G>()) {
        return docs.clone();
    }
    let docs = Arc::new(G::functions());
    cache.push((TypeId::of::<G>(), docs.clone()));
    docs
}

/// Each row's value from its seed, into the column the values fit best.
pub fn run(prepared: Prepared, seeds: Vec<u64>) -> Result<ValueColumn, String> {
    match prepared {
        Prepared::Texts(write) => {
            let mut data = String::with_capacity(seeds.len() * 24);
            let mut ends = Vec::with_capacity(seeds.len());
            for seed in seeds {
                write(&mut RowRng::new(seed), &mut data);
                ends.push(data.len() as u32);
            }
            // No value is NULL: no flags cross (see `raw-column`).
            Ok(ValueColumn::Texts(RawColumn { data: data.into_bytes(), ends, nulls: Vec::new() }))
        }
        Prepared::Values(mut generator) => {
            let mut column = ColumnBuilder::with_rows(seeds.len());
            for seed in seeds {
                column.push(generator(&mut RowRng::new(seed))?);
            }
            Ok(column.finish())
        }
        Prepared::Floats(generator) => typed(seeds, generator).map(ValueColumn::Floats),
        Prepared::Ints(generator) => typed(seeds, generator).map(ValueColumn::Ints),
        Prepared::Pick(members, mut pick) => {
            let mut column = ColumnBuilder::with_rows(seeds.len());
            for seed in seeds {
                column.push_ref(&members[pick(&mut RowRng::new(seed))]);
            }
            Ok(column.finish())
        }
    }
}

/// One value per row seed from a numeric generator, none of them NULL.
fn typed<T>(seeds: Vec<u64>, mut generator: TypedGen<T>) -> Result<Vec<Option<T>>, String> {
    seeds.into_iter().map(|seed| generator(&mut RowRng::new(seed)).map(Some)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_the_shape_of_their_values() {
        let seeds: Vec<u64> = (0..5).collect();
        let ints = run(Prepared::values(|r| Ok(Value::Int(r.range(1, 3)))), seeds.clone()).unwrap();
        assert!(
            matches!(ints, ValueColumn::Ints(ref v) if v.len() == 5 && v.iter().all(|x| (1..=3).contains(&x.unwrap())))
        );
        let texts =
            run(Prepared::texts(|r, out| out.push_str(if r.below(2) == 0 { "a" } else { "bb" })), seeds.clone())
                .unwrap();
        match texts {
            ValueColumn::Texts(c) => {
                assert_eq!(c.ends.len(), 5);
                assert!(c.nulls.is_empty(), "no NULL: no flags cross");
            }
            _ => panic!("text column expected"),
        }
        let mixed = run(
            Prepared::values(|r| Ok(if r.below(2) == 0 { Value::Null } else { Value::Text("x".into()) })),
            (0..50).collect(),
        )
        .unwrap();
        match mixed {
            ValueColumn::Texts(c) => assert_eq!(c.nulls.len(), 50, "one flag per value when any is NULL"),
            _ => panic!("text column expected"),
        }
        let failing = run(Prepared::values(|_| Err("boom".into())), seeds);
        assert_eq!(failing.unwrap_err(), "boom");
    }
}

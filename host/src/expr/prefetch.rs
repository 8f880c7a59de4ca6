//! Plugin calls inside a compound argument (`nullable('from ' + gen('city'), 0.3)`), made once
//! per batch instead of once per row, giving the values row-by-row evaluation gives.
//!
//! Row by row, such a call takes the next value of the argument's stream as its row's seed (the
//! `next-u64s` contract), between the draws of the functions around it. A dry run over the
//! batch, on a copy of the stream and with a sample value standing in for each call's result,
//! finds the seed each call takes; one call per site then makes every row's value from those
//! seeds. The real run takes a value from that memo only when the stream's next value is the
//! seed it was made for, so a dry run that guessed wrong (a draw that depends on a call's value)
//! costs a row-by-row call, never a different value.

use super::{EValue, Evaluator, from_host};
use crate::plugin::PluginError;
use crate::value::Value;
use rand_core::Rng;
use std::collections::HashMap;
use std::sync::Arc;

/// Host functions whose value depends on their arguments and the argument's stream only: an
/// expression of these, expr-lang's builtins and literal plugin calls can be dry-run.
pub(super) const STREAM_ONLY: &[&str] =
    &["nullable", "coalesce", "template", "cond", "json_obj", "const", "ltree", "global", "env", "env_nil"];

/// A literal plugin call inside a compound expression, with a value of the kind it returns.
pub struct Site {
    pub name: String,
    pub args: Vec<Value>,
    pub sample: EValue,
}

/// How the evaluator makes plugin calls at the sites of the expression being evaluated.
#[derive(Default)]
pub enum Calls {
    /// One call per row.
    #[default]
    Direct,
    /// The dry run: each site's seeds, in the order drawn.
    Record { sites: Arc<[Site]>, seeds: Vec<Vec<u64>> },
    /// The real run: each site's values by seed.
    Replay(Memo),
}

/// One batch's values of each site, by the seed each was made from.
pub struct Memo {
    sites: Arc<[Site]>,
    values: Vec<Seeded>,
}

/// A site's values in the order the dry run drew their seeds. Rows usually ask in that order, so
/// the next one is checked first; the index by seed is built only when a row asks out of order.
#[derive(Default)]
struct Seeded {
    seeds: Vec<u64>,
    values: Vec<Option<Value>>,
    next: usize,
    index: Option<HashMap<u64, usize>>,
}

impl Seeded {
    fn take(&mut self, seed: u64) -> Option<Value> {
        if self.seeds.get(self.next) == Some(&seed) && self.values[self.next].is_some() {
            self.next += 1;
            return self.values[self.next - 1].take();
        }
        let seeds = &self.seeds;
        let index = self.index.get_or_insert_with(|| {
            let mut m = HashMap::with_capacity(seeds.len());
            for (i, s) in seeds.iter().enumerate() {
                m.entry(*s).or_insert(i);
            }
            m
        });
        let i = *index.get(&seed)?;
        self.values[i].take()
    }
}

impl Memo {
    /// Values made but not (yet) taken: 0 after a batch whose dry run predicted every seed.
    pub fn unused(&self) -> usize {
        self.values.iter().map(|v| v.values.iter().filter(|x| x.is_some()).count()).sum()
    }
}

fn site(sites: &[Site], name: &str, args: &[Value]) -> Option<usize> {
    sites.iter().position(|s| s.name == name && s.args == args)
}

/// A plugin call seen by the evaluator: its value when the mode supplies it, else `None` (the
/// caller makes the call).
pub(super) fn intercept(state: &mut super::State, name: &str, args: &[Value]) -> Option<EValue> {
    let rng = &mut state.rng;
    match &mut state.calls {
        Calls::Direct => None,
        Calls::Record { sites, seeds } => {
            let i = site(sites, name, args)?;
            seeds[i].push(rng.next_u64());
            Some(sites[i].sample.clone())
        }
        Calls::Replay(memo) => {
            let i = site(&memo.sites, name, args)?;
            let seed = rng.clone().next_u64();
            let value = memo.values[i].take(seed)?;
            rng.next_u64();
            Some(from_host(value))
        }
    }
}

impl Evaluator {
    /// The dry run of `c` over `rows` rows from a copy of `stream`, then one seeded call per site.
    /// A site whose guest refuses the call or breaks the contract gets no values (its rows make
    /// their own calls, which report any error as before).
    pub fn prefetch(&self, c: &super::Compiled, rows: u32, stream: &crate::rng::Stream) -> Memo {
        let sites = c.prefetch.clone();
        let own = self.set_stream(stream.clone());
        let before = std::mem::replace(
            &mut self.lock().calls,
            Calls::Record { sites: sites.clone(), seeds: vec![Vec::new(); sites.len()] },
        );
        for _ in 0..rows {
            // A sample made a row fail (a guess of the wrong kind): the seeds so far still hold.
            if self.eval(c).is_err() {
                break;
            }
        }
        let mut st = self.lock();
        let recorded = std::mem::replace(&mut st.calls, before);
        st.rng = own;
        let Calls::Record { seeds, .. } = recorded else { unreachable!("set above") };
        let values = sites
            .iter()
            .zip(seeds)
            .map(|(site, seeds)| seeded(&mut st.plugins, site, seeds).unwrap_or_default())
            .collect();
        Memo { sites, values }
    }

    /// Evaluate a row's argument with its batch's memo in place.
    pub fn eval_arg_memo(
        &self,
        c: &super::Compiled,
        stream: &mut crate::rng::Stream,
        memo: &mut Option<Memo>,
    ) -> Result<EValue, super::ExprError> {
        if let Some(m) = memo.take() {
            self.lock().calls = Calls::Replay(m);
        }
        let r = self.eval_arg(c, stream);
        if let Calls::Replay(m) = std::mem::take(&mut self.lock().calls) {
            *memo = Some(m);
        }
        r
    }
}

fn seeded(plugins: &mut crate::plugin::PluginSet, site: &Site, seeds: Vec<u64>) -> Result<Seeded, PluginError> {
    if seeds.is_empty() {
        return Ok(Seeded::default());
    }
    let Some(values) = plugins.call_seeded(&site.name, &site.args, seeds.clone())? else {
        return Ok(Seeded::default());
    };
    Ok(Seeded { seeds, values: values.into_iter().map(Some).collect(), next: 0, index: None })
}

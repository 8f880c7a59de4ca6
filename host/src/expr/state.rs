//! Per-side evaluation state: the current random stream, sequences, datasets and the row in
//! progress. Functions registered into expr-lang reach it through a shared mutex.

use crate::plugin::PluginSet;
use expr_lang::Value as E;
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub struct SeqState {
    pub start: i64,
    pub step: i64,
    pub issued: i64,
}

pub struct State {
    pub plugins: PluginSet,
    /// The stream of the argument being evaluated; swapped in per argument.
    pub rng: crate::rng::Stream,
    /// `seq()`: one counter per side shared by every call site (users 1..1000, orders 1001..).
    pub seq: i64,
    pub seq_globals: HashMap<String, SeqState>,
    pub datasets: HashMap<String, Arc<Vec<E>>>,
    pub ref_same: HashMap<String, E>,
    pub ref_perm: HashMap<String, E>,
    pub ref_diff: HashMap<String, Vec<usize>>,
    pub uniq_seen: HashMap<String, HashSet<String>>,
    /// 1-based row number within the running query.
    pub iter: i64,
    pub row_args: Vec<E>,
    pub arg_names: Vec<Option<String>>,
    pub globals: indexmap::IndexMap<String, E>,
    /// Results of `ref_each('SQL')`, run just before the query that uses them; one array per row.
    pub ref_each: HashMap<String, Arc<Vec<E>>>,
    /// The run's seed: per-run constants (NURand's C, vector centroids, the mask key) come
    /// from streams keyed by it, so both sides and every run with this seed share them.
    pub seed: u64,
    pub nurand_c: HashMap<i64, i64>,
    pub centroids: HashMap<(usize, usize), Arc<Vec<Vec<f64>>>>,
    pub mask_key: Option<[u8; 32]>,
    /// Transaction locals (`run` transactions; empty in sync).
    pub locals: HashMap<String, E>,
    /// How plugin calls at a compound argument's sites are made (`prefetch`).
    pub calls: super::prefetch::Calls,
    /// Which values of every sequence this evaluator issues: its n-th is the sequence's
    /// `first + n·stride`-th. (0, 1) takes them all; `edg run`'s worker w of W takes (w, W), so
    /// workers never issue the same value and each worker's values are its own, whatever the
    /// others do.
    pub seq_lane: (i64, i64),
}

/// A draw as a uniform float in [0, 1): its top 53 bits.
pub fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

impl State {
    pub fn new(plugins: PluginSet) -> Self {
        State {
            plugins,
            rng: Box::new(ChaCha8Rng::seed_from_u64(0)),
            seq: 0,
            seq_globals: HashMap::new(),
            datasets: HashMap::new(),
            ref_same: HashMap::new(),
            ref_perm: HashMap::new(),
            ref_diff: HashMap::new(),
            uniq_seen: HashMap::new(),
            iter: 0,
            row_args: Vec::new(),
            arg_names: Vec::new(),
            globals: indexmap::IndexMap::new(),
            ref_each: HashMap::new(),
            seed: 0,
            nurand_c: HashMap::new(),
            centroids: HashMap::new(),
            mask_key: None,
            locals: HashMap::new(),
            calls: Default::default(),
            seq_lane: (0, 1),
        }
    }

    /// The position in a sequence of this evaluator's `n`-th value (see `seq_lane`).
    pub fn lane(&self, n: i64) -> Option<i64> {
        n.checked_mul(self.seq_lane.1)?.checked_add(self.seq_lane.0)
    }

    /// Standard normal (Box–Muller) from the current stream.
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Uniform index in [0, n), unbiased.
    pub fn int_n(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        loop {
            let m = self.rng.next_u64() as u128 * n as u128;
            let lo = m as u64;
            if lo >= n || lo >= n.wrapping_neg() % n {
                return (m >> 64) as u64;
            }
        }
    }

    pub fn unit(&mut self) -> f64 {
        unit(self.rng.next_u64())
    }

    /// Called before each query runs.
    pub fn start_query(&mut self, arg_names: Vec<Option<String>>) {
        self.iter = 0;
        self.arg_names = arg_names;
        self.ref_diff.clear();
        self.uniq_seen.clear();
    }

    /// `start_query` with names borrowed (a workload starts a query per operation).
    pub fn start_query_with(&mut self, arg_names: &[Option<String>]) {
        self.iter = 0;
        if self.arg_names.as_slice() != arg_names {
            self.arg_names = arg_names.to_vec();
        }
        self.ref_diff.clear();
        self.uniq_seen.clear();
    }

    /// Called before each row's arguments are evaluated.
    pub fn start_row(&mut self) {
        self.iter += 1;
        self.row_args.clear();
        self.ref_same.clear();
    }

    pub fn dataset(&self, name: &str) -> Option<Arc<Vec<E>>> {
        self.datasets.get(name).cloned()
    }
}

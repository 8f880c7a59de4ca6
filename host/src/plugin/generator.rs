//! One instantiated generator: its Store, its bindings, and plain methods to call it.

use super::bindings::Value as Wit;
use super::bindings::generator::{GeneratorPlugin, GeneratorPluginPre};
use super::guest::{GuestState, Replay, new_store, wasm_error};
use super::info::{FunctionInfo, GeneratorInfo, ParamInfo, PatternInfo};
use super::limits::Limits;
use super::normalizer::from_canonical;
use super::{PluginError, Source};
use crate::value::Value;
use wasmtime::{Engine, Store};

/// A generator instance with its own Store.
pub struct Generator {
    engine: Engine,
    pre: GeneratorPluginPre<GuestState>,
    store: Store<GuestState>,
    bindings: GeneratorPlugin,
    limits: Limits,
    name: String,
    version: String,
    poisoned: bool,
}

impl Generator {
    pub(super) fn instantiate(
        engine: &Engine,
        pre: &GeneratorPluginPre<GuestState>,
        limits: Limits,
        source: &Source,
    ) -> Result<Self, PluginError> {
        let mut store = new_store(engine, limits);
        let bindings = pre.instantiate(&mut store).map_err(|e| wasm_error(e, &mut store, &source.name, limits))?;
        Ok(Generator {
            engine: engine.clone(),
            pre: pre.clone(),
            store,
            bindings,
            limits,
            name: source.name.clone(),
            version: String::new(),
            poisoned: false,
        })
    }

    /// A trapped instance cannot be entered again: start over from the pre-linked component.
    fn ensure_live(&mut self) -> Result<(), PluginError> {
        if self.poisoned {
            let source = Source { name: self.name.clone(), path: None, sha256: String::new() };
            let fresh = Generator::instantiate(&self.engine, &self.pre, self.limits, &source)?;
            self.store = fresh.store;
            self.bindings = fresh.bindings;
            self.poisoned = false;
        }
        Ok(())
    }

    pub fn describe(&mut self) -> Result<GeneratorInfo, PluginError> {
        self.ensure_live()?;
        self.store.set_epoch_deadline(self.limits.deadline_ticks());
        let info = match self.bindings.edg_plugin_generator().call_describe(&mut self.store) {
            Ok(i) => i,
            Err(e) => {
                self.poisoned = true;
                return Err(wasm_error(e, &mut self.store, &self.name, self.limits));
            }
        };
        self.name = info.name.clone();
        self.version = info.version.clone();
        let entries: Vec<FunctionInfo> = info
            .functions
            .into_iter()
            .map(|f| FunctionInfo {
                name: f.name,
                params: f
                    .params
                    .into_iter()
                    .map(|p| ParamInfo { name: p.name, kind: p.kind, optional: p.optional })
                    .collect(),
                variadic: f.variadic,
                returns: f.returns,
                doc: f.doc,
                example: f.example,
            })
            .collect();
        let (patterns, functions): (Vec<FunctionInfo>, Vec<FunctionInfo>) =
            entries.into_iter().partition(|f| f.name.contains(':'));
        Ok(GeneratorInfo {
            name: info.name,
            version: info.version,
            functions,
            patterns: patterns.iter().filter_map(PatternInfo::from_entry).collect(),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Call `function` once per seed, handing it `seeds` as its rows' seeds (what `next-u64s`
    /// would have drawn). `None` when the guest drew anything else: its values would not be
    /// the ones row-by-row calls give, so the caller makes those instead.
    pub fn call_seeded(
        &mut self,
        function: &str,
        args: &[Value],
        seeds: Vec<u64>,
    ) -> Result<Option<Vec<Value>>, PluginError> {
        let rows = seeds.len() as u32;
        self.ensure_live()?;
        self.store.data_mut().replay = Some(Replay { seeds, served: false, kept_contract: true });
        // The stream is only drawn from when the guest breaks the contract; those values are dropped.
        let mut scratch = crate::rng::stream(0, "replay", function, 0);
        let result = self.call(function, args, rows, &mut scratch);
        let replay = self.store.data_mut().replay.take();
        let values = result?;
        Ok(replay.is_some_and(|r| r.served && r.kept_contract).then_some(values))
    }

    /// Call `function` `rows` times with the same arguments, drawing randomness from `rng`.
    pub fn call(
        &mut self,
        function: &str,
        args: &[Value],
        rows: u32,
        rng: &mut crate::rng::Stream,
    ) -> Result<Vec<Value>, PluginError> {
        self.ensure_live()?;
        let wit_args: Vec<Wit> = args.iter().map(Wit::from).collect();
        self.store.set_epoch_deadline(self.limits.deadline_ticks());
        std::mem::swap(&mut self.store.data_mut().rng, rng);
        let result = self.bindings.edg_plugin_generator().call_call(&mut self.store, function, &wit_args, rows);
        std::mem::swap(&mut self.store.data_mut().rng, rng);
        match result {
            Ok(Ok(column)) => {
                let values = from_canonical(column);
                if values.len() != rows as usize {
                    return Err(PluginError::Guest {
                        plugin: self.name.clone(),
                        version: self.version.clone(),
                        message: format!("{function} returned {} values for {rows} rows", values.len()),
                    });
                }
                Ok(values)
            }
            Ok(Err(message)) => {
                Err(PluginError::Guest { plugin: self.name.clone(), version: self.version.clone(), message })
            }
            Err(e) => {
                self.poisoned = true;
                Err(wasm_error(e, &mut self.store, &self.name, self.limits))
            }
        }
    }
}

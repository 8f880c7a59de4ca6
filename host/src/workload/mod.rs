//! `edg run`: a config's workload with the Go edg's semantics (`init` once, then `run` items by
//! N workers, closed-loop or at a target rate, background `workers` at their rates, `stages`
//! one after another, `expectations` at the end), reproducible per worker and measured in
//! bounded histograms.
//!
//! `spec` reads the run-phase sections, `session` is one worker (its connection, evaluator and
//! iteration), `pace` the open-loop rate, `stats` what was measured, `report` how it is shown,
//! `expect` the expectations, `metrics` the Prometheus endpoint.

mod dual;
pub mod expect;
pub mod lag;
pub mod metrics;
mod pace;
mod prepared;
pub mod report;
mod session;
pub mod spec;
pub mod stats;

pub use dual::TwinError;
pub use session::CompileError;

use crate::config::{self, Config, Section};
use crate::driver::{Conn, Driver};
use crate::expr::{EValue, Evaluator};
use crate::plugin::{Loaded, Runtime};
use crate::seed::{Prepared, SharedConn};
use metrics::Metrics;
pub use session::Behaviour;
use session::{Flow, Parts, Session};
use spec::{Stage, Workload};
use stats::Stats;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tracing::{info, warn};

/// The plain form of `edg run`'s flags.
#[derive(Clone, Debug)]
pub struct Options {
    pub driver: Driver,
    pub url: String,
    pub config: PathBuf,
    /// `-d`: replaces the config's stages when given.
    pub duration: Option<Duration>,
    /// `-w`: replaces the config's stages when given.
    pub workers: Option<u32>,
    pub print_interval: Duration,
    /// The progress table every interval (`-q` turns it off, with the info lines).
    pub progress: bool,
    pub warmup: Duration,
    pub behaviour: Behaviour,
    pub metrics_addr: Option<String>,
    pub seed: Option<u64>,
    /// `--rate`: operations per second across the workers (open loop); closed loop without.
    pub rate: Option<f64>,
    pub plugins: Vec<PathBuf>,
    /// A pipeline's target whose lag is measured while the workload runs (`lag`).
    pub lag_target: Option<(Driver, String)>,
    /// Dual write: the target's driver, URL and config, written operation by operation beside
    /// the source (`dual`).
    pub dual: Option<(Driver, String, PathBuf)>,
}

impl Options {
    /// Dual write: the target's side of these options (its driver, URL and config; no lag probe).
    pub fn twin(&self) -> Option<Options> {
        let (driver, url, config) = self.dual.as_ref()?;
        Some(Options {
            driver: *driver,
            url: url.clone(),
            config: config.clone(),
            lag_target: None,
            dual: None,
            ..self.clone()
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WorkloadError {
    /// The config or the flags: nothing has run.
    #[error("{0}")]
    Usage(String),
    /// Something that stopped the run: a connection, a plugin, `init`, or `fatal()`.
    #[error("{0}")]
    Run(String),
    #[error(transparent)]
    Spec(#[from] spec::SpecError),
    /// A run item or background query that does not compile.
    #[error("{file}: {source}")]
    Compile {
        file: String,
        #[source]
        source: Box<session::CompileError>,
    },
    /// A dual write's target config whose workload is not the source's.
    #[error("{file}: {source}")]
    Twin {
        file: String,
        #[source]
        source: dual::TwinError,
    },
    #[error(transparent)]
    Metrics(#[from] metrics::ServeError),
}

/// What a finished run gives: the report, and whether its expectations held.
pub struct Outcome {
    pub report: report::RunReport,
    pub stats: Stats,
}

/// What every worker is made from.
struct Context<'a> {
    config: &'a Config,
    workload: &'a Workload,
    runtime: &'a Runtime,
    loaded: &'a [Loaded],
    seed: u64,
    options: &'a Options,
    /// `init`'s datasets: each worker gets its own copy.
    datasets: HashMap<String, Arc<Vec<EValue>>>,
    /// How many lanes every sequence is cut into (one per worker of every stage, warmup and
    /// background worker): no two workers ever issue the same sequence value.
    lanes: i64,
    metrics: Option<Arc<Metrics>>,
    /// The pipeline's lag, measured while the stages run (`--target-url`).
    lag: Option<lag::Probe>,
    rt: &'a Handle,
    /// Dual write: the target's context, whose workers are the twins of these.
    twin: Option<Box<Context<'a>>>,
    /// Dual write: the one order of operations on both sides.
    order: Arc<Mutex<()>>,
}

fn usage(e: impl std::fmt::Display) -> WorkloadError {
    WorkloadError::Usage(e.to_string())
}

fn run_err(e: impl std::fmt::Display) -> WorkloadError {
    WorkloadError::Run(crate::redact::scrub(&e.to_string()))
}

/// The stages to run: `-d`/`-w` given (or no `stages:`) make one stage of them.
fn stages(o: &Options, w: &Workload) -> Vec<Stage> {
    if w.stages.is_empty() || o.duration.is_some() || o.workers.is_some() {
        return vec![Stage {
            name: "run".into(),
            workers: o.workers.unwrap_or(1),
            duration: o.duration.unwrap_or(Duration::from_secs(60)),
            rate: o.rate,
        }];
    }
    w.stages.iter().map(|s| Stage { rate: s.rate.or(o.rate), ..s.clone() }).collect()
}

fn connect(driver: Driver, url: &str, rt: &Handle) -> Result<SharedConn, WorkloadError> {
    let c = rt.block_on(Conn::connect(driver, url)).map_err(run_err)?;
    Ok(Arc::new(tokio::sync::Mutex::new(c)))
}

/// A connection made on a worker's own current-thread runtime (which only `Runtime::block_on`
/// drives).
fn connect_on(driver: Driver, url: &str, rt: &tokio::runtime::Runtime) -> Result<SharedConn, WorkloadError> {
    let c = rt.block_on(Conn::connect(driver, url)).map_err(run_err)?;
    Ok(Arc::new(tokio::sync::Mutex::new(c)))
}

impl<'a> Context<'a> {
    /// A context with no `init` datasets, metrics, lag probe or twin yet.
    fn new(
        (config, workload, loaded): (&'a Config, &'a Workload, &'a [Loaded]),
        options: &'a Options,
        runtime: &'a Runtime,
        (seed, lanes): (u64, i64),
        rt: &'a Handle,
        order: Arc<Mutex<()>>,
    ) -> Context<'a> {
        Context {
            config,
            workload,
            runtime,
            loaded,
            seed,
            options,
            datasets: HashMap::new(),
            lanes,
            metrics: None,
            lag: None,
            rt,
            twin: None,
            order,
        }
    }

    /// A worker's evaluator: its own plugin instances, `init`'s datasets, its sequence lane.
    fn evaluator(&self, lane: i64) -> Result<Evaluator, WorkloadError> {
        let set = self.runtime.instantiate(self.loaded).map_err(run_err)?;
        let ev = Evaluator::new(set, self.config, self.seed).map_err(usage)?;
        {
            let mut st = ev.lock();
            // `reference:` datasets are already there; `init`'s join them.
            st.datasets.extend(self.datasets.iter().map(|(k, v)| (k.clone(), v.clone())));
            st.seq_lane = (lane, self.lanes);
        }
        Ok(ev)
    }

    /// A worker's parts: its evaluator, and its connection made on a runtime of its own.
    fn parts(&self, key: String, lane: i64) -> Result<Parts<'_>, WorkloadError> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(run_err)?;
        Ok(Parts {
            config: self.config,
            workload: self.workload,
            ev: self.evaluator(lane)?,
            conn: connect_on(self.options.driver, &self.options.url, &runtime)?,
            seed: self.seed,
            key,
            behaviour: self.options.behaviour.clone(),
            runtime,
        })
    }
}

/// A config whose workload has been checked: every mistake that can be found without a
/// database is found here.
struct Checked {
    config: Config,
    workload: Workload,
    loaded: Vec<Loaded>,
}

/// Load `o.config` and check its workload: the sections, every expression of every run item
/// and background query as a worker compiles them, the plugins, and the engine's transactions.
fn checked(o: &Options, runtime: &Runtime) -> Result<Checked, WorkloadError> {
    let config = config::load(&o.config).map_err(usage)?;
    let workload = spec::read(&config)?;
    let file = config.path.display().to_string();
    if workload.has_transactions() && o.driver.dialect().begin_write().is_none() {
        return Err(usage(format!(
            "{file}: the {} driver has no transactions; run its items as single statements",
            o.driver.flag_name()
        )));
    }
    let loaded = crate::sync::load_plugins(runtime, &o.plugins, &[&config]).map_err(usage)?;
    let set = runtime.instantiate(&loaded).map_err(run_err)?;
    let ev = Evaluator::new(set, &config, 0).map_err(usage)?;
    session::check(&ev, &config, &workload)
        .map_err(|source| WorkloadError::Compile { file, source: Box::new(source) })?;
    Ok(Checked { config, workload, loaded })
}

/// Check `o.config`'s workload without running anything (`edg all` does before `up`); whether
/// it has one.
pub fn check(o: &Options, runtime: &Runtime) -> Result<bool, WorkloadError> {
    Ok(!checked(o, runtime)?.workload.is_empty())
}

/// Run the workload of `o.config` against `o.url`. Everything that can be checked (the config,
/// every expression of every run item, the plugins) is checked before `init` runs.
pub fn run(o: &Options, runtime: &Runtime, rt: &Handle) -> Result<Outcome, WorkloadError> {
    let Checked { config, workload, loaded } = checked(o, runtime)?;
    if workload.is_empty() {
        return Err(usage(format!(
            "{}: nothing to run: the config has no `run:` items and no `workers:`",
            config.path.display()
        )));
    }
    let seed = o.seed.unwrap_or_else(crate::rng::entropy_seed);
    info!(seed, "rng seed (pass --rng-seed to draw the same values again)");
    let stages = stages(o, &workload);
    let warmup_workers = if o.warmup.is_zero() { 0 } else { stages[0].workers };
    let lanes =
        (warmup_workers + stages.iter().map(|s| s.workers).sum::<u32>()) as i64 + workload.background.len() as i64;
    // Dual write: the target's config checked like the source's, before `init` runs anywhere.
    let twin_options = o.twin();
    let twin_checked = match &twin_options {
        Some(to) => {
            let t = checked(to, runtime)?;
            dual::check(&workload, &t.workload)
                .map_err(|source| WorkloadError::Twin { file: t.config.path.display().to_string(), source })?;
            Some(t)
        }
        None => None,
    };
    let order: Arc<Mutex<()>> = Arc::default();
    let mut ctx = Context::new((&config, &workload, &loaded), o, runtime, (seed, lanes), rt, order.clone());
    let main = init(&mut ctx, rt)?;
    let _twin_init;
    if let (Some(to), Some(t)) = (&twin_options, &twin_checked) {
        let mut tctx = Context::new((&t.config, &t.workload, &t.loaded), to, runtime, (seed, lanes), rt, order);
        _twin_init = init(&mut tctx, rt)?;
        info!(target = to.driver.flag_name(), "dual write: every operation on the source and the target, in one order");
        ctx.twin = Some(Box::new(tctx));
    }
    if let Some(addr) = &o.metrics_addr {
        let m = Arc::new(Metrics::new());
        let bound = m.serve(addr)?;
        info!(address = %bound, "serving Prometheus metrics");
        ctx.metrics = Some(m);
    }
    let mut lane = 0i64;
    if !o.warmup.is_zero() {
        info!(duration = ?o.warmup, workers = warmup_workers, "warming up (not measured)");
        let warm = Stage { name: "warmup".into(), workers: warmup_workers, duration: o.warmup, rate: stages[0].rate };
        let metrics = ctx.metrics.take();
        let r = run_stage(&ctx, &warm, lane, &Stats::default(), Instant::now()).map(|_| ());
        ctx.metrics = metrics;
        r?;
        lane += warmup_workers as i64;
    }
    if let Some((driver, url)) = &o.lag_target {
        ctx.lag = Some(lag::Probe::start((o.driver, &o.url), (*driver, url))?);
        info!(every = ?lag::EVERY, table = lag::TABLE, "measuring the pipeline's lag with a heartbeat");
    }
    let start = Instant::now();
    let stop_bg = Arc::new(AtomicBool::new(false));
    let background = start_background(&ctx, lane + stages.iter().map(|s| s.workers as i64).sum::<i64>(), &stop_bg)?;
    let mut total = Stats::default();
    let mut stage_reports = Vec::new();
    let mut result = Ok(());
    // Measured time: the stages' own, from their workers' start to their end (connecting and
    // instantiating plugins for a stage's workers is not time they could work).
    let mut elapsed = 0.0;
    for stage in &stages {
        info!(stage = stage.name.as_str(), workers = stage.workers, duration = ?stage.duration, "stage");
        match run_stage(&ctx, stage, lane, &total, start) {
            Ok((s, secs)) => {
                elapsed += secs;
                let (queries, transactions) = report::items(&s, secs);
                stage_reports.push(report::StageReport {
                    name: stage.name.clone(),
                    workers: stage.workers,
                    duration_s: secs,
                    rate: stage.rate,
                    late: s.late,
                    queries,
                    transactions,
                });
                total.merge(&s);
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        lane += stage.workers as i64;
    }
    stop_bg.store(true, Ordering::SeqCst);
    for (h, stats) in background {
        let _ = h.join();
        total.merge(&stats.lock().unwrap_or_else(|e| e.into_inner()));
    }
    if let Some(m) = &ctx.metrics {
        m.workers.set(0);
    }
    let lag = ctx.lag.take().and_then(lag::Probe::finish);
    result?;
    let mut outcome = finish(&ctx, &main, total, elapsed, &stages, stage_reports)?;
    outcome.report.lag_ms = lag;
    Ok(outcome)
}

/// `init` once, on a connection of its own: its datasets are every worker's starting point.
fn init(ctx: &mut Context, rt: &Handle) -> Result<(Prepared, SharedConn), WorkloadError> {
    let ev = ctx.evaluator(0)?;
    let prepared = Prepared::new(ctx.config.clone(), ev, ctx.seed).map_err(usage)?;
    let conn = connect(ctx.options.driver, &ctx.options.url, rt)?;
    if !ctx.config.init.is_empty() {
        info!(queries = ctx.config.init.len(), "running init");
        prepared.run(Section::Init, &conn, rt).map_err(run_err)?;
        ctx.datasets = prepared.evaluator.lock().datasets.clone();
    }
    Ok((prepared, conn))
}

/// A background worker's thread and what it measured.
type BackgroundWorker = (std::thread::JoinHandle<()>, Arc<Mutex<Stats>>);

/// Background workers: each its query every interval, on a connection of its own, until `stop`.
fn start_background(
    ctx: &Context,
    first_lane: i64,
    stop: &Arc<AtomicBool>,
) -> Result<Vec<BackgroundWorker>, WorkloadError> {
    let mut out = Vec::new();
    for (i, b) in ctx.workload.background.iter().enumerate() {
        let name = b.query.name.clone().unwrap_or_default();
        info!(worker = name.as_str(), rate = b.rate.as_str(), "background worker");
        let key = format!("bg/{name}");
        let mut s = Session::background(ctx.parts(key.clone(), first_lane + i as i64)?, &b.query).map_err(usage)?;
        s.metrics = ctx.metrics.clone();
        if let Some(t) = &ctx.twin {
            let query = &t.workload.background[i].query;
            s.twin = Some(Box::new(Session::background(t.parts(key, first_lane + i as i64)?, query).map_err(usage)?));
            s.order = Some(ctx.order.clone());
        }
        let stats = s.stats.clone();
        let (stop, every) = (stop.clone(), b.every);
        out.push((
            std::thread::spawn(move || {
                let mut next = Instant::now() + every;
                let mut k = 0u64;
                while !stop.load(Ordering::SeqCst) {
                    let now = Instant::now();
                    if now < next {
                        std::thread::sleep((next - now).min(Duration::from_millis(50)));
                        continue;
                    }
                    next += every;
                    if let Flow::Stop(m) | Flow::Fatal(m) = dual::step(&mut s, k) {
                        warn!(worker = name.as_str(), "background worker stopped: {}", crate::redact::scrub(&m));
                        return;
                    }
                    k += 1;
                }
            }),
            stats,
        ));
    }
    Ok(out)
}

/// One stage: fresh workers for its duration, progress printed every interval (the totals of
/// the stages before included); returns what the stage measured, and the seconds from its
/// workers' start to their end.
fn run_stage(
    ctx: &Context,
    stage: &Stage,
    first_lane: i64,
    before: &Stats,
    run_start: Instant,
) -> Result<(Stats, f64), WorkloadError> {
    let single = ctx.options.duration.is_some() || ctx.options.workers.is_some() || ctx.workload.stages.is_empty();
    let mut sessions = Vec::with_capacity(stage.workers as usize);
    for w in 0..stage.workers {
        let key = if single && stage.name != "warmup" { format!("w{w}") } else { format!("{}/w{w}", stage.name) };
        let mut s = Session::new(ctx.parts(key.clone(), first_lane + w as i64)?).map_err(usage)?;
        s.metrics = ctx.metrics.clone();
        if let Some(t) = &ctx.twin {
            s.twin = Some(Box::new(Session::new(t.parts(key, first_lane + w as i64)?).map_err(usage)?));
            s.order = Some(ctx.order.clone());
        }
        sessions.push(s);
    }
    if let Some(m) = &ctx.metrics {
        m.workers.set(stage.workers as i64);
    }
    let began = Instant::now();
    let deadline = began + stage.duration;
    let fatal: Arc<Mutex<Option<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let per_worker = stage.rate.map(|r| r / stage.workers as f64);
    let live: Vec<Arc<Mutex<Stats>>> = sessions.iter().map(|s| s.stats.clone()).collect();
    let handles: Vec<_> = sessions
        .into_iter()
        .map(|mut s| {
            // A dual write lets a running operation finish on both sides: cancelling it on one
            // would leave the sides apart.
            if s.twin.is_none() {
                s.deadline = deadline;
            }
            let (fatal, stop) = (fatal.clone(), stop.clone());
            std::thread::spawn(move || {
                work(s, deadline, per_worker, &stop, &fatal);
                Instant::now()
            })
        })
        .collect();
    let interval = ctx.options.print_interval;
    let mut next_print = Instant::now() + interval;
    let mut late_seen = 0;
    while !handles.iter().all(|h| h.is_finished()) {
        std::thread::sleep(Duration::from_millis(20).min(interval));
        if Instant::now() >= next_print && stage.name != "warmup" {
            next_print += interval;
            let mut now = before.clone();
            for l in &live {
                now.merge(&l.lock().unwrap_or_else(|e| e.into_inner()));
            }
            let elapsed = run_start.elapsed();
            // `-q`: no table, but the lag gauge and the late warnings below still update.
            if ctx.options.progress {
                crate::output::error_line(&format!(
                    "\n{:.0}s  stage {} ({} workers)\n{}",
                    elapsed.as_secs_f64(),
                    stage.name,
                    stage.workers,
                    report::tables(&now, elapsed.as_secs_f64()).trim_end()
                ));
            }
            if let Some(probe) = &ctx.lag {
                let (readings, unseen, error) = probe.interval();
                if ctx.options.progress {
                    crate::output::error_line(&lag::line(readings, unseen));
                }
                if let (Some(m), Some(r)) = (&ctx.metrics, readings) {
                    m.lag.set(r.max as f64 / 1000.0);
                }
                if let Some(e) = error {
                    warn!("reading the heartbeat on the target: {e}");
                }
            }
            if now.late > late_seen {
                warn!(
                    late = now.late - late_seen,
                    rate = stage.rate.unwrap_or(0.0),
                    "operations started late: the database is not keeping up with the target rate"
                );
                late_seen = now.late;
            }
        }
    }
    // Until the last worker ended (not when this loop noticed).
    let ended = handles.into_iter().filter_map(|h| h.join().ok()).max().unwrap_or_else(Instant::now);
    let secs = ended.saturating_duration_since(began).as_secs_f64();
    if let Some(m) = fatal.lock().unwrap_or_else(|e| e.into_inner()).take() {
        return Err(WorkloadError::Run(crate::redact::scrub(&m)));
    }
    let mut out = Stats::default();
    for l in &live {
        out.merge(&l.lock().unwrap_or_else(|e| e.into_inner()));
    }
    Ok((out, secs))
}

/// A worker's loop: iterations until the deadline, paced when a rate is set.
fn work(mut s: Session, deadline: Instant, rate: Option<f64>, stop: &AtomicBool, fatal: &Mutex<Option<String>>) {
    let mut pace = rate.map(|r| pace::Pace::new(r, Instant::now()));
    let mut k = 0u64;
    while Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
        if let Some(p) = &mut pace {
            let mut late = 0;
            if !p.wait(deadline, &mut late) {
                break;
            }
            if late > 0 {
                s.stats.lock().unwrap_or_else(|e| e.into_inner()).late += late;
            }
        }
        match dual::step(&mut s, k) {
            Flow::Continue => {}
            Flow::Cancelled => break,
            Flow::Stop(m) => {
                warn!("worker stopped: {}", crate::redact::scrub(&m));
                break;
            }
            Flow::Fatal(m) => {
                *fatal.lock().unwrap_or_else(|e| e.into_inner()) = Some(m);
                stop.store(true, Ordering::SeqCst);
                break;
            }
        }
        k += 1;
    }
}

/// The report: totals, stages, expectations (evaluated now, queries on `init`'s connection).
fn finish(
    ctx: &Context,
    (prepared, conn): &(Prepared, SharedConn),
    total: Stats,
    elapsed: f64,
    stages: &[Stage],
    stage_reports: Vec<report::StageReport>,
) -> Result<Outcome, WorkloadError> {
    let globals = prepared.evaluator.lock().globals.clone();
    let env = expect::names(&globals, &total, elapsed);
    let verdicts = expect::check(&ctx.workload.expectations, &env, |sql| {
        let rows = ctx.rt.block_on(async { conn.lock().await.query(sql).await }).map_err(|e| e.to_string())?;
        let first = crate::seed::dataset(&prepared.evaluator, ctx.options.driver, &rows)
            .map_err(|e| e.to_string())?
            .into_iter()
            .next();
        Ok(match first {
            Some(EValue::Map(m)) => m.into_iter().collect(),
            _ => HashMap::new(),
        })
    });
    for v in &verdicts {
        match (&v.error, v.passed) {
            (Some(e), _) => warn!(check = v.expr.as_str(), "expectation failed: {}", crate::redact::scrub(e)),
            (None, true) => info!(check = v.expr.as_str(), "expectation passed"),
            (None, false) => warn!(check = v.expr.as_str(), "expectation failed"),
        }
    }
    let (ok, errors) = (total.successes(), total.errors());
    let (queries, transactions) = report::items(&total, elapsed);
    let report = report::RunReport {
        schema_version: report::SCHEMA_VERSION,
        seed: ctx.seed,
        elapsed_s: elapsed,
        workers: stages.iter().map(|s| s.workers).max().unwrap_or(0),
        success_count: ok,
        total_errors: errors,
        error_rate: if ok + errors == 0 { 0.0 } else { errors as f64 * 100.0 / (ok + errors) as f64 },
        tpm: if elapsed > 0.0 { ok as f64 * 60.0 / elapsed } else { 0.0 },
        late: total.late,
        cancelled: total.cancelled,
        queries,
        transactions,
        stages: stage_reports,
        passed: verdicts.iter().all(|v| v.passed),
        expectations: verdicts,
        lag_ms: None,
        one_sided_writes: ctx.twin.as_ref().map(|_| total.one_sided),
    };
    Ok(Outcome { report, stats: total })
}

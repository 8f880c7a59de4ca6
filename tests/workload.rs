//! `edg run` and `edg all` against real databases: weighted picks follow their weights,
//! transactions commit, roll back on `rollback_if` and retry a serialization failure, stages
//! change the worker count (as `edg_workers` shows), background workers keep their rate,
//! expectations decide the exit code, the JSON report agrees with the Prometheus counters, a
//! worker's draws are the same in every run, and bad configs are refused before anything runs.

use crate::support::cmd::{Edg, Run};
use crate::support::util::TempDb;
use std::io::{Read, Write};
use std::path::Path;

/// A database of one engine for one test: a SQLite file, or a database created on the
/// PostgreSQL / MariaDB server (dropped afterwards).
struct Db {
    driver: &'static str,
    url: String,
    _dir: tempfile::TempDir,
    _server: Option<TempDb>,
}

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("w.db").display().to_string();
        Db { driver: "sqlite", url, _dir: dir, _server: None }
    }

    fn server(db: Option<TempDb>, driver: &'static str) -> Option<Db> {
        let db = db?;
        Some(Db { driver, url: db.url.clone(), _dir: tempfile::tempdir().unwrap(), _server: Some(db) })
    }

    fn pg() -> Option<Db> {
        Db::server(TempDb::pg(), "postgres")
    }

    fn mysql() -> Option<Db> {
        Db::server(TempDb::mysql(), "mysql")
    }

    /// SQLite, and the servers that are configured (a required one that is missing fails).
    fn all() -> Vec<Db> {
        let mut out = vec![Db::sqlite()];
        out.extend(Db::pg());
        out.extend(Db::mysql());
        out
    }

    fn config(&self, name: &str, yaml: &str) -> String {
        let path = self._dir.path().join(name);
        std::fs::write(&path, yaml).unwrap();
        path.display().to_string()
    }

    fn dump(&self, sql: &str) -> Vec<Vec<String>> {
        crate::support::util::dump(self.driver.parse().unwrap(), &self.url, sql)
    }

    fn count(&self, sql: &str) -> i64 {
        self.dump(sql)[0][0].parse().unwrap()
    }

    fn exec(&self, sql: &str) {
        crate::support::util::exec(self.driver.parse().unwrap(), &self.url, sql)
    }

    /// `edg VERB --driver … --url … --config CONFIG ARGS…`.
    fn edg(&self, verb: &str, config: &str, args: &[&str]) -> Edg {
        Edg::new(&[verb, "--driver", self.driver, "--url", &self.url, "--config", config]).args(args)
    }
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(run.stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is not one JSON object: {e}\n{}", run.report()))
}

/// The report follows schema/run-report.schema.json.
fn follows_schema(report: &serde_json::Value) {
    let path = crate::support::util::root().join("schema/run-report.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("schema.json", schema).unwrap();
    let id = compiler.compile("schema.json", &mut schemas).unwrap();
    if let Err(e) = schemas.validate(report, id) {
        panic!("report does not follow the schema: {e:#}\n{report:#}");
    }
}

fn query<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["queries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == name)
        .unwrap_or_else(|| panic!("no query {name} in {report:#}"))
}

fn transaction<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == name)
        .unwrap_or_else(|| panic!("no transaction {name} in {report:#}"))
}

fn u(v: &serde_json::Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("{v} is not a count"))
}

const PICKS: &str = r#"
up:
  - name: t
    query: CREATE TABLE picks (item VARCHAR(8))
run:
  - name: a
    query: INSERT INTO picks VALUES ('a')
  - name: b
    query: INSERT INTO picks VALUES ('b')
  - name: c
    query: INSERT INTO picks VALUES ('c')
  - name: never
    query: INSERT INTO picks VALUES ('never')
run_weights:
  a: 1
  b: 3
  c: 6
expectations:
  - error_rate < 1
"#;

/// Weighted picks: each item's share follows its weight (chi-square over 2 degrees of freedom
/// below 13.8, p = 0.001, for a fixed seed), an item without a weight never runs, and the
/// database holds exactly what the report counted.
#[test]
fn weighted_picks_follow_the_weights() {
    for db in Db::all() {
        let cfg = db.config("picks.yaml", PICKS);
        db.edg("up", &cfg, &[]).ok();
        let run = db.edg("run", &cfg, &["-d", "1500ms", "-w", "2", "--rng-seed", "11", "--format", "json"]).ok();
        let report = json(&run);
        let counts: Vec<u64> = ["a", "b", "c"].iter().map(|n| u(&query(&report, n)["count"])).collect();
        let total: u64 = counts.iter().sum();
        run.check(total >= 100, &format!("{}: too few picks to judge: {counts:?}", db.driver));
        let chi: f64 = counts
            .iter()
            .zip([0.1, 0.3, 0.6])
            .map(|(n, p)| {
                let e = total as f64 * p;
                (*n as f64 - e).powi(2) / e
            })
            .sum();
        run.check(chi < 13.8, &format!("{}: picks {counts:?} do not follow 1:3:6 (chi-square {chi:.1})", db.driver));
        run.check(
            !report["queries"].as_array().unwrap().iter().any(|q| q["name"] == "never"),
            "an unweighted item ran",
        );
        for (name, n) in ["a", "b", "c"].iter().zip(&counts) {
            assert_eq!(
                db.count(&format!("SELECT count(*) FROM picks WHERE item = '{name}'")) as u64,
                *n,
                "{}",
                db.driver
            );
        }
        assert_eq!(u(&report["success_count"]), total);
        assert_eq!(report["passed"], true);
    }
}

const BANK: &str = r#"
up:
  - name: t
    query: CREATE TABLE acct (id INT PRIMARY KEY, n INT NOT NULL)
  - name: l
    query: CREATE TABLE moves (amount INT)
seed:
  - name: s
    query: INSERT INTO acct VALUES (1, 0)
run:
  - transaction: move
    locals:
      amount: uniform_f(0, 10, 0)
    queries:
      - name: bump
        query: UPDATE acct SET n = n + 1 WHERE id = 1
      - name: note
        args: [local('amount')]
        query: INSERT INTO moves VALUES ($1)
      - rollback_if: local('amount') < 3
"#;

/// A transaction commits its queries together and a true `rollback_if` undoes them without an
/// error: the counter and the log hold exactly the commits, and no logged amount is below the
/// rollback threshold.
#[test]
fn transactions_commit_and_roll_back() {
    for db in Db::all() {
        let cfg = db.config("bank.yaml", BANK);
        db.edg("up", &cfg, &[]).ok();
        db.edg("seed", &cfg, &[]).ok();
        let run = db.edg("run", &cfg, &["-d", "1s", "--rng-seed", "3", "--format", "json"]).ok();
        let report = json(&run);
        let t = transaction(&report, "move");
        let (commits, rollbacks) = (u(&t["commits"]), u(&t["rollbacks"]));
        run.check(commits > 10 && rollbacks > 3, &format!("{}: commits {commits}, rollbacks {rollbacks}", db.driver));
        assert_eq!(u(&t["errors"]), 0, "{}", run.report());
        assert_eq!(db.count("SELECT n FROM acct WHERE id = 1") as u64, commits, "{}", db.driver);
        assert_eq!(db.count("SELECT count(*) FROM moves") as u64, commits, "{}", db.driver);
        assert_eq!(db.count("SELECT count(*) FROM moves WHERE amount < 3"), 0, "{}", db.driver);
    }
}

const CONFLICT: &str = r#"
run:
  - transaction: bump
    queries:
      - name: iso
        query: SET TRANSACTION ISOLATION LEVEL REPEATABLE READ
      - name: read
        query: SELECT n FROM hot WHERE id = 1
      - name: pause
        query: SELECT pg_sleep(0.002)
      - name: write
        query: UPDATE hot SET n = n + 1 WHERE id = 1
"#;

/// Two workers updating one row under REPEATABLE READ: PostgreSQL refuses one of each
/// conflicting pair ("could not serialize access"). Without retries those are errors; with
/// them the transaction is run again and commits, and the row counts every commit once.
#[test]
fn serialization_failures_are_retried() {
    let Some(db) = Db::pg() else { return };
    db.exec("CREATE TABLE hot (id INT PRIMARY KEY, n INT NOT NULL)");
    db.exec("INSERT INTO hot VALUES (1, 0)");
    let cfg = db.config("conflict.yaml", CONFLICT);
    let run = db.edg("run", &cfg, &["-d", "1500ms", "-w", "2", "--retries", "0", "--format", "json"]).ok();
    let once = json(&run);
    let t = transaction(&once, "bump");
    run.check(u(&t["errors"]) > 0, "two workers on one row under REPEATABLE READ never conflicted");
    let first = u(&t["commits"]);
    assert_eq!(db.count("SELECT n FROM hot") as u64, first);

    let run = db.edg("run", &cfg, &["-d", "1500ms", "-w", "2", "--retries", "20", "--format", "json"]).ok();
    let retried = json(&run);
    let t = transaction(&retried, "bump");
    let commits = u(&t["commits"]);
    run.check(u(&t["errors"]) * 20 < commits, "retries did not turn serialization failures into commits");
    assert_eq!(db.count("SELECT n FROM hot") as u64, first + commits);
}

/// A minimal HTTP GET of the metrics endpoint.
fn scrape(addr: &str) -> Option<String> {
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(2))).ok()?;
    write!(s, "GET /metrics HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    body.split_once("\r\n\r\n").map(|(_, b)| b.to_string())
}

fn free_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().to_string()
}

/// The value of a Prometheus series (`name{labels}`) in a scrape.
fn series(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

/// Scrape `addr` every 30 ms while `edg` runs: every scrape, in order.
fn scrapes_while(edg: &Edg, addr: &str) -> (Run, Vec<String>) {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (a, s) = (addr.to_string(), stop.clone());
    let poller = std::thread::spawn(move || {
        let mut seen = Vec::new();
        while !s.load(std::sync::atomic::Ordering::SeqCst) {
            seen.extend(scrape(&a));
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
        seen
    });
    let run = edg.run();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    (run, poller.join().unwrap())
}

const STAGES: &str = r#"
run:
  - name: ping
    query: SELECT 1
stages:
  - name: one
    workers: 1
    duration: 1200ms
  - name: three
    workers: 3
    duration: 1200ms
expectations:
  - query: SELECT pg_sleep(1) AS slept, 7 AS seven
    expr: seven == 7
"#;

/// Stages run one after another with their own worker counts (`edg_workers` goes 1 → 3) and
/// statistics; the JSON report's counts are the Prometheus counters' (scraped while the
/// expectation's query sleeps, after the last operation).
#[test]
fn stages_set_the_workers_and_json_matches_prometheus() {
    let Some(db) = Db::pg() else { return };
    let cfg = db.config("stages.yaml", STAGES);
    let addr = free_addr();
    let edg = db.edg("run", &cfg, &["--metrics-addr", &addr, "--format", "json"]);
    let (run, scrapes) = scrapes_while(&edg, &addr);
    let run = run.expect_code(0);
    let report = json(&run);
    follows_schema(&report);
    // The gauge over the run, repeats dropped: 0 before the first stage and after the last.
    let mut workers: Vec<f64> = scrapes.iter().filter_map(|s| series(s, "edg_workers")).collect();
    workers.dedup();
    run.check(workers.ends_with(&[1.0, 3.0, 0.0]), &format!("edg_workers over the run: {workers:?}"));
    let stages = report["stages"].as_array().unwrap();
    assert_eq!(
        stages.iter().map(|s| (s["name"].as_str().unwrap(), u(&s["workers"]))).collect::<Vec<_>>(),
        [("one", 1), ("three", 3)]
    );
    let per_stage: u64 = stages.iter().map(|s| u(&query(s, "ping")["count"])).sum();
    let total = u(&query(&report, "ping")["count"]);
    assert_eq!(per_stage, total, "the stages' counts add up to the total");
    assert_eq!(report["workers"], 3);
    let last = scrapes.last().expect("a scrape after the workload");
    let prom = series(last, "edg_query_duration_seconds_count{query=\"ping\"}");
    assert_eq!(prom, Some(total as f64), "Prometheus count vs JSON count {total}\n{last}");
    run.check(last.contains("# TYPE edg_query_duration_seconds histogram"), "the latency series is a histogram");
}

const BACKGROUND: &str = r#"
up:
  - name: t
    query: CREATE TABLE ticks (at INT)
run:
  - name: ping
    query: SELECT 1
    wait: 50ms
workers:
  - name: tick
    rate: 10/1s
    query: INSERT INTO ticks VALUES (1)
"#;

/// A background worker runs at its rate (10/1s over 2 s: about 20 times) beside the run items.
#[test]
fn background_workers_keep_their_rate() {
    let db = Db::sqlite();
    let cfg = db.config("bg.yaml", BACKGROUND);
    db.edg("up", &cfg, &[]).ok();
    let run = db.edg("run", &cfg, &["-d", "2s", "--format", "json"]).ok();
    let ticks = db.count("SELECT count(*) FROM ticks");
    run.check((15..=21).contains(&ticks), &format!("10/1s over 2 s ran {ticks} times"));
    assert_eq!(u(&query(&json(&run), "tick")["count"]) as i64, ticks);
}

/// An open-loop rate: `--rate 40` over 2 s is about 80 operations whatever the database could
/// do, and a rate the database cannot keep up with is reported as late operations.
#[test]
fn a_target_rate_paces_the_workers() {
    let db = Db::sqlite();
    let cfg = db.config("r.yaml", "run:\n  - name: ping\n    query: SELECT 1\n");
    let run = db.edg("run", &cfg, &["-d", "2s", "-w", "2", "--rate", "40", "--format", "json"]).ok();
    let report = json(&run);
    let n = u(&query(&report, "ping")["count"]);
    run.check((70..=82).contains(&n), &format!("--rate 40 over 2 s ran {n} operations"));
    assert_eq!(report["late"], 0);

    let slow = db.config("slow.yaml", "run:\n  - name: nap\n    query: SELECT 1\n    wait: 20ms\n");
    let run = db.edg("run", &slow, &["-d", "1s", "--rate", "500", "--format", "json"]).ok();
    let report = json(&run);
    let (late, done) = (u(&report["late"]), u(&query(&report, "nap")["count"]));
    run.check(done < 60 && late * 10 >= done * 8, "a rate 10x what the worker can do was not reported late");
    run.check(run.stderr.contains("not keeping up"), "no warning that the database is not keeping up");
}

/// Statements still running a second after the run ends are cancelled, and are not errors.
#[test]
fn statements_cut_off_at_the_end_are_not_errors() {
    let Some(db) = Db::pg() else { return };
    let cfg = db.config("sleep.yaml", "run:\n  - name: nap\n    query: SELECT pg_sleep(30)\n");
    let began = std::time::Instant::now();
    let run = db.edg("run", &cfg, &["-d", "1s", "-w", "2", "--format", "json"]).ok();
    let report = json(&run);
    run.check(began.elapsed() < std::time::Duration::from_secs(20), "the run waited for its statements");
    assert_eq!(report["total_errors"], 0, "{}", run.report());
    assert_eq!(report["cancelled"], 2, "{}", run.report());
}

const EXPECT: &str = r#"
reference:
  colors:
    - {name: red}
up:
  - name: t
    query: CREATE TABLE ex (v INT)
run:
  - name: put
    args: ["uniform_f(1, 100, 0)"]
    query: INSERT INTO ex VALUES ($1)
    print:
      - expr: arg(0)
        agg: min
      - expr: arg(0)
        agg: max
      - expr: arg(0)
        agg: avg
      - expr: arg(0)
        agg: "string(len(freq)) + ' unique'"
      - arg(0)
      - "'v' + string(int(arg(0)) % 3)"
      - ref_rand('colors').name
down:
  - name: drop
    query: DROP TABLE ex
expectations:
  - error_rate < 1
  - put.success_count > 0
  - query: SELECT count(*) AS n FROM ex
    expr: n == success_count
  - THRESHOLD
"#;

/// Expectations decide the exit code (0 when all hold, 1 when one fails), a query's first row
/// is read as names, `print` aggregates come out in the right order, and `edg all` tears down
/// even when an expectation fails.
#[test]
fn expectations_set_the_exit_code_and_all_tears_down() {
    for db in Db::all() {
        let pass = db.config("pass.yaml", &EXPECT.replace("THRESHOLD", "success_count >= 0"));
        let run = db.edg("all", &pass, &["-d", "500ms", "--format", "json"]).ok();
        let report = json(&run);
        follows_schema(&report);
        assert!(report["expectations"].as_array().unwrap().iter().all(|e| e["passed"] == true), "{report:#}");
        let printed = query(&report, "put")["printed"].as_array().unwrap().clone();
        let value = |i: usize| printed[i]["value"].as_str().unwrap().parse::<f64>().unwrap();
        let (min, max, avg) = (value(0), value(1), value(2));
        // Go's agg expressions over freq/count/sum/avg/min/max, and a bare expression of numbers.
        run.check(printed[3]["value"].as_str().unwrap().ends_with(" unique"), "an agg over freq");
        run.check(
            printed[4]["min"].as_f64().is_some() && printed[4]["top"].is_null(),
            "a bare numeric print is min/avg/max",
        );
        run.check(printed[5]["top"].as_array().is_some_and(|t| !t.is_empty()), "a bare text print is its frequencies");
        // `reference:` datasets reach the workers.
        run.check(printed[6]["top"][0][0] == "red", "a reference dataset in a run item");
        run.check(
            1.0 <= min && min <= avg && avg <= max && max <= 100.0,
            &format!("{}: print min {min} avg {avg} max {max}", db.driver),
        );

        let fail = db.config("fail.yaml", &EXPECT.replace("THRESHOLD", "success_count < 0"));
        let run = db.edg("all", &fail, &["-d", "300ms"]).fails_with(1);
        run.check(run.stderr.contains("expectation failed"), "the failing expectation is not named");
        // Torn down: the table is gone, so `up` works again.
        db.edg("up", &fail, &[]).ok();
        db.edg("down", &fail, &[]).ok();
    }
}

const DRAWS: &str = r#"
up:
  - name: t
    query: CREATE TABLE draws (s BIGINT PRIMARY KEY, v BIGINT, e VARCHAR(200))
run:
  - name: draw
    args: ["seq(1, 1)", "uniform_f(0, 1000000000, 0)", "gen('email')"]
    query: INSERT INTO draws VALUES ($1, $2, $3)
"#;

/// Each worker's rows in sequence order (its lane of `seq`: worker w of 2 takes w+1, w+3, …).
fn per_worker(db: &Db) -> [Vec<(String, String)>; 2] {
    let mut out: [Vec<(String, String)>; 2] = Default::default();
    for r in db.dump("SELECT s, v, e FROM draws ORDER BY s") {
        let s: i64 = r[0].parse().unwrap();
        out[((s - 1) % 2) as usize].push((r[1].clone(), r[2].clone()));
    }
    out
}

/// Operation k of worker w is a function of (seed, w, k): two runs of different lengths with
/// `--workers 2 --rng-seed 5` give each worker the same rows, the run it got less far in a
/// prefix of the other; another seed draws other values.
#[test]
fn a_worker_draws_the_same_values_in_every_run() {
    for db in Db::all() {
        let cfg = db.config("draws.yaml", DRAWS);
        let mut runs = Vec::new();
        for (d, seed) in [("500ms", "5"), ("1500ms", "5"), ("500ms", "6")] {
            db.edg("up", &cfg, &[]).ok();
            db.edg("run", &cfg, &["-d", d, "-w", "2", "--rng-seed", seed, "--print-interval", "10s"]).ok();
            runs.push(per_worker(&db));
            db.exec("DROP TABLE draws");
        }
        let [first, second, reseeded] = &runs[..] else { unreachable!("three runs") };
        for (w, ((a, b), other)) in first.iter().zip(second).zip(reseeded).enumerate() {
            // Which run a worker got further in depends on the database (SQLite's one writer
            // makes workers wait for each other): the fewer rows are a prefix of the more.
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            assert!(short.len() > 5, "{}: worker {w}: {} and {} rows", db.driver, a.len(), b.len());
            assert_eq!(
                short[..],
                long[..short.len()],
                "{}: worker {w}'s shorter run is not a prefix of its longer one",
                db.driver
            );
            assert_ne!(short[..5], other[..5], "{}: another seed drew the same values", db.driver);
        }
        assert_ne!(runs[0][0][..5], runs[0][1][..5], "{}: the two workers drew the same values", db.driver);
    }
}

/// Every config mistake of the Go edg's loader (and those it missed) is one line naming the
/// file, exit 2, before anything runs: `init` has not created its table.
#[test]
fn bad_workloads_are_one_line_and_run_nothing() {
    let db = Db::sqlite();
    let init = "init:\n  - name: i\n    type: exec\n    query: CREATE TABLE ran (x INT)\n";
    let cases = [
        ("run:\n  - transaction: t\n    queries: []\n", "must contain at least one query"),
        (
            "run:\n  - transaction: t\n    queries:\n      - name: b\n        type: exec_batch\n        query: SELECT 1\n",
            "cannot run inside a transaction",
        ),
        (
            "run:\n  - transaction: t\n    queries:\n      - name: p\n        prepared: true\n        query: SELECT 1\n",
            "prepared statements cannot",
        ),
        (
            "run:\n  - transaction: t\n    queries:\n      - rollback_if: true\n        name: x\n",
            "a rollback_if element must not have",
        ),
        (
            "run:\n  - transaction: t\n    locals:\n      a: 1\n    queries:\n      - name: a\n        query: SELECT 1\n",
            "shadows a query",
        ),
        ("run:\n  - name: a\n    query: SELECT 1\nrun_weights:\n  aa: 1\n", "did you mean \"a\""),
        (
            "run:\n  - name: a\n    query: SELECT 1\nworkers:\n  - name: w\n    rate: 0/1s\n    query: SELECT 1\n",
            "TIMES must be at least 1",
        ),
        ("run:\n  - name: a\n    args: [nosuchfn(1)]\n    query: SELECT $1\n", "nosuchfn"),
        (
            "run:\n  - name: a\n    query: SELECT 1\nstages:\n  - name: s\n    workers: 0\n    duration: 1s\n",
            "workers must be 1 to 10000",
        ),
        (
            "run:\n  - name: a\n    query: SELECT 1\nexpectations:\n  - query: SELECT 1\n    expr: x\n    other: 1\n",
            "an expectation has query and expr",
        ),
        ("seed:\n  - name: s\n    query: SELECT 1\n", "nothing to run"),
    ];
    for (i, (yaml, expected)) in cases.iter().enumerate() {
        let cfg = db.config(&format!("bad{i}.yaml"), &format!("{init}{yaml}"));
        let run = db.edg("run", &cfg, &["-d", "1s"]).run();
        let line = run.one_error();
        run.check(
            line.contains(expected) && line.contains(&format!("bad{i}.yaml")),
            &format!("expected {expected:?} naming the file"),
        );
        assert!(
            !Path::new(&db.url).exists() || crate::support::util::sqlite_tables(Path::new(&db.url)).is_empty(),
            "{}",
            run.report()
        );
    }
    // `edg all` checks the workload before `up` writes anything.
    let bad = db.config("bad_all.yaml", "up:\n  - name: t\n    query: CREATE TABLE made (x INT)\nrun:\n  - name: a\n    args: [\"nosuchfn(1)\"]\n    query: SELECT $1\n");
    let run = db.edg("all", &bad, &["-d", "1s"]).run();
    run.check(run.one_error().contains("nosuchfn"), "edg all did not name the bad expression");
    assert!(
        !Path::new(&db.url).exists() || crate::support::util::sqlite_tables(Path::new(&db.url)).is_empty(),
        "{}",
        run.report()
    );
    let ok = db.config("ok.yaml", &format!("{init}run:\n  - name: a\n    query: SELECT 1\n"));
    for (flags, expected) in
        [(&["--rate", "0"][..], "--rate"), (&["-w", "0"][..], "--workers"), (&["-d", "soon"][..], "--duration")]
    {
        let run = db.edg("run", &ok, flags).run();
        run.check(
            run.code == 2 && run.stderr.contains(expected),
            &format!("{flags:?} is not refused naming {expected}"),
        );
    }
}

/// A config meant for `edg run` has nothing for `up`, `seed`, `deseed` or `down`: each says so
/// in one WARN line and succeeds, as the Go edg does; an empty config is still an error.
#[test]
fn lifecycle_commands_on_a_run_only_config_warn_and_succeed() {
    for db in Db::all() {
        let cfg = db.config("runonly.yaml", "run:\n  - name: a\n    query: SELECT 1\n");
        for verb in ["up", "seed", "deseed", "down"] {
            let run = db.edg(verb, &cfg, &[]).ok();
            let warns: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("WARN")).collect();
            run.check(warns.len() == 1 && warns[0].contains("nothing to do"), &format!("edg {verb}: one WARN line"));
        }
    }
    let db = Db::sqlite();
    let empty = db.config("empty.yaml", "# nothing yet\n");
    let run = db.edg("seed", &empty, &[]).run();
    run.check(run.one_error().contains("nothing to run"), "an empty config is an error");
}

/// Without a driver flag, the URL's scheme picks the driver (`mysql://` is mysql); a flag that
/// was given still wins, and a scheme it cannot speak is refused, naming the scheme.
#[test]
fn the_driver_follows_the_urls_scheme() {
    let Some(db) = Db::mysql() else { return };
    let cfg = db.config("picks.yaml", PICKS);
    Edg::new(&["up", "--url", &db.url, "--config", &cfg]).ok();
    let run = Edg::new(&["run", "--url", &db.url, "--config", &cfg, "-d", "300ms", "--format", "json"]).ok();
    assert!(u(&json(&run)["success_count"]) > 0, "{}", run.report());
    let line = Edg::new(&["down", "--driver", "pgx", "--url", &db.url, "--config", &cfg]).run().one_error();
    assert!(line.contains("not mysql://"), "{line}");
    Edg::new(&["down", "--url", &db.url, "--config", &cfg]).ok();
}

/// The progress table comes every --print-interval on stderr; `-q` (warnings and errors only)
/// leaves it out with the info lines, and the summary still reaches stdout.
#[test]
fn quiet_runs_print_no_progress_table() {
    let db = Db::sqlite();
    let cfg = db.config("picks.yaml", PICKS);
    db.edg("up", &cfg, &[]).ok();
    let loud = db.edg("run", &cfg, &["-d", "1s", "--print-interval", "200ms"]).ok();
    loud.check(loud.stderr.contains("QUERY") && loud.stderr.contains("stage run"), "a progress table");
    let quiet = db.edg("run", &cfg, &["-d", "1s", "--print-interval", "200ms", "-q"]).ok();
    quiet.check(!quiet.stderr.contains("QUERY") && !quiet.stderr.contains("INFO"), "nothing but warnings on stderr");
    quiet.check(quiet.stdout.contains("summary") && quiet.stdout.contains("operations:"), "the summary on stdout");
}

const PREPARED: &str = r#"
up:
  - name: t
    query: CREATE TABLE pt (at TIMESTAMP NOT NULL, amount DECIMAL(10,2) NOT NULL, note VARCHAR(20) NOT NULL)
  - name: s
    query: CREATE TABLE seen (statements INT NOT NULL, executions INT NOT NULL)
run:
  - name: put
    type: exec
    prepared: true
    args: ["'2024-05-06 07:08:09'", "uniform_f(1, 100, 2)", '"O''Brien"']
    query: INSERT INTO pt (at, amount, note) VALUES ($1, $2, $3)
  - name: look
    type: query
    prepared: true
    args: ['"O''Brien"', "'2024-05-06 07:08:09'"]
    query: SELECT count(*) AS n FROM pt WHERE note = $1 AND at = $2
  - name: record
    type: exec
    query: RECORD
"#;

/// `prepared: true` prepares a run item's statement once per worker connection and executes it
/// with each run's arguments, coerced by the server to the parameters' types (a timestamp, a
/// decimal and a quote): PostgreSQL lists exactly the two statements in `pg_prepared_statements`
/// with their executions, MariaDB counts two `PREPARE`s and the `EXECUTE`s; without it nothing
/// is prepared. SQLite (a library, no server) runs the statements as written.
#[test]
fn prepared_items_are_prepared_once_per_worker_and_executed() {
    for db in Db::all() {
        let record = match db.driver {
            "postgres" => {
                "INSERT INTO seen SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements WHERE from_sql"
            }
            "mysql" => {
                "INSERT INTO seen SELECT (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'COM_PREPARE_SQL'), (SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'COM_EXECUTE_SQL')"
            }
            _ => "INSERT INTO seen VALUES (0, 0)",
        };
        for prepared in [true, false] {
            let yaml = PREPARED.replace("RECORD", record).replace("prepared: true", &format!("prepared: {prepared}"));
            let cfg = db.config("prepared.yaml", &yaml);
            db.edg("up", &cfg, &[]).ok();
            let run = db.edg("run", &cfg, &["-d", "1s", "-w", "2", "--format", "json"]).ok();
            let report = json(&run);
            let (put, look) = (query(&report, "put"), query(&report, "look"));
            assert_eq!(u(&put["errors"]) + u(&look["errors"]), 0, "{}", run.report());
            let puts = u(&put["count"]);
            run.check(puts > 10, "too few runs to tell");
            let exact = "SELECT count(*) FROM pt WHERE note = 'O''Brien' AND at = '2024-05-06 07:08:09' AND amount BETWEEN 1 AND 100";
            assert_eq!(db.count(exact) as u64, puts, "{}: every row as its arguments said", db.driver);
            let statements = db.count("SELECT max(statements) FROM seen");
            let executions = db.count("SELECT max(executions) FROM seen") as u64;
            match (db.driver, prepared) {
                ("sqlite", _) => {}
                (_, true) => {
                    assert_eq!(statements, 2, "{}: each worker prepares its two statements once", db.driver);
                    run.check(
                        executions > 10 && executions <= puts + u(&look["count"]),
                        &format!("{executions} executions"),
                    );
                }
                (_, false) => assert_eq!((statements, executions), (0, 0), "{}: nothing prepared", db.driver),
            }
            db.exec("DROP TABLE pt");
            db.exec("DROP TABLE seen");
        }
    }
}

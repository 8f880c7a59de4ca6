//! Scale-out verify (issue 15): a plan of N key ranges per table, N worker processes at once,
//! their parts merged into exactly the single-process report (text and JSON); refusals of
//! incomplete or foreign parts; `--from-report` re-checking only the failing ranges;
//! `--concurrency K`; the Kubernetes manifests.

use crate::support::util::{TempDb, collect, edg, edg_env, exec, root, spawn, sqlite_pair, verify_args};
use edg::driver::Driver;
use serde_json::Value as J;

/// A report without what legitimately differs between runs: durations, the ranges that
/// differed (partitions for a merged run, none for a single one) and so the report's hash.
fn comparable(mut report: J) -> J {
    report.as_object_mut().unwrap().remove("report_hash");
    for t in report["tables"].as_array_mut().unwrap() {
        let t = t.as_object_mut().unwrap();
        t.remove("duration_ms");
        t.remove("difference_ranges");
    }
    report
}

struct Setup {
    s_driver: &'static str,
    s_url: String,
    t_driver: &'static str,
    t_url: String,
    tables: &'static str,
}

impl Setup {
    fn args(&self, extra: &[&str]) -> Vec<String> {
        let mut all = vec!["--tables", self.tables];
        all.extend_from_slice(extra);
        verify_args(self.s_driver, &self.s_url, self.t_driver, &self.t_url, &all)
    }

    fn run(&self, extra: &[&str]) -> crate::support::util::Out {
        let args = self.args(extra);
        edg(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    fn json(&self, extra: &[&str]) -> (i32, J) {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        assert!(out.code == 0 || out.code == 1, "{}", out.all());
        (out.code, serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout)))
    }

    /// `sync verify plan` into `path`.
    fn plan(&self, n: u32, path: &std::path::Path) -> J {
        let mut args = self.args(&[]);
        args.splice(
            2..2,
            ["plan".to_string(), "--partitions".into(), n.to_string(), "--out".into(), path.display().to_string()],
        );
        let out = edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(out.code, 0, "{}", out.all());
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// N workers started at once, each writing its part into `dir`; their exit codes.
    fn workers(&self, n: u32, plan: Option<&std::path::Path>, dir: &std::path::Path) -> Vec<i32> {
        let children: Vec<_> = (0..n)
            .map(|i| {
                let mut extra = vec![
                    "--partition".to_string(),
                    format!("{i}/{n}"),
                    "--report-out".into(),
                    dir.display().to_string(),
                ];
                if let Some(p) = plan {
                    extra.extend(["--plan".to_string(), p.display().to_string()]);
                }
                let refs: Vec<&str> = extra.iter().map(String::as_str).collect();
                spawn(&self.args(&refs))
            })
            .collect();
        children
            .into_iter()
            .map(|c| {
                let out = collect(c);
                assert!(out.code == 0 || out.code == 1, "{}", out.all());
                out.code
            })
            .collect()
    }

    fn merge(&self, dir: &std::path::Path, extra: &[&str]) -> crate::support::util::Out {
        let mut args = vec!["sync", "verify", "merge"];
        let shown = dir.display().to_string();
        args.push(&shown);
        args.extend_from_slice(extra);
        edg(&args)
    }
}

/// Key-ordered MISMATCH/MISSING/EXTRA lines of a text run.
fn lines(out: &crate::support::util::Out) -> Vec<String> {
    out.stdout.lines().map(str::to_string).collect()
}

fn sqlite_setup(dir: &std::path::Path) -> Setup {
    let mut setup = vec![
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, amount DECIMAL(10,2))".to_string(),
        "CREATE TABLE c (a INTEGER, b TEXT, v TEXT, PRIMARY KEY (a, b))".to_string(),
        "CREATE TABLE w (name TEXT PRIMARY KEY, v INTEGER)".to_string(),
    ];
    let t_rows: Vec<String> = (1..=3000).map(|i| format!("({i}, 'v{i}', {}.{:02})", i % 97, i % 100)).collect();
    setup.push(format!("INSERT INTO t VALUES {}", t_rows.join(",")));
    let c_rows: Vec<String> =
        (1..=300).flat_map(|a| ["x", "é", "日本"].map(|b| format!("({a}, '{b}', 'c{a}{b}')"))).collect();
    setup.push(format!("INSERT INTO c VALUES {}", c_rows.join(",")));
    let words = ["Zürich", "apple", "Apple", "naïve", "東京", "zebra", "émile", "10", "9", "a b"];
    let w_rows: Vec<String> = (0..500).map(|i| format!("('{}{i}', {i})", words[i % words.len()])).collect();
    setup.push(format!("INSERT INTO w VALUES {}", w_rows.join(",")));
    let refs: Vec<&str> = setup.iter().map(String::as_str).collect();
    let (s, t) = sqlite_pair(dir, &refs);
    Setup { s_driver: "sqlite", s_url: s, t_driver: "sqlite", t_url: t, tables: "t,c,w" }
}

/// Differences at every partition boundary of `plan` (the first key of each range), plus some
/// scattered ones.
fn differ_at_bounds(s: &Setup, plan: &J) {
    for table in plan["tables"].as_array().unwrap() {
        let name = table["table"].as_str().unwrap();
        for r in table["ranges"].as_array().unwrap().iter().skip(1) {
            let lo = r["lo"].as_array().unwrap();
            let lit = |b: &J| match b.as_object().unwrap().iter().next().unwrap() {
                (k, v) if k == "int" => v.to_string(),
                (_, v) => format!("'{}'", v.as_str().unwrap().replace('\'', "''")),
            };
            let cond = match name {
                "t" => format!("id = {}", lit(&lo[0])),
                "c" => format!("a = {} AND b = {}", lit(&lo[0]), lit(&lo[1])),
                _ => format!("name = {}", lit(&lo[0])),
            };
            let change = if name == "w" { "v = v + 1000" } else { "v = v || '!'" };
            exec(Driver::Sqlite, &s.t_url, &format!("UPDATE {name} SET {change} WHERE {cond}"));
        }
    }
    exec(Driver::Sqlite, &s.t_url, "DELETE FROM t WHERE id % 250 = 3");
    exec(Driver::Sqlite, &s.t_url, "INSERT INTO t VALUES (5000, 'extra', 1.00), (0, 'first', 2.00)");
    exec(Driver::Sqlite, &s.t_url, "DELETE FROM c WHERE a = 150 AND b = 'é'");
    exec(Driver::Sqlite, &s.t_url, "INSERT INTO w VALUES ('Ω', 1), ('', 2)");
}

#[test]
fn workers_and_merge_give_the_single_run_report_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let plan8 = s.plan(8, &dir.path().join("plan8.json"));
    differ_at_bounds(&s, &plan8);
    let (code, single) = s.json(&[]);
    assert_eq!(code, 1);
    assert!(single["differences"].as_u64().unwrap() > 20, "{single}");
    let single_text = lines(&s.run(&["--verbose"]));
    for n in [1u32, 3, 8] {
        let parts = dir.path().join(format!("parts{n}"));
        let plan = dir.path().join(format!("plan{n}.json"));
        // Planned after the changes (the plan records both sides' row counts); the source did
        // not change, so plan8's bounds are where the differences were placed.
        s.plan(n, &plan);
        s.workers(n, Some(&plan), &parts);
        let merged = s.merge(&parts, &["--format", "json"]);
        assert_eq!(merged.code, 1, "{}", merged.all());
        let merged: J = serde_json::from_str(&merged.stdout).unwrap();
        assert_eq!(comparable(merged.clone()), comparable(single.clone()), "N = {n}");
        let text = s.merge(&parts, &["--verbose"]);
        assert_eq!(lines(&text), single_text, "N = {n}");
        assert!(text.stderr.contains("verification failed"), "{}", text.stderr);
    }
    // Without a plan every worker computes the same ranges.
    let parts = dir.path().join("fly");
    s.workers(3, None, &parts);
    let merged = s.merge(&parts, &["--format", "json"]);
    assert_eq!(comparable(serde_json::from_str(&merged.stdout).unwrap()), comparable(single.clone()));
    // In one process: the same report.
    let (code, concurrent) = s.json(&["--concurrency", "4"]);
    assert_eq!(code, 1);
    assert_eq!(comparable(concurrent), comparable(single));
    assert_eq!(lines(&s.run(&["--concurrency", "4", "--verbose"])), single_text);
}

#[test]
fn merge_refuses_incomplete_or_foreign_parts() {
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let plan_a = dir.path().join("a.json");
    s.plan(3, &plan_a);
    let parts = dir.path().join("parts");
    s.workers(3, Some(&plan_a), &parts);
    assert_eq!(s.merge(&parts, &[]).code, 0);

    let refused = |what: &str, expected: &str| {
        let out = s.merge(&parts, &[]);
        assert_eq!(out.code, 2, "{what}: {}", out.all());
        let line = out.one_error();
        assert!(line.contains(expected), "{what}: {line}");
        assert!(!out.all().contains("verified"), "{what}: {}", out.all());
    };
    // A missing part.
    let p1 = parts.join("part-1-of-3.json");
    let saved = std::fs::read(&p1).unwrap();
    std::fs::remove_file(&p1).unwrap();
    refused("missing", "partition(s) 1 of 3 missing");
    // A duplicated part.
    std::fs::write(&p1, &saved).unwrap();
    std::fs::write(parts.join("part-1-of-3 copy.json"), &saved).unwrap();
    refused("duplicate", "partition 1 appears twice");
    std::fs::remove_file(parts.join("part-1-of-3 copy.json")).unwrap();
    // A part of another plan (the source grew, so the bounds moved).
    exec(Driver::Sqlite, &s.s_url, "INSERT INTO t VALUES (9000, 'late', 1.00)");
    exec(Driver::Sqlite, &s.t_url, "INSERT INTO t VALUES (9000, 'late', 1.00)");
    let plan_b = dir.path().join("b.json");
    s.plan(3, &plan_b);
    let other = dir.path().join("other");
    s.workers(3, Some(&plan_b), &other);
    std::fs::copy(other.join("part-2-of-3.json"), parts.join("part-2-of-3.json")).unwrap();
    refused("other plan", "is from another plan");
    // A part verified with other options.
    let opts = dir.path().join("opts");
    let args =
        s.args(&["--partition", "2/3", "--report-out", &opts.display().to_string(), "--timestamp-precision", "3"]);
    let out = edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{}", out.all());
    std::fs::copy(opts.join("part-2-of-3.json"), parts.join("part-2-of-3.json")).unwrap();
    refused("other options", "another plan");
    // A worker whose table changed since the plan is refused before it compares anything.
    exec(Driver::Sqlite, &s.t_url, "ALTER TABLE w ADD COLUMN extra TEXT");
    exec(Driver::Sqlite, &s.s_url, "ALTER TABLE w ADD COLUMN extra TEXT");
    let args = s.args(&["--partition", "0/3", "--plan", &plan_b.display().to_string()]);
    let out = edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.one_error().contains("table w: its columns on the source changed since the plan was made"),
        "{}",
        out.all()
    );
    // A plan edited by hand.
    let text = std::fs::read_to_string(&plan_b).unwrap().replacen("\"source_rows\": 3001", "\"source_rows\": 3002", 1);
    std::fs::write(&plan_b, text).unwrap();
    let out = edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2);
    assert!(out.one_error().contains("its hash does not match its content"), "{}", out.all());
}

#[test]
fn from_report_rechecks_exactly_the_rows_that_differed() {
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    exec(Driver::Sqlite, &s.t_url, "UPDATE t SET v = 'changed' WHERE id BETWEEN 1200 AND 1210");
    exec(Driver::Sqlite, &s.t_url, "DELETE FROM t WHERE id = 1250");
    let (code, report) = s.json(&[]);
    assert_eq!(code, 1);
    let t = report["tables"].as_array().unwrap().iter().find(|t| t["table"] == "t").unwrap();
    assert_eq!(t["differing_keys"].as_array().unwrap().len(), 12, "{t}");
    assert_eq!(t["differing_keys"][11], serde_json::json!({"key": [{"int": 1250}], "source": [{"int": 1250}]}));
    assert!(t.get("difference_ranges").is_none(), "{t}");
    let saved = dir.path().join("report.json");
    std::fs::write(&saved, &s.run(&["--format", "json"]).stdout).unwrap();
    // Only table t, only its 12 differing rows: the same 12 differences.
    let (code, again) = s.json(&["--from-report", &saved.display().to_string()]);
    assert_eq!(code, 1);
    assert_eq!(again["tables"].as_array().unwrap().len(), 1, "{again}");
    let t2 = &again["tables"][0];
    assert_eq!((t2["source_rows"].as_u64(), t2["target_rows"].as_u64()), (Some(12), Some(11)), "{again}");
    assert_eq!(t2["mismatched_rows"], 11);
    assert_eq!(t2["missing"], 1);
    // Fixed: the re-check passes, reading only those rows.
    exec(Driver::Sqlite, &s.t_url, "UPDATE t SET v = 'v' || id WHERE id BETWEEN 1200 AND 1210");
    exec(Driver::Sqlite, &s.t_url, "INSERT INTO t VALUES (1250, 'v1250', 86.50)");
    let (code, fixed) = s.json(&["--from-report", &saved.display().to_string()]);
    assert_eq!(code, 0, "{fixed}");
    assert_eq!(fixed["tables"][0]["source_rows"], 12);
    // A merged report's differing rows are re-read the same way.
    exec(Driver::Sqlite, &s.t_url, "UPDATE t SET v = 'again' WHERE id = 10");
    let plan = dir.path().join("p.json");
    s.plan(4, &plan);
    let parts = dir.path().join("parts");
    s.workers(4, Some(&plan), &parts);
    let merged = s.merge(&parts, &["--format", "json"]);
    let merged_path = dir.path().join("merged.json");
    std::fs::write(&merged_path, &merged.stdout).unwrap();
    let (code, again) = s.json(&["--from-report", &merged_path.display().to_string()]);
    assert_eq!(code, 1);
    let t3 = &again["tables"][0];
    assert_eq!(t3["mismatched_rows"], 1, "{again}");
    assert_eq!(t3["source_rows"], 1, "one row of t re-read, not the table: {again}");
}

#[test]
fn a_kubernetes_indexed_job_runs_the_workers() {
    // JOB_COMPLETION_INDEX / JOB_COMPLETION_COUNT stand in for --partition.
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let plan = dir.path().join("plan.json");
    s.plan(2, &plan);
    let parts = dir.path().join("parts");
    for i in 0..2 {
        let args = s.args(&["--plan", &plan.display().to_string(), "--report-out", &parts.display().to_string()]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let idx = i.to_string();
        let out = edg_env(&refs, &[("JOB_COMPLETION_INDEX", &idx), ("JOB_COMPLETION_COUNT", "2")]);
        assert_eq!(out.code, 0, "{}", out.all());
    }
    assert!(parts.join("part-0-of-2.json").is_file() && parts.join("part-1-of-2.json").is_file());
    assert_eq!(s.merge(&parts, &[]).code, 0);
}

fn yaml_docs(path: &std::path::Path) -> Vec<serde_yaml::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::Deserializer::from_str(&text)
        .map(|d| {
            <serde_yaml::Value as serde::Deserialize>::deserialize(d)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect()
}

/// deploy/kubernetes as a cluster would run it, without the cluster: every worker Job's own
/// command (its `sh -c` script, the flags from the ConfigMap and the Secret as environment) with
/// its volume a directory of its own, then the merge Job's own arguments over those directories.
/// Its exit code is verify's: 0 for equal tables, 1 once a row differs.
#[test]
fn the_kubernetes_manifests_verify_with_their_own_commands() {
    let k8s = root().join("deploy/kubernetes");
    let workers = yaml_docs(&k8s.join("workers/workers.yaml"));
    let claims = yaml_docs(&k8s.join("workers/parts.yaml"));
    let merge = yaml_docs(&k8s.join("merge/merge-job.yaml")).remove(0);
    let flags = yaml_docs(&k8s.join("common/flags.yaml")).remove(0);
    let secret = yaml_docs(&k8s.join("common/secret.yaml")).remove(0);
    let n = workers.len();
    assert!(n >= 2 && claims.len() == n, "{n} workers, {} volumes", claims.len());
    // What the workers read: the ConfigMap's and the Secret's keys (URLs only in the Secret).
    let keys = |doc: &serde_yaml::Value, field: &str| -> Vec<String> {
        doc[field].as_mapping().unwrap().keys().map(|k| k.as_str().unwrap().to_string()).collect()
    };
    assert_eq!(keys(&secret, "stringData"), ["EDG_SOURCE_URL", "EDG_TARGET_URL"]);
    assert!(keys(&flags, "data").iter().all(|k| !k.ends_with("_URL")), "no URL outside the Secret");

    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_edg")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let verdict = |round: &str| -> (i32, String) {
        let volumes: Vec<std::path::PathBuf> = (0..n).map(|i| dir.path().join(format!("{round}-vol-{i}"))).collect();
        for (i, job) in workers.iter().enumerate() {
            let pod = &job["spec"]["template"]["spec"];
            let c = &pod["containers"][0];
            assert_eq!(c["image"].as_str(), Some("edg"), "the image kustomize sets");
            let claim = pod["volumes"][0]["persistentVolumeClaim"]["claimName"].as_str().unwrap();
            assert_eq!(claim, claims[i]["metadata"]["name"].as_str().unwrap(), "worker {i}'s own volume");
            assert_eq!(claims[i]["spec"]["accessModes"][0].as_str(), Some("ReadWriteOnce"), "default storage");
            let mount = c["volumeMounts"][0]["mountPath"].as_str().unwrap();
            let from: Vec<&str> = c["envFrom"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|e| e["configMapRef"]["name"].as_str().or(e["secretRef"]["name"].as_str()).unwrap())
                .collect();
            assert_eq!(from, ["edg-verify-flags", "edg-verify-urls"]);
            let script = c["args"][0].as_str().unwrap().replace(mount, &volumes[i].display().to_string());
            let out = std::process::Command::new("sh")
                .args(["-c", &script])
                .env("PATH", &path)
                .env("EDG_CACHE_DIR", std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("edg-cache"))
                .env("EDG_SOURCE_DRIVER", s.s_driver)
                .env("EDG_SOURCE_URL", &s.s_url)
                .env("EDG_TARGET_DRIVER", s.t_driver)
                .env("EDG_TARGET_URL", &s.t_url)
                .env("EDG_VERIFY_TABLES", s.tables)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "worker {i} ({script}): {err}");
        }
        let c = &merge["spec"]["template"]["spec"]["containers"][0];
        let mut args: Vec<String> =
            c["args"].as_sequence().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
        let mounts = c["volumeMounts"].as_sequence().unwrap();
        assert_eq!(mounts.len(), n, "the merge mounts every worker's volume");
        for (i, m) in mounts.iter().enumerate() {
            let at = m["mountPath"].as_str().unwrap();
            let arg = args.iter_mut().find(|a| *a == at).unwrap_or_else(|| panic!("merge does not read {at}"));
            *arg = volumes[i].display().to_string();
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = edg(&refs);
        (out.code, out.stdout)
    };
    let (code, report) = verdict("equal");
    assert_eq!(code, 0, "{report}");
    let r: J = serde_json::from_str(&report).unwrap();
    assert_eq!(r["passed"], true);
    assert_eq!(r["tables"].as_array().unwrap().len(), 3);
    exec(Driver::Sqlite, &s.t_url, "UPDATE t SET v = 'changed' WHERE id = 2999");
    let (code, report) = verdict("differs");
    assert_eq!(code, 1, "the merge Job's exit code is verify's: {report}");

    // Both steps' kustomizations name the same image, and list the files render.sh writes.
    let images: Vec<serde_yaml::Value> =
        ["workers", "merge"].iter().map(|s| yaml_docs(&k8s.join(s).join("kustomization.yaml")).remove(0)).collect();
    assert_eq!(images[0]["images"], images[1]["images"]);
    assert_eq!(images[0]["images"][0]["name"].as_str(), Some("edg"));
}

/// PostgreSQL ↔ MariaDB, a million rows with 0.1 % scattered differences (including at
/// partition boundaries), a nullable non-ASCII text column, a decimal and a timestamp: 1, 3
/// and 8 workers at once give the single-process report; so does --concurrency 4.
#[test]
fn a_million_rows_across_postgres_and_mariadb_merge_to_the_single_report() {
    let (Some(pg), Some(my)) = (TempDb::pg(), TempDb::mysql()) else { return };
    let dir = tempfile::tempdir().unwrap();
    let cfg = |ts: &str| {
        let path = dir.path().join(format!("big-{ts}.yaml"));
        std::fs::write(
            &path,
            format!(
                "up:\n  - name: t\n    type: exec\n    query: CREATE TABLE big (id BIGINT PRIMARY KEY, user_id INT, amount DECIMAL(10,2), note VARCHAR(40) NULL, created_at {ts})\n  - name: tk\n    type: exec\n    query: CREATE TABLE tk (region VARCHAR(20), code VARCHAR(40), v INT, PRIMARY KEY (region, code))\nseed:\n  - name: keys\n    type: exec_batch\n    count: 5000\n    size: 1000\n    args:\n      - set_rand(['north', 'süd', '東京', 'West', 'ouest'])\n      - template('c%05d-%s', iter(), set_rand(['é', 'a', 'Z', '日']))\n      - gen('number:1,100')\n    query: INSERT INTO tk (region, code, v) __values__\n  - name: rows\n    type: exec_batch\n    count: 1000000\n    size: 10000\n    args:\n      - seq(1, 1)\n      - gen('number:1,100000')\n      - uniform_f(1, 1000, 2)\n      - nullable(set_rand(['café', 'naïve', '日本語', 'Zürich', 'plain']), 0.2)\n      - timestamp('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')\n    query: INSERT INTO big (id, user_id, amount, note, created_at) __values__\n"
            ),
        )
        .unwrap();
        path.display().to_string()
    };
    let out = edg(&[
        "sync",
        "run",
        "--source-driver",
        "pgx",
        "--source-url",
        &pg.url,
        "--source-config",
        &cfg("TIMESTAMP"),
        "--target-driver",
        "mysql",
        "--target-url",
        &my.url,
        "--target-config",
        &cfg("DATETIME"),
        "--rng-seed",
        "15",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    let s =
        Setup { s_driver: "pgx", s_url: pg.url.clone(), t_driver: "mysql", t_url: my.url.clone(), tables: "big,tk" };
    let plan8 = s.plan(8, &dir.path().join("plan8.json"));
    let plan3 = s.plan(3, &dir.path().join("plan3.json"));
    // 0.1 %: 1,000 differences, scattered, plus one at every boundary of both plans.
    my.exec("UPDATE big SET note = 'changé' WHERE id % 3000 = 1");
    my.exec("UPDATE big SET amount = amount + 0.01 WHERE id % 3000 = 2");
    my.exec("DELETE FROM big WHERE id % 3000 = 3");
    my.exec("INSERT INTO big SELECT id + 2000000, user_id, amount, note, created_at FROM big WHERE id % 3000 = 4");
    // The composite text key: byte order on both engines, non-ASCII included.
    my.exec("UPDATE tk SET v = v + 1 WHERE code LIKE 'c%7-%'");
    my.exec("DELETE FROM tk WHERE code LIKE 'c%33-%'");
    for plan in [&plan8, &plan3] {
        for r in plan["tables"][0]["ranges"].as_array().unwrap().iter().skip(1) {
            let id = r["lo"][0]["int"].as_i64().unwrap();
            my.exec(&format!("UPDATE big SET user_id = -1 WHERE id = {id}"));
        }
        for r in plan["tables"][1]["ranges"].as_array().unwrap().iter().skip(1) {
            let (region, code) = (r["lo"][0]["text"].as_str().unwrap(), r["lo"][1]["text"].as_str().unwrap());
            my.exec(&format!("UPDATE tk SET v = -1 WHERE region = '{region}' AND code = '{code}'"));
        }
    }
    let (code, single) = s.json(&[]);
    assert_eq!(code, 1);
    let t = &single["tables"][0];
    assert_eq!(t["source_rows"], 1_000_000);
    let tk = &single["tables"][1];
    assert!(tk["mismatched_rows"].as_u64().unwrap() > 400 && tk["missing"].as_u64().unwrap() > 40, "{tk}");
    assert!(t["mismatched_rows"].as_u64().unwrap() >= 666 && t["missing"] == 334 && t["extra"] == 334, "{t}");
    let single_text = lines(&s.run(&["--verbose"]));
    assert!(single_text.len() > 1000);
    for n in [1u32, 3, 8] {
        let parts = dir.path().join(format!("parts{n}"));
        let plan = dir.path().join(format!("plan{n}.json"));
        // Planned again after the changes: the plan records both sides' row counts.
        s.plan(n, &plan);
        s.workers(n, Some(&plan), &parts);
        let merged = s.merge(&parts, &["--format", "json"]);
        assert_eq!(merged.code, 1, "{}", merged.all());
        let merged: J = serde_json::from_str(&merged.stdout).unwrap();
        assert_eq!(comparable(merged), comparable(single.clone()), "N = {n}");
        assert_eq!(lines(&s.merge(&parts, &["--verbose"])), single_text, "N = {n}");
    }
    let (code, concurrent) = s.json(&["--concurrency", "4"]);
    assert_eq!(code, 1);
    assert_eq!(comparable(concurrent), comparable(single));
}

/// A copy of the SQLite pair under other names: the same data in other databases.
fn copies(s: &Setup, dir: &std::path::Path) -> Setup {
    let (s2, t2) = (dir.join("s2.db"), dir.join("t2.db"));
    std::fs::copy(&s.s_url, &s2).unwrap();
    std::fs::copy(&s.t_url, &t2).unwrap();
    Setup {
        s_driver: s.s_driver,
        s_url: s2.display().to_string(),
        t_driver: s.t_driver,
        t_url: t2.display().to_string(),
        tables: s.tables,
    }
}

#[test]
fn merge_refuses_parts_of_another_run_other_databases_or_edited() {
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let plan = dir.path().join("plan.json");
    s.plan(3, &plan);
    let parts = dir.path().join("parts");
    assert_eq!(s.workers(3, Some(&plan), &parts), vec![0, 0, 0]);
    assert_eq!(s.merge(&parts, &[]).code, 0);
    let refused = |what: &str, expected: &str| {
        let out = s.merge(&parts, &[]);
        let line = out.one_error();
        assert!(line.contains(expected), "{what}: {line}");
        assert!(!out.all().contains("tables verified"), "{what}: {}", out.all());
    };
    // Today's worker 1 fails after it started (its table is gone): yesterday's passing part is
    // not taken for today's.
    exec(Driver::Sqlite, &s.t_url, "ALTER TABLE c RENAME TO c_gone");
    let args = s.args(&[
        "--plan",
        &plan.display().to_string(),
        "--partition",
        "1/3",
        "--report-out",
        &parts.display().to_string(),
    ]);
    let out = edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.code, 2, "{}", out.all());
    refused("a worker that failed", "partition 1 did not finish");
    exec(Driver::Sqlite, &s.t_url, "ALTER TABLE c_gone RENAME TO c");
    // A new plan is a new run: a part of the earlier run among today's is refused, even where
    // the ranges are the same.
    let plan2 = dir.path().join("plan2.json");
    s.plan(3, &plan2);
    let run2 = dir.path().join("run2");
    s.workers(3, Some(&plan2), &run2);
    std::fs::copy(run2.join("part-0-of-3.json"), parts.join("part-0-of-3.json")).unwrap();
    std::fs::copy(run2.join("part-2-of-3.json"), parts.join("part-2-of-3.json")).unwrap();
    refused("a part of another run", "part-1-of-3.json is from another plan");
    std::fs::copy(run2.join("part-1-of-3.json"), parts.join("part-1-of-3.json")).unwrap();
    assert_eq!(s.merge(&parts, &[]).code, 0);
    // Another pair of databases with the same data: the plan is refused by the worker, and a
    // part the worker computed its own plan for is refused by merge.
    let other = copies(&s, dir.path());
    let args = other.args(&["--plan", &plan2.display().to_string(), "--partition", "1/3"]);
    let out = edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.one_error().contains("--plan was made for other databases"), "{}", out.all());
    let elsewhere = dir.path().join("elsewhere");
    other.workers(3, None, &elsewhere);
    std::fs::copy(elsewhere.join("part-1-of-3.json"), parts.join("part-1-of-3.json")).unwrap();
    refused("other databases", "is from another plan");
    std::fs::copy(run2.join("part-1-of-3.json"), parts.join("part-1-of-3.json")).unwrap();
    // A part edited by hand: a count changed.
    let p0 = parts.join("part-0-of-3.json");
    let text = std::fs::read_to_string(&p0).unwrap();
    let edited = text.replacen("\"matched\": ", "\"matched\": 1", 1);
    assert_ne!(edited, text);
    std::fs::write(&p0, &edited).unwrap();
    refused("edited", "its part_hash does not match its content");
    std::fs::write(&p0, &text).unwrap();
    assert_eq!(s.merge(&parts, &[]).code, 0);
}

#[test]
fn a_plan_whose_ranges_leave_a_gap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let path = dir.path().join("plan.json");
    s.plan(4, &path);
    let mut plan: edg::verify::partition::PartitionPlan =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // Partition 2 starts where partition 3 does: the keys between are in no partition.
    let t = &mut plan.tables[0];
    t.ranges[2].lo = t.ranges[3].lo.clone();
    plan.reseal();
    std::fs::write(&path, serde_json::to_string(&plan).unwrap()).unwrap();
    let args = s.args(&["--plan", &path.display().to_string(), "--partition", "0/4"]);
    let out = edg(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.one_error().contains("its ranges leave a gap or overlap at partition 1"), "{}", out.all());
}

/// Workers read one after another, not in one snapshot: a table that changes meanwhile may have
/// rows read twice or never. Counts that differ from the plan's fail the table.
#[test]
fn a_table_that_changed_while_the_workers_ran_is_not_verified() {
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let plan = dir.path().join("plan.json");
    s.plan(3, &plan);
    let parts = dir.path().join("parts");
    // Worker 0 reads; then a row moves from partition 2 into partition 0's range on both sides.
    let args = s.args(&[
        "--plan",
        &plan.display().to_string(),
        "--partition",
        "0/3",
        "--report-out",
        &parts.display().to_string(),
    ]);
    assert_eq!(edg(&args.iter().map(String::as_str).collect::<Vec<_>>()).code, 0);
    for url in [&s.s_url, &s.t_url] {
        exec(Driver::Sqlite, url, "UPDATE t SET id = -5 WHERE id = 2999");
    }
    for i in 1..3 {
        let part = format!("{i}/3");
        let args = s.args(&[
            "--plan",
            &plan.display().to_string(),
            "--partition",
            &part,
            "--report-out",
            &parts.display().to_string(),
        ]);
        assert_eq!(edg(&args.iter().map(String::as_str).collect::<Vec<_>>()).code, 0);
    }
    let out = s.merge(&parts, &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains("table t: the table changed while the workers ran")
            || out.stderr.contains("the table changed while the workers ran"),
        "{}",
        out.all()
    );
    assert!(!out.all().contains("all tables verified"), "{}", out.all());
}

#[test]
fn from_report_refuses_what_it_cannot_trust_and_rechecks_what_it_could_not_verify() {
    let dir = tempfile::tempdir().unwrap();
    let s = sqlite_setup(dir.path());
    let saved = |name: &str, setup: &Setup, extra: &[&str]| {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        let path = dir.path().join(name);
        std::fs::write(&path, setup.run(&args).stdout).unwrap();
        path.display().to_string()
    };
    exec(Driver::Sqlite, &s.t_url, "UPDATE t SET v = 'x' WHERE id = 5");
    let good = saved("good.json", &s, &[]);
    // Of other databases (the same data, other files): refused.
    let other = copies(&s, dir.path());
    let out = other.run(&["--from-report", &good]);
    assert!(out.one_error().contains("it is a report of other databases"), "{}", out.all());
    // Edited, another version, not a report at all, endless: refused before anything is read.
    let text = std::fs::read_to_string(&good).unwrap();
    let cases = [
        ("edited.json", text.replacen("\"passed\": false", "\"passed\": true", 1), "does not match its content"),
        ("v999.json", text.replacen("\"schema_version\": 1", "\"schema_version\": 999", 1), "not a version 1 report"),
        ("bound.json", text.replacen("\"int\": 5", "\"text\": \"5\"", 1), "does not match its content"),
    ];
    for (name, body, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        let out = s.run(&["--from-report", &path.display().to_string()]);
        assert!(out.one_error().contains(expected), "{name}: {}", out.all());
    }
    let out = s.run(&["--from-report", "/dev/zero"]);
    assert!(out.one_error().contains("larger than"), "{}", out.all());
    // A report that failed on a table missing on the target: the table is verified again.
    exec(Driver::Sqlite, &s.t_url, "UPDATE t SET v = 'v5' WHERE id = 5");
    exec(Driver::Sqlite, &s.s_url, "CREATE TABLE only_src (id INTEGER PRIMARY KEY)");
    exec(Driver::Sqlite, &s.s_url, "INSERT INTO only_src VALUES (1)");
    let whole = |extra: &[&str]| {
        let args = verify_args(s.s_driver, &s.s_url, s.t_driver, &s.t_url, extra);
        edg(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let report = dir.path().join("source-only.json");
    std::fs::write(&report, whole(&["--format", "json"]).stdout).unwrap();
    let out = whole(&["--from-report", &report.display().to_string()]);
    assert_eq!(out.code, 1, "still missing on the target: {}", out.all());
    exec(Driver::Sqlite, &s.t_url, "CREATE TABLE only_src (id INTEGER PRIMARY KEY)");
    exec(Driver::Sqlite, &s.t_url, "INSERT INTO only_src VALUES (1)");
    let out = whole(&["--from-report", &report.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.all());
    // A report that failed on zero rows: the table is read whole again, and still fails.
    exec(Driver::Sqlite, &s.s_url, "CREATE TABLE empty (id INTEGER PRIMARY KEY)");
    exec(Driver::Sqlite, &s.t_url, "CREATE TABLE empty (id INTEGER PRIMARY KEY)");
    let report = dir.path().join("zero.json");
    std::fs::write(&report, whole(&["--tables", "empty", "--format", "json"]).stdout).unwrap();
    let out = whole(&["--tables", "empty", "--from-report", &report.display().to_string()]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stderr.contains("zero rows"), "{}", out.all());
}

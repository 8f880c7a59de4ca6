//! `__values__` in a query that is not a batch (issue 31, items 1 and 3), as the Go edg's own
//! configs write it: the rows that `gen_batch`, `batch` and `ref_each` yield become multi-row
//! VALUES, and a million-row `gen_batch` seeds under the default plugin limits.

use crate::support::cmd::Edg;
use crate::support::util::{TempDb, dump};
use edg::driver::Driver;
use std::path::Path;

/// The Go configs' form: no `type:`, rows from `gen_batch`, a scalar beside them; and rows
/// from `batch(n)` and from `ref_each` (two columns spliced) with a scalar.
const VALUES_FORMS: &str = r#"globals:
  customers: 1000
  batch_size: 300
up:
  - name: create_customer
    type: exec
    query: CREATE TABLE customer (email VARCHAR(200), tag VARCHAR(10))
  - name: create_project
    type: exec
    query: CREATE TABLE project (id INTEGER PRIMARY KEY, tenant VARCHAR(20))
  - name: create_task
    type: exec
    query: CREATE TABLE task (project INTEGER, tenant VARCHAR(20), k INTEGER)
  - name: create_item
    type: exec
    query: CREATE TABLE item (n INTEGER, label VARCHAR(10))
  - name: projects
    type: exec
    query: INSERT INTO project VALUES (1, 'acme'), (2, 'globex'), (3, 'initech')
seed:
  - name: populate_customer
    args:
      - gen_batch(customers, batch_size, 'email')
      - "'vip'"
    query: |-
      INSERT INTO customer (email, tag)
      __values__
  - name: populate_item
    args:
      - batch(5)
      - "'x'"
    query: INSERT INTO item (n, label) __values__
  - name: populate_task
    type: exec
    args:
      - ref_each('SELECT id, tenant FROM project ORDER BY id')
      - 7
    query: INSERT INTO task (project, tenant, k) __values__
"#;

/// The same customers as `exec_batch` writes them: the same query name and argument position,
/// so the same stream, so the same emails.
const EXEC_BATCH: &str = r#"up:
  - name: create_customer
    type: exec
    query: CREATE TABLE customer (email VARCHAR(200), tag VARCHAR(10))
seed:
  - name: populate_customer
    type: exec_batch
    count: 1000
    size: 300
    args:
      - gen('email')
      - "'vip'"
    query: INSERT INTO customer (email, tag) __values__
"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn seed(driver: &str, url: &str, cfg: &str) {
    Edg::sync("run").source(driver, url).args(&["--source-config", cfg]).seed(31).ok();
}

const CUSTOMERS: &str = "SELECT email, tag FROM customer ORDER BY email, tag";

fn check_forms(engine: &str, get: impl Fn(&str) -> Vec<Vec<String>>, reference: &[Vec<String>]) {
    let customers = get(CUSTOMERS);
    assert_eq!(customers.len(), 1000, "{engine}: every gen_batch row");
    assert!(customers.iter().all(|r| r[0].contains('@') && r[1] == "vip"), "{engine}: {:?}", &customers[..3]);
    assert_eq!(customers, reference, "{engine}: gen_batch rows are exec_batch's rows");
    assert_eq!(
        get("SELECT n, label FROM item ORDER BY n"),
        (0..5).map(|n| vec![n.to_string(), "x".to_string()]).collect::<Vec<_>>(),
        "{engine}: batch(5) gives five rows"
    );
    assert_eq!(
        get("SELECT project, tenant, k FROM task ORDER BY project"),
        [("1", "acme"), ("2", "globex"), ("3", "initech")]
            .iter()
            .map(|(p, t)| vec![p.to_string(), t.to_string(), "7".to_string()])
            .collect::<Vec<_>>(),
        "{engine}: ref_each splices both columns, the scalar repeats"
    );
}

#[test]
fn values_in_a_plain_query_take_the_rows_of_gen_batch_batch_and_ref_each() {
    let dir = tempfile::tempdir().unwrap();
    let forms = write(dir.path(), "forms.yaml", VALUES_FORMS);
    let reference_cfg = write(dir.path(), "exec_batch.yaml", EXEC_BATCH);
    let reference_db = dir.path().join("ref.db").display().to_string();
    seed("sqlite", &reference_db, &reference_cfg);
    let reference = dump(Driver::Sqlite, &reference_db, CUSTOMERS);
    assert_eq!(reference.len(), 1000);

    let db = dir.path().join("forms.db").display().to_string();
    seed("sqlite", &db, &forms);
    check_forms("sqlite", |sql| dump(Driver::Sqlite, &db, sql), &reference);
    for (db, driver) in [(TempDb::pg(), "pgx"), (TempDb::mysql(), "mysql")] {
        let Some(db) = db else { continue };
        seed(driver, &db.url, &forms);
        check_forms(driver, |sql| db.dump(sql), &reference);
    }
}

/// A million rows from `gen_batch` (issue 31 item 3): the plugin generates a batch at a time, so
/// the default 64 MiB plugin memory is enough in both forms, the `__values__` rows and the Go
/// form that joins each batch's values with the unit separator.
#[test]
fn a_million_row_gen_batch_seeds_under_the_default_plugin_memory() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "million.yaml",
        r#"up:
  - name: create
    type: exec
    query: CREATE TABLE customer (email TEXT)
  - name: create_joined
    type: exec
    query: CREATE TABLE joined (emails TEXT)
seed:
  - name: populate_customer
    args:
      - gen_batch(1000000, 10000, 'email')
    query: INSERT INTO customer (email) __values__
  - name: populate_joined
    args:
      - gen_batch(1000000, 10000, 'email')
    query: INSERT INTO joined (emails) VALUES ('$1')
"#,
    );
    let db = dir.path().join("million.db").display().to_string();
    seed("sqlite", &db, &cfg);
    let count = dump(Driver::Sqlite, &db, "SELECT count(*), count(DISTINCT email) FROM customer");
    assert_eq!(count[0][0], "1000000");
    let distinct: u64 = count[0][1].parse().unwrap();
    assert!(distinct > 500_000, "batches are not repeats: {distinct} distinct emails of a million");
    let joined = dump(Driver::Sqlite, &db, "SELECT emails FROM joined");
    assert_eq!(joined.len(), 100, "one statement per batch of 10,000");
    assert!(joined.iter().all(|r| r[0].split('\u{1f}').count() == 10_000));
}

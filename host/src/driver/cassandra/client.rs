//! The Cassandra/ScyllaDB client (the `cassandra` feature).

use super::cql::{from_cql, to_cql};
use super::url::parse_url;
use crate::driver::{ColumnMeta, DriverError, Rows};
use crate::expr::EValue;
use crate::value::Value;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::statement::batch::{Batch, BatchType};
use scylla::statement::prepared::PreparedStatement;
use scylla::value::{CqlValue, Row};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

pub struct Cassandra {
    session: Session,
    keyspace: Option<String>,
    /// Statements prepared once per text, for bound values.
    prepared: Mutex<HashMap<String, PreparedStatement>>,
}

pub async fn connect(url: &str) -> Result<Cassandra, DriverError> {
    let t = parse_url(url)?;
    let mut b = SessionBuilder::new().known_node(&t.host).connection_timeout(Duration::from_secs(10));
    if let Some((u, p)) = &t.user {
        b = b.user(u, p);
    }
    if let Some(ks) = &t.keyspace {
        b = b.use_keyspace(ks, false);
    }
    if let Some(tls) = &t.tls {
        b = b.tls_context(Some(super::tls::client_config(tls)?));
    }
    let session = b.build().await.map_err(|e| DriverError::engine(e.to_string(), e))?;
    Ok(Cassandra { session, keyspace: t.keyspace, prepared: Mutex::new(HashMap::new()) })
}

/// One UNLOGGED batch holding every statement of an edg batch.
pub fn batch_cql(statements: &[String]) -> String {
    let mut out = String::from("BEGIN UNLOGGED BATCH\n");
    for s in statements {
        out.push_str(s.trim().trim_end_matches(';'));
        out.push_str(";\n");
    }
    out.push_str("APPLY BATCH");
    out
}

impl Cassandra {
    async fn prepare(&self, cql: &str) -> Result<PreparedStatement, DriverError> {
        if let Some(p) = self.prepared.lock().unwrap_or_else(|e| e.into_inner()).get(cql) {
            return Ok(p.clone());
        }
        let p = self.session.prepare(cql).await.map_err(|e| DriverError::engine(e.to_string(), e))?;
        self.prepared.lock().unwrap_or_else(|e| e.into_inner()).insert(cql.to_string(), p.clone());
        Ok(p)
    }

    /// Run a statement with `?` markers once per row of bound values, typed by the server's
    /// column specs; several rows go as one UNLOGGED batch.
    pub async fn execute_bound(&self, cql: &str, rows: &[Vec<EValue>]) -> Result<(), DriverError> {
        let prepared = self.prepare(cql).await?;
        let specs = prepared.get_variable_col_specs();
        let typed = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(specs.iter())
                    .map(|(v, spec)| {
                        to_cql(v, spec.typ()).map_err(|e| DriverError::Query(format!("{}: {e}", spec.name())))
                    })
                    .collect::<Result<Vec<Option<CqlValue>>, DriverError>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        match typed.len() {
            0 => Ok(()),
            1 => {
                self.session
                    .execute_unpaged(&prepared, &typed[0])
                    .await
                    .map_err(|e| DriverError::engine(e.to_string(), e))?;
                Ok(())
            }
            n => {
                let mut batch = Batch::new(BatchType::Unlogged);
                for _ in 0..n {
                    batch.append_statement(prepared.clone());
                }
                self.session.batch(&batch, &typed).await.map_err(|e| DriverError::engine(e.to_string(), e))?;
                Ok(())
            }
        }
    }

    pub async fn execute(&self, cql: &str) -> Result<(), DriverError> {
        self.session.query_unpaged(cql, ()).await.map_err(|e| DriverError::engine(e.to_string(), e))?;
        Ok(())
    }

    pub async fn execute_batch(&self, statements: &[String]) -> Result<(), DriverError> {
        match statements {
            [] => Ok(()),
            [one] => self.execute(one).await,
            many => self.execute(&batch_cql(many)).await,
        }
    }

    /// Every row of a query, read page by page.
    pub async fn query(&self, cql: &str) -> Result<Rows, DriverError> {
        use futures_util::StreamExt;
        let pager = self.session.query_iter(cql, ()).await.map_err(|e| DriverError::engine(e.to_string(), e))?;
        let columns: Vec<ColumnMeta> = pager
            .column_specs()
            .iter()
            .map(|c| ColumnMeta { name: c.name().to_string(), db_type: format!("{:?}", c.typ()).to_ascii_uppercase() })
            .collect();
        let mut stream = pager.rows_stream::<Row>().map_err(|e| DriverError::engine(e.to_string(), e))?;
        let mut rows = Vec::new();
        while let Some(r) = stream.next().await {
            let r = r.map_err(|e| DriverError::engine(e.to_string(), e))?;
            rows.push(r.columns.iter().map(|c| from_cql(c.as_ref())).collect());
        }
        Ok(Rows { columns, rows })
    }

    fn keyspace(&self) -> Result<&str, DriverError> {
        self.keyspace.as_deref().ok_or_else(|| {
            DriverError::Query("give the keyspace in the URL (cassandra://host:9042/keyspace) to verify".into())
        })
    }

    pub async fn tables(&self) -> Result<Vec<String>, DriverError> {
        let ks = self.keyspace()?;
        let rows = self
            .query(&format!("SELECT table_name FROM system_schema.tables WHERE keyspace_name = {}", quote(ks)))
            .await?;
        let mut names: Vec<String> = rows.rows.iter().map(|r| r[0].to_string()).collect();
        names.sort();
        Ok(names)
    }

    /// (column, CQL type) in schema order, and the primary key: partition then clustering columns.
    pub async fn describe(&self, table: &str) -> Result<(Vec<(String, String)>, Vec<String>), DriverError> {
        let ks = self.keyspace()?;
        let rows = self
            .query(&format!(
                "SELECT column_name, type, kind, position FROM system_schema.columns WHERE keyspace_name = {} AND table_name = {}",
                quote(ks),
                quote(table)
            ))
            .await?;
        let mut cols: Vec<(String, String, String, i64)> = rows
            .rows
            .iter()
            .map(|r| {
                let pos = match r[3] {
                    Value::Int(p) => p,
                    _ => -1,
                };
                (r[0].to_string(), r[1].to_string().to_ascii_uppercase(), r[2].to_string(), pos)
            })
            .collect();
        let rank = |kind: &str| match kind {
            "partition_key" => 0,
            "clustering" => 1,
            _ => 2,
        };
        cols.sort_by(|a, b| rank(&a.2).cmp(&rank(&b.2)).then(a.3.cmp(&b.3)).then(a.0.cmp(&b.0)));
        let key = cols.iter().filter(|c| rank(&c.2) < 2).map(|c| c.0.clone()).collect();
        Ok((cols.into_iter().map(|c| (c.0, c.1)).collect(), key))
    }

    /// The whole table, sorted on the key by the host (Cassandra returns token order).
    pub async fn scan_sorted(&self, table: &str, columns: &[String], key_len: usize) -> Result<Rows, DriverError> {
        let cols: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        let mut rows =
            self.query(&format!("SELECT {} FROM \"{}\"", cols.join(", "), table.replace('"', "\"\""))).await?;
        rows.rows.sort_by(|a, b| crate::key::cmp_key(&a[..key_len], &b[..key_len]));
        Ok(rows)
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches() {
        assert_eq!(
            batch_cql(&["INSERT INTO t (a) VALUES (1);".into(), "INSERT INTO t (a) VALUES (2)".into()]),
            "BEGIN UNLOGGED BATCH\nINSERT INTO t (a) VALUES (1);\nINSERT INTO t (a) VALUES (2);\nAPPLY BATCH"
        );
    }
}

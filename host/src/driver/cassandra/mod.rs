//! Cassandra and ScyllaDB over CQL. `exec` and `exec_batch` statements are prepared and their
//! values bound, typed by the column specs the server returns; an `exec_batch` batch is one
//! UNLOGGED batch. Other statements (schema, `query`) run with CQL literals. Verify reads a table
//! with server-side paging and sorts it by the key on the client: memory is O(rows).
//!
//! The client and its CQL values are the `cassandra` cargo feature (on by default); the URL
//! parser and the dialect are always built.

#[cfg(feature = "cassandra")]
mod client;
#[cfg(feature = "cassandra")]
mod cql;
#[cfg(feature = "cassandra")]
mod tls;
mod url;

#[cfg(feature = "cassandra")]
pub use client::*;
#[cfg(feature = "cassandra")]
pub use cql::{from_cql, to_cql};
pub use url::{Target, Tls, TlsMode, parse_url};

/// CQL: SQL-like statements, values bound by the server's column types.
pub struct CassandraDialect;

/// Who this engine is: names, schemes, family.
static CASSANDRA: crate::driver::dialect::Identity = crate::driver::dialect::Identity {
    family: "cassandra",
    names: &["cassandra", "scylla", "scylladb"],
    schemes: &["cassandra", "scylla", "scylladb"],
    scheme_required: false,
    url_form: "a cassandra://user:pass@host:9042/keyspace URL",
};

impl crate::driver::dialect::Dialect for CassandraDialect {
    fn identity(&self) -> &'static crate::driver::dialect::Identity {
        &CASSANDRA
    }
    fn batch_write(&self) -> crate::driver::dialect::BatchWrite {
        crate::driver::dialect::BatchWrite::BoundCql
    }
}

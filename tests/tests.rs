//! One integration-test binary (one link step): every test runs the real `edg` binary against
//! real databases (SQLite files; PostgreSQL and MariaDB when EDG_TEST_PG_URL / EDG_TEST_MYSQL_URL
//! are set) and real wasm components built from plugins/.

mod badinput;
mod bulk;
#[cfg(feature = "cassandra")]
mod cassandra;
mod cdc;
mod cdc_load;
mod cli;
mod dual;
mod engines;
mod examples;
mod faults;
mod features;
mod functions;
mod fuzz_corpus;
mod hostile;
mod interrupt;
mod keys;
#[cfg(feature = "mongodb")]
mod mongo;
mod partition;
mod patterns;
mod plugins;
mod rechecks;
mod scaleout;
mod secrets;
mod support;
mod sync_sqlite;
mod tls;
mod values;
mod verify;
mod workload;

//! Real replication pipelines for the CDC tests, built from private servers: PostgreSQL logical
//! replication (publication → subscription) and a MariaDB binlog replica. Every CDC test goes
//! through `Pipeline`; dropping one stops its servers (by PID) and removes their data.

use crate::support::servers::{PrivateMariaDb, PrivatePg};
use crate::support::util::{edg, example, exec};
use edg::driver::Driver;
use std::time::{Duration, Instant};

/// A source whose rows some replication carries to a target, which the test can pause.
pub trait Pipeline {
    /// What the pipeline is, for messages.
    fn name(&self) -> &'static str;
    /// The `--source-driver`/`--target-driver` value.
    fn driver_flag(&self) -> &'static str;
    fn driver(&self) -> Driver;
    fn source_url(&self) -> String;
    fn target_url(&self) -> String;
    /// The example config the source is seeded from.
    fn config(&self) -> String;
    /// Stop carrying rows; returns once nothing more is applied.
    fn pause(&self);
    fn resume(&self);
}

/// Two PostgreSQL 15 clusters: the source with `wal_level = logical` and a publication of
/// every table, the target subscribed to it.
pub struct PgLogical {
    source: PrivatePg,
    target: PrivatePg,
    config: String,
}

impl PgLogical {
    pub fn start() -> Option<PgLogical> {
        PgLogical::start_with(&example("sync/postgres.yaml"), "CREATE PUBLICATION edg_pub FOR ALL TABLES")
    }

    /// The schema of `config` on both clusters, and `publication` (which must create
    /// `edg_pub`) on the source.
    pub fn start_with(config: &str, publication: &str) -> Option<PgLogical> {
        let source = PrivatePg::start(&["wal_level=logical", "max_wal_senders=10", "max_replication_slots=10"])?;
        let target = PrivatePg::start(&[])?;
        let p = PgLogical { source, target, config: config.to_string() };
        // Logical replication carries rows, not DDL: the schema goes on both sides first.
        for url in [p.source_url(), p.target_url()] {
            let out = edg(&["up", "--driver", "pgx", "--url", &url, "--config", &p.config()]);
            assert_eq!(out.code, 0, "edg up: {}", out.all());
        }
        exec(Driver::Postgres, &p.source_url(), publication);
        exec(
            Driver::Postgres,
            &p.target_url(),
            &format!(
                "CREATE SUBSCRIPTION edg_sub CONNECTION 'host=127.0.0.1 port={} dbname=test user=postgres' PUBLICATION edg_pub",
                p.source.port
            ),
        );
        Some(p)
    }

    fn apply_worker_running(&self) -> bool {
        let rows = crate::support::util::dump(
            Driver::Postgres,
            &self.target_url(),
            "SELECT count(*) FROM pg_stat_subscription WHERE subname = 'edg_sub' AND pid IS NOT NULL",
        );
        rows[0][0] != "0"
    }
}

impl Pipeline for PgLogical {
    fn name(&self) -> &'static str {
        "PostgreSQL logical replication"
    }
    fn driver_flag(&self) -> &'static str {
        "pgx"
    }
    fn driver(&self) -> Driver {
        Driver::Postgres
    }
    fn source_url(&self) -> String {
        self.source.url("test")
    }
    fn target_url(&self) -> String {
        self.target.url("test")
    }
    fn config(&self) -> String {
        self.config.clone()
    }
    fn pause(&self) {
        exec(Driver::Postgres, &self.target_url(), "ALTER SUBSCRIPTION edg_sub DISABLE");
        // DISABLE only asks the apply worker to stop; wait until it has.
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.apply_worker_running() {
            assert!(Instant::now() < deadline, "the subscription's apply worker did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    fn resume(&self) {
        exec(Driver::Postgres, &self.target_url(), "ALTER SUBSCRIPTION edg_sub ENABLE");
    }
}

/// A MariaDB primary (binary log, row format) and a replica reading it.
pub struct MariaDbReplica {
    primary: PrivateMariaDb,
    replica: PrivateMariaDb,
    config: String,
}

impl MariaDbReplica {
    pub fn start() -> Option<MariaDbReplica> {
        MariaDbReplica::start_with(&example("sync/mysql.yaml"))
    }

    /// A primary and its replica for `config` (the binlog carries its DDL too).
    pub fn start_with(config: &str) -> Option<MariaDbReplica> {
        let primary = PrivateMariaDb::start(&["--log-bin=primary-bin", "--server-id=1", "--binlog-format=ROW"])?;
        let replica = PrivateMariaDb::start(&["--server-id=2", "--relay-log=replica-relay"])?;
        let p = MariaDbReplica { primary, replica, config: config.to_string() };
        exec(
            Driver::MySql,
            &p.target_url(),
            &format!(
                "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=no",
                p.primary.port
            ),
        );
        p.resume();
        Some(p)
    }
}

impl Pipeline for MariaDbReplica {
    fn name(&self) -> &'static str {
        "MariaDB binlog replica"
    }
    fn driver_flag(&self) -> &'static str {
        "mysql"
    }
    fn driver(&self) -> Driver {
        Driver::MySql
    }
    fn source_url(&self) -> String {
        self.primary.url("test")
    }
    fn target_url(&self) -> String {
        self.replica.url("test")
    }
    fn config(&self) -> String {
        self.config.clone()
    }
    /// STOP SLAVE returns once the replication threads have stopped.
    fn pause(&self) {
        exec(Driver::MySql, &self.target_url(), "STOP SLAVE");
    }
    fn resume(&self) {
        exec(Driver::MySql, &self.target_url(), "START SLAVE");
    }
}

impl MariaDbReplica {
    /// Wait until the replica has applied everything the primary has written.
    pub fn caught_up(&self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let gtid = |url: &str, var: &str| {
                crate::support::util::dump(Driver::MySql, url, &format!("SELECT @@GLOBAL.{var}"))[0][0].clone()
            };
            let (written, applied) =
                (gtid(&self.source_url(), "gtid_binlog_pos"), gtid(&self.target_url(), "gtid_slave_pos"));
            if written == applied {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the replica did not catch up: primary at {written}, replica at {applied}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The replica skips the next transaction the primary writes, as `sql_slave_skip_counter`
    /// does after an error an operator chose to step over.
    pub fn skip_next_transaction(&self) {
        self.caught_up();
        exec(Driver::MySql, &self.target_url(), "STOP SLAVE");
        exec(Driver::MySql, &self.target_url(), "SET GLOBAL sql_slave_skip_counter = 1");
    }
}

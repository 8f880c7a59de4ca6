//! `prepared: true`: a worker prepares an item's statement on its own connection the first time
//! the item runs, and every run after executes it with that run's arguments (the Go edg's
//! per-worker statement cache). Engines without server-side statements run the statement as
//! usual (see `Dialect::statements`).

use crate::driver::dialect::ServerStatements;
use crate::driver::{Driver, Prepared, literal};
use crate::expr::EValue;
use crate::render::RenderError;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A statement on the server: its name and how it was prepared.
pub struct Statement {
    pub name: String,
    pub prepared: Prepared,
    engine: &'static dyn ServerStatements,
}

/// One worker's prepared statements, by the item's query id.
pub struct Statements {
    /// Unique per worker session, so sessions sharing a connection (stages, background
    /// workers) never collide on a name.
    serial: usize,
    made: HashMap<usize, Arc<Statement>>,
}

impl Default for Statements {
    fn default() -> Self {
        static SERIAL: AtomicUsize = AtomicUsize::new(0);
        Statements { serial: SERIAL.fetch_add(1, Ordering::Relaxed), made: HashMap::new() }
    }
}

impl Statements {
    /// Query `id`'s statement, once prepared.
    pub fn get(&self, id: usize) -> Option<Arc<Statement>> {
        self.made.get(&id).cloned()
    }

    /// Query `id`'s statement to prepare (run its `prepared.prepare`, then `keep` it); None on
    /// an engine without server-side statements.
    pub fn make(
        &self,
        driver: Driver,
        id: usize,
        sql: &str,
        args: usize,
        backslash: bool,
    ) -> Option<Result<Statement, RenderError>> {
        let name = format!("edg_{}_{id}", self.serial);
        let engine = driver.dialect().statements()?;
        Some(engine.prepare(&name, sql, args, backslash).map(|prepared| Statement { name, prepared, engine }))
    }

    pub fn keep(&mut self, id: usize, s: Statement) -> Arc<Statement> {
        let s = Arc::new(s);
        self.made.insert(id, s.clone());
        s
    }
}

impl Statement {
    /// The SQL that executes it with `args`.
    pub fn execute(&self, args: &[EValue], driver: Driver, backslash: bool) -> Result<String, RenderError> {
        let literals = self
            .prepared
            .params
            .iter()
            .map(|&k| {
                let v = args.get(k).ok_or(RenderError::Placeholder { placeholder: k + 1, arguments: args.len() })?;
                Ok(literal(v, driver, backslash)?)
            })
            .collect::<Result<Vec<_>, RenderError>>()?;
        Ok(self.engine.execute(&self.name, &literals))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_worker_names_its_own_statements() {
        let (a, b) = (Statements::default(), Statements::default());
        let sql = "SELECT v FROM t WHERE id = $1";
        let sa = a.make(Driver::Postgres, 3, sql, 1, false).unwrap().unwrap();
        let sb = b.make(Driver::Postgres, 3, sql, 1, false).unwrap().unwrap();
        assert_ne!(sa.name, sb.name);
        assert_eq!(
            sa.execute(&[EValue::Integer(9)], Driver::Postgres, false).unwrap(),
            format!("EXECUTE {}(9)", sa.name)
        );
        let quoted = sa.execute(&[EValue::String("O'Brien".into())], Driver::Postgres, false).unwrap();
        assert_eq!(quoted, format!("EXECUTE {}('O''Brien')", sa.name));
        assert!(a.make(Driver::Sqlite, 3, sql, 1, false).is_none(), "SQLite has no server to prepare on");
        assert!(a.make(Driver::MongoDb, 3, sql, 1, false).is_none());
    }
}

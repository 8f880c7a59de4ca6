//! `prepared: true` on MySQL and MariaDB: `PREPARE name FROM '…'` once per connection, then
//! the arguments as session variables and `EXECUTE name USING @…` in one round trip (MySQL 8
//! takes only variables after `USING`). `$N` placeholders become `?` markers, as the Go edg
//! translates them when it prepares.

use crate::driver::dialect::ServerStatements;
use crate::driver::{Driver, Prepared, literal};
use crate::expr::EValue;
use crate::render::{RenderError, bind_markers};

pub struct Statements;

impl ServerStatements for Statements {
    fn prepare(&self, name: &str, sql: &str, args: usize, backslash: bool) -> Result<Prepared, RenderError> {
        let (marked, params) = bind_markers(sql, args)?;
        let text = literal(&EValue::String(super::cte::insert_first(&marked).into_owned()), Driver::MySql, backslash)?;
        Ok(Prepared { prepare: format!("PREPARE {name} FROM {text}"), params })
    }

    fn execute(&self, name: &str, literals: &[String]) -> String {
        if literals.is_empty() {
            return format!("EXECUTE {name}");
        }
        let vars: Vec<String> = (1..=literals.len()).map(|i| format!("@{name}_{i}")).collect();
        let sets: Vec<String> = vars.iter().zip(literals).map(|(v, l)| format!("{v} = {l}")).collect();
        format!("SET {}; EXECUTE {name} USING {}", sets.join(", "), vars.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepare(name: &str, sql: &str, args: usize, backslash: bool) -> Result<Prepared, RenderError> {
        Statements.prepare(name, sql, args, backslash)
    }

    fn execute(name: &str, literals: &[String]) -> String {
        Statements.execute(name, literals)
    }

    #[test]
    fn placeholders_become_markers_and_arguments_variables() {
        let p = prepare("edg_1_2", "UPDATE t SET v = '$2' WHERE id = $1", 2, true).unwrap();
        assert_eq!(p.prepare, "PREPARE edg_1_2 FROM 'UPDATE t SET v = ? WHERE id = ?'");
        assert_eq!(p.params, vec![1, 0]);
        let q = prepare("s", "SELECT * FROM t WHERE a = ? AND b = 'it''s'", 1, true).unwrap();
        assert_eq!(q.prepare, "PREPARE s FROM 'SELECT * FROM t WHERE a = ? AND b = ''it''''s'''");
        assert_eq!(
            execute("edg_1_2", &["'x'".into(), "7".into()]),
            "SET @edg_1_2_1 = 'x', @edg_1_2_2 = 7; EXECUTE edg_1_2 USING @edg_1_2_1, @edg_1_2_2"
        );
        assert_eq!(execute("s", &[]), "EXECUTE s");
        assert!(prepare("s", "SELECT ? + ?", 1, true).is_err());
    }
}

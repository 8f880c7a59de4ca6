//! `prepared: true` on PostgreSQL: `PREPARE name AS …` once per connection, then
//! `EXECUTE name(…)` with the arguments as literals. The server parses and plans the statement
//! once and infers each `$N`'s type from where it stands, so a quoted literal becomes that type,
//! as a value bound by the Go edg's pgx does.

use crate::driver::Prepared;
use crate::driver::dialect::ServerStatements;
use crate::render::{RenderError, highest_placeholder};

pub struct Statements;

impl ServerStatements for Statements {
    fn prepare(&self, name: &str, sql: &str, args: usize, _backslash: bool) -> Result<Prepared, RenderError> {
        let params = highest_placeholder(sql, args)?;
        Ok(Prepared { prepare: format!("PREPARE {name} AS {sql}"), params: (0..params).collect() })
    }

    fn execute(&self, name: &str, literals: &[String]) -> String {
        if literals.is_empty() { format!("EXECUTE {name}") } else { format!("EXECUTE {name}({})", literals.join(", ")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepare(name: &str, sql: &str, args: usize) -> Result<Prepared, RenderError> {
        Statements.prepare(name, sql, args, false)
    }

    fn execute(name: &str, literals: &[String]) -> String {
        Statements.execute(name, literals)
    }

    #[test]
    fn statements_take_their_placeholders_arguments() {
        let p = prepare("edg_1_2", "UPDATE t SET v = $2 WHERE id = $1", 2).unwrap();
        assert_eq!(p.prepare, "PREPARE edg_1_2 AS UPDATE t SET v = $2 WHERE id = $1");
        assert_eq!(p.params, vec![0, 1]);
        assert_eq!(execute("edg_1_2", &["7".into(), "'x'".into()]), "EXECUTE edg_1_2(7, 'x')");
        assert_eq!(prepare("s", "SELECT 1", 0).unwrap().params, Vec::<usize>::new());
        assert_eq!(execute("s", &[]), "EXECUTE s");
        assert!(matches!(prepare("s", "SELECT $3", 2), Err(RenderError::Placeholder { placeholder: 3, arguments: 2 })));
    }
}

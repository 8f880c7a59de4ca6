//! `--column-rule` and config `verify:` rules: which normalizer rule applies to which column.

use super::VerifyError;

pub(super) struct Rules(pub(super) Vec<(Option<String>, String, String)>);

impl Rules {
    pub(super) fn parse(specs: &[String]) -> Result<Self, VerifyError> {
        let mut out = Vec::new();
        for s in specs {
            let (col, rule) = s.split_once('=').ok_or_else(|| {
                VerifyError::Usage(format!("--column-rule {s:?}: expected COLUMN=RULE or TABLE.COLUMN=RULE"))
            })?;
            let (table, column) = match col.split_once('.') {
                Some((t, c)) => (Some(t.trim().to_string()), c.trim().to_string()),
                None => (None, col.trim().to_string()),
            };
            out.push((table, column, rule.trim().to_string()));
        }
        Ok(Rules(out))
    }

    pub(super) fn for_column(&self, table: &str, column: &str) -> Option<String> {
        let hit = |t: &Option<String>| t.as_deref().is_none_or(|t| t.eq_ignore_ascii_case(table));
        self.0.iter().rev().find(|(t, c, _)| hit(t) && c.eq_ignore_ascii_case(column)).map(|(_, _, r)| r.clone())
    }
}

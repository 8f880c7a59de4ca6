//! `WITH cte AS (…) INSERT INTO t (…) SELECT … FROM cte`, as the Go edg's MySQL configs write
//! their seeds, is refused by MariaDB (and by MySQL, which takes the CTE after the INSERT
//! clause only): both run `INSERT INTO t (…) WITH cte AS (…) SELECT …`, the same statement.
//! The rewrite moves the INSERT clause in front; anything else passes unchanged.

use std::borrow::Cow;

/// `sql` with a leading CTE list moved behind its INSERT clause; unchanged unless it is
/// `WITH … INSERT … SELECT …` at the top level.
pub fn insert_first(sql: &str) -> Cow<'_, str> {
    let head = sql.trim_start();
    if !head.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("WITH")) {
        return Cow::Borrowed(sql);
    }
    let words = top_level_words(sql);
    let Some(insert) = words.iter().position(|(_, w)| w.eq_ignore_ascii_case("INSERT")) else {
        return Cow::Borrowed(sql);
    };
    let Some(select) = words[insert..].iter().find(|(_, w)| w.eq_ignore_ascii_case("SELECT")) else {
        return Cow::Borrowed(sql);
    };
    let (at_insert, at_select) = (words[insert].0, select.0);
    let lead = sql.len() - head.len();
    Cow::Owned(format!(
        "{}{} {}{}",
        &sql[..lead],
        sql[at_insert..at_select].trim_end(),
        sql[lead..at_insert].trim_end(),
        format_args!("\n{}", &sql[at_select..])
    ))
}

/// Every word outside parentheses, quotes and comments, with its byte offset.
fn top_level_words(sql: &str) -> Vec<(usize, &str)> {
    let b = sql.as_bytes();
    let (mut out, mut depth, mut i) = (Vec::new(), 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'\'' | b'"' | b'`' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => i = sql[i..].find('\n').map_or(b.len(), |n| i + n),
            b'/' if b.get(i + 1) == Some(&b'*') => i = sql[i + 2..].find("*/").map_or(b.len(), |n| i + n + 4),
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                if depth == 0 {
                    out.push((start, &sql[start..i]));
                }
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::insert_first;

    #[test]
    fn a_leading_cte_moves_behind_the_insert_clause() {
        let go = "WITH RECURSIVE seq AS (\n  SELECT 1 AS s\n  UNION ALL\n  SELECT s + 1 FROM seq WHERE s < 100\n)\nINSERT INTO kv (k, v)\nSELECT s, RANDOM_BYTES(8)\nFROM seq";
        assert_eq!(
            insert_first(go),
            "INSERT INTO kv (k, v) WITH RECURSIVE seq AS (\n  SELECT 1 AS s\n  UNION ALL\n  SELECT s + 1 FROM seq WHERE s < 100\n)\nSELECT s, RANDOM_BYTES(8)\nFROM seq"
        );
        // Two CTEs, a comment and a string holding the words.
        let two = "with a as (select 1 x), b as (select 'insert select' y) -- insert\ninsert into t (x, y) select x, y from a, b";
        assert_eq!(
            insert_first(two),
            "insert into t (x, y) with a as (select 1 x), b as (select 'insert select' y) -- insert\nselect x, y from a, b"
        );
    }

    #[test]
    fn other_statements_pass_unchanged() {
        for sql in [
            "INSERT INTO t WITH c AS (SELECT 1) SELECT * FROM c",
            "WITH c AS (SELECT 1) SELECT * FROM c",
            "SELECT 1",
            "WITH c AS (SELECT 1) UPDATE t SET x = 1",
            "",
            "  with",
        ] {
            assert_eq!(insert_first(sql), sql);
        }
    }
}

//! Turning a config statement and its evaluated arguments into SQL text.

use crate::driver::{Driver, LiteralError, literal};
use crate::expr::EValue;

/// Why a statement could not be written out.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("placeholder ${placeholder} but the query has {arguments} argument(s)")]
    Placeholder { placeholder: usize, arguments: usize },
    #[error("placeholder out of range")]
    OutOfRange,
    #[error("the statement has {markers} ? marker(s) but the query has {arguments} argument(s)")]
    Markers { markers: usize, arguments: usize },
    #[error(transparent)]
    Literal(#[from] LiteralError),
}

/// Replace `$N`, `'$N'` and `"$N"` with the literal of argument N in one pass, so a generated
/// value that happens to contain `$2` is never substituted again (the Go original's bug).
pub fn substitute(sql: &str, args: &[EValue], driver: Driver, backslash: bool) -> Result<String, RenderError> {
    replace_placeholders(sql, |n| {
        let v = n
            .checked_sub(1)
            .and_then(|k| args.get(k))
            .ok_or(RenderError::Placeholder { placeholder: n, arguments: args.len() })?;
        Ok(literal(v, driver, backslash)?)
    })
}

/// A statement with its arguments written in: `$N` placeholders (see `substitute`), or, on
/// engines whose drivers bind `?` (MySQL, SQLite), `?` markers in order, as the Go edg's configs
/// for those engines write them (`WHERE id = ?`).
pub fn statement(sql: &str, args: &[EValue], driver: Driver, backslash: bool) -> Result<String, RenderError> {
    if driver.dialect().question_marks() && !has_placeholders(sql) && markers(sql).next().is_some() {
        return substitute_markers(sql, args, driver, backslash);
    }
    substitute(sql, args, driver, backslash)
}

/// Whether `sql` has a `$N` placeholder.
fn has_placeholders(sql: &str) -> bool {
    let b = sql.as_bytes();
    b.windows(2).any(|w| w[0] == b'$' && w[1].is_ascii_digit())
}

/// The byte offsets of the `?` markers of `sql`: not inside a quoted string or identifier
/// (`'…'`, `"…"`, `` `…` ``, with doubled quotes and backslash escapes) or a comment (`--`, `#`,
/// `/* */`).
fn markers(sql: &str) -> impl Iterator<Item = usize> + '_ {
    let b = sql.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let c = b[i];
            match c {
                b'\'' | b'"' | b'`' => {
                    i += 1;
                    while i < b.len() {
                        if b[i] == b'\\' && c != b'`' {
                            i += 2;
                            continue;
                        }
                        if b[i] == c {
                            if b.get(i + 1) == Some(&c) {
                                i += 2;
                                continue;
                            }
                            break;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                b'-' if b.get(i + 1) == Some(&b'-') => i = line_end(b, i),
                b'#' => i = line_end(b, i),
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i = sql[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                }
                b'?' => {
                    i += 1;
                    return Some(i - 1);
                }
                _ => i += 1,
            }
        }
        None
    })
}

fn line_end(b: &[u8], from: usize) -> usize {
    b[from..].iter().position(|c| *c == b'\n').map_or(b.len(), |e| from + e)
}

/// `?` markers replaced in order by the literals of `args`; as many markers as arguments.
pub fn substitute_markers(sql: &str, args: &[EValue], driver: Driver, backslash: bool) -> Result<String, RenderError> {
    let at: Vec<usize> = markers(sql).collect();
    if at.len() != args.len() {
        return Err(RenderError::Markers { markers: at.len(), arguments: args.len() });
    }
    let mut out = String::with_capacity(sql.len() + 16 * args.len());
    let mut last = 0;
    for (pos, v) in at.iter().zip(args) {
        out.push_str(&sql[last..*pos]);
        out.push_str(&literal(v, driver, backslash)?);
        last = pos + 1;
    }
    out.push_str(&sql[last..]);
    Ok(out)
}

/// `$N` placeholders (quoted or not) as `?` bind markers, with the 0-based argument behind each
/// marker in order of appearance; a statement that already has `?` markers (a Go config for
/// Cassandra) keeps them, bound in order.
pub fn bind_markers(sql: &str, arg_count: usize) -> Result<(String, Vec<usize>), RenderError> {
    if !has_placeholders(sql) && markers(sql).next().is_some() {
        let n = markers(sql).count();
        if n != arg_count {
            return Err(RenderError::Markers { markers: n, arguments: arg_count });
        }
        return Ok((sql.to_string(), (0..n).collect()));
    }
    let mut order = Vec::new();
    let out = replace_placeholders(sql, |n| {
        if n == 0 || n > arg_count {
            return Err(RenderError::Placeholder { placeholder: n, arguments: arg_count });
        }
        order.push(n - 1);
        Ok("?".into())
    })?;
    Ok((out, order))
}

/// The highest `$N` of `sql` (0 without any): a statement prepared with `$N` parameters takes
/// arguments 1 to N; one past the arguments there are is the usual error.
pub fn highest_placeholder(sql: &str, arg_count: usize) -> Result<usize, RenderError> {
    let mut highest = 0;
    replace_placeholders(sql, |n| {
        if n > arg_count {
            return Err(RenderError::Placeholder { placeholder: n, arguments: arg_count });
        }
        highest = highest.max(n);
        Ok(String::new())
    })?;
    Ok(highest)
}

fn replace_placeholders(
    sql: &str,
    mut with: impl FnMut(usize) -> Result<String, RenderError>,
) -> Result<String, RenderError> {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 64);
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        let quoted = (b[i] == b'\'' || b[i] == b'"') && b.get(i + 1) == Some(&b'$');
        let start = if quoted { i + 1 } else { i };
        if b[start] == b'$' && b.get(start + 1).is_some_and(u8::is_ascii_digit) {
            let mut end = start + 1;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            let closes = quoted && b.get(end) == Some(&b[i]);
            if !quoted || closes {
                let n: usize = sql[start + 1..end].parse().map_err(|_| RenderError::OutOfRange)?;
                out.push_str(&sql[last..i]);
                out.push_str(&with(n)?);
                i = if closes { end + 1 } else { end };
                last = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&sql[last..]);
    Ok(out)
}

/// The driver's expression for the ASCII unit separator, for `__sep__`.
pub fn separator(driver: Driver) -> &'static str {
    driver.dialect().separator()
}

/// `VALUES (..), (..)` for a batch of rows.
pub fn values_clause(rows: &[Vec<EValue>], driver: Driver, backslash: bool) -> Result<String, RenderError> {
    let mut out = String::with_capacity(rows.len() * 64);
    out.push_str("VALUES ");
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for (c, v) in row.iter().enumerate() {
            if c > 0 {
                out.push_str(", ");
            }
            out.push_str(&literal(v, driver, backslash)?);
        }
        out.push(')');
    }
    Ok(out)
}

/// For `INSERT INTO t (a, b) __values__` and nothing else: `t (a, b)`, the target of an
/// equivalent `COPY ... FROM STDIN` (PostgreSQL's bulk path, several times faster than INSERT).
pub fn copy_target(sql: &str) -> Option<String> {
    let t = sql.trim().trim_end_matches(';').trim_end();
    let rest = t.strip_suffix("__values__")?.trim_end();
    let upper = rest.to_ascii_uppercase();
    let body = rest[upper.find("INSERT")?..].trim_start();
    if !upper.trim_start().starts_with("INSERT") {
        return None;
    }
    let after_insert = body[6..].trim_start();
    if !after_insert.to_ascii_uppercase().starts_with("INTO") {
        return None;
    }
    let target = after_insert[4..].trim();
    let open = target.find('(')?;
    // A plain table name (optionally schema-qualified or quoted) and a column list ending the text.
    let name = target[..open].trim();
    let ok_name = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '"' | '`'));
    (ok_name && target.ends_with(')') && target[open..].matches('(').count() == 1).then(|| target.to_string())
}

/// The table `INSERT INTO t ...` writes to, unquoted (schema kept), for the run manifest.
pub fn insert_table(sql: &str) -> Option<String> {
    let upper = sql.to_ascii_uppercase();
    let at = upper.find("INSERT INTO")? + "INSERT INTO".len();
    let rest = sql[at..].trim_start();
    let end = rest.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(rest.len());
    let name = rest[..end].replace(['"', '`', '[', ']'], "");
    (!name.is_empty()).then_some(name)
}

/// Column names of `INSERT INTO t (a, b, c) ...`, for datasets captured from seeded rows.
pub fn insert_columns(sql: &str) -> Option<Vec<String>> {
    let upper = sql.to_ascii_uppercase();
    let at = upper.find("INSERT INTO")?;
    let open = at + sql[at..].find('(')?;
    let before_values = upper[at..open].contains("VALUES") || upper[at..open].contains("SELECT");
    if before_values {
        return None;
    }
    let close = open + sql[open..].find(')')?;
    Some(
        sql[open + 1..close]
            .split(',')
            .map(|c| c.trim().trim_matches(['"', '`', '[', ']']).to_ascii_lowercase())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_table_names_the_written_table() {
        assert_eq!(insert_table("INSERT INTO users (id) __values__").as_deref(), Some("users"));
        assert_eq!(insert_table("insert into \"s\".\"t\"(a) VALUES (1)").as_deref(), Some("s.t"));
        assert_eq!(insert_table("UPDATE t SET a = 1"), None);
    }

    fn pg() -> Driver {
        "pgx".parse().expect("driver")
    }

    #[test]
    fn substitutes_in_one_pass() {
        let args = [EValue::String("$2".into()), EValue::Integer(7)];
        let sql = substitute("INSERT INTO t VALUES ($1, '$2', $1)", &args, pg(), false).unwrap();
        assert_eq!(sql, "INSERT INTO t VALUES ('$2', 7, '$2')");
        assert!(substitute("SELECT $3", &args, pg(), false).is_err());
        assert_eq!(substitute("SELECT $$x$$", &args, pg(), false).unwrap(), "SELECT $$x$$");
    }

    #[test]
    fn bind_markers_keep_argument_order() {
        let (cql, order) = bind_markers("INSERT INTO t (a, b, c) VALUES ($2, '$1', $2)", 2).unwrap();
        assert_eq!(cql, "INSERT INTO t (a, b, c) VALUES (?, ?, ?)");
        assert_eq!(order, vec![1, 0, 1]);
        assert!(bind_markers("SELECT $3", 2).is_err());
    }

    #[test]
    fn copy_only_for_plain_inserts() {
        assert_eq!(copy_target("INSERT INTO orders (id, amount) __values__").as_deref(), Some("orders (id, amount)"));
        assert_eq!(copy_target("insert into s.t (a)\n__values__;").as_deref(), Some("s.t (a)"));
        assert_eq!(copy_target("INSERT INTO t (a) __values__ ON CONFLICT DO NOTHING"), None);
        assert_eq!(copy_target("INSERT INTO t (a) SELECT x FROM __values__"), None);
        assert_eq!(copy_target("WITH x AS (SELECT 1) INSERT INTO t (a) __values__"), None);
    }

    #[test]
    fn finds_insert_columns() {
        assert_eq!(
            insert_columns("INSERT INTO users (name, \"email\") __values__"),
            Some(vec!["name".into(), "email".into()])
        );
        assert_eq!(insert_columns("INSERT INTO users VALUES ($1)"), None);
    }
}

#[cfg(test)]
mod marker_tests {
    use super::*;

    #[test]
    fn question_marks_outside_quotes_and_comments_take_the_arguments_in_order() {
        let args = [EValue::Integer(7), EValue::String("it's".into())];
        let sql = "UPDATE t SET v = ?, note = '?' /* ? */ WHERE id = ? -- ?\n AND `a?` = \"?\"";
        let out = statement(sql, &args, Driver::MySql, true).unwrap();
        assert_eq!(out, "UPDATE t SET v = 7, note = '?' /* ? */ WHERE id = 'it''s' -- ?\n AND `a?` = \"?\"");
        assert!(matches!(
            statement("SELECT ?", &args, Driver::Sqlite, false),
            Err(RenderError::Markers { markers: 1, arguments: 2 })
        ));
        // $N wins where both appear, and PostgreSQL's ? is its JSON operator, never a marker.
        assert_eq!(statement("SELECT $1, '?'", &args[..1], Driver::MySql, true).unwrap(), "SELECT 7, '?'");
        assert_eq!(statement("SELECT doc ? 'k'", &[], Driver::Postgres, false).unwrap(), "SELECT doc ? 'k'");
        assert_eq!(bind_markers("INSERT INTO t (a, b) VALUES (?, ?)", 2).unwrap().1, vec![0, 1]);
    }
}

//! Before any row is read: which tables, which key, which columns, which rules.

use super::cursor::Plan;
use super::report::TableReport;
use super::rules::Rules;
use super::{Options, Side, VerifyError};
use crate::driver::{ColumnInfo, Driver, TableInfo};
use crate::plugin::ColumnSpec;
use tokio::runtime::Handle;
use tracing::info;

/// The tables `--tables` names, without repeats; `None` when the flag was not given.
pub(super) fn named_tables(flag: &[String]) -> Result<Option<Vec<String>>, VerifyError> {
    if flag.is_empty() {
        return Ok(None);
    }
    let mut out: Vec<String> = Vec::new();
    for t in flag.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            out.push(t.to_string());
        }
    }
    if out.is_empty() {
        return Err(VerifyError::Usage(format!(
            "--tables {:?} names no table; list tables (e.g. --tables users,orders) or omit the flag to verify every table on both sides",
            flag.join(",")
        )));
    }
    Ok(Some(out))
}

/// A `--column-rule` that applies to no column of the verified tables is a typo.
pub(super) fn check_rules_used(rules: &Rules, jobs: &[(TableJob, TableReport)]) -> Result<(), VerifyError> {
    for (table, column, rule) in &rules.0 {
        if !column_known(jobs, table.as_deref(), column) {
            let col = table.as_ref().map(|t| format!("{t}.{column}")).unwrap_or_else(|| column.clone());
            return Err(VerifyError::Usage(format!(
                "--column-rule {col}={rule}: no column {col} in the verified tables ({})",
                verified_tables(jobs)
            )));
        }
    }
    Ok(())
}

/// Whether `column` is a column of a verified table (of `table`, when given).
fn column_known(jobs: &[(TableJob, TableReport)], table: Option<&str>, column: &str) -> bool {
    jobs.iter().any(|(job, _)| {
        table.is_none_or(|t| t.eq_ignore_ascii_case(&job.s_plan.table))
            && job.known_columns.iter().any(|c| c.eq_ignore_ascii_case(column))
    })
}

fn verified_tables(jobs: &[(TableJob, TableReport)]) -> String {
    jobs.iter().map(|(j, _)| j.s_plan.table.as_str()).collect::<Vec<_>>().join(", ")
}

/// An `--ignore-columns` name that is no column of the verified tables is a typo: the column
/// meant would be compared after all.
pub(super) fn check_ignored_used(ignored: &[String], jobs: &[(TableJob, TableReport)]) -> Result<(), VerifyError> {
    for name in ignored.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if !column_known(jobs, None, name) {
            let known: Vec<&str> = jobs.iter().flat_map(|(j, _)| j.known_columns.iter().map(String::as_str)).collect();
            let hint = crate::config::closest(name, &known).map(|c| format!("; did you mean {c}?")).unwrap_or_default();
            return Err(VerifyError::Usage(format!(
                "--ignore-columns {name}: no column {name} in the verified tables ({}){hint}",
                verified_tables(jobs)
            )));
        }
    }
    Ok(())
}

/// Whether `name` matches the glob `pattern` (`*` any run, `?` one character), ignoring case
/// as table names are compared.
pub(super) fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) =
        (pattern.to_lowercase().chars().collect(), name.to_lowercase().chars().collect());
    // Iterative wildcard matching with one backtrack point (the last `*`).
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(si) = star {
            i = si + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// The side's tables, listed on first use only.
pub(super) fn side_tables(side: &mut Side, rt: &Handle) -> Result<Vec<String>, VerifyError> {
    if side.tables.is_none() {
        let listed =
            rt.block_on(side.conn().tables()).map_err(|e| VerifyError::Driver { side: side.label, inner: e })?;
        side.tables = Some(listed);
    }
    Ok(side.tables.clone().unwrap_or_default())
}

fn describe(side: &mut Side, table: &str, rt: &Handle) -> Result<TableInfo, VerifyError> {
    let all = side_tables(side, rt)?;
    rt.block_on(side.conn().describe(table, &all))
        .map_err(|e| VerifyError::Driver { side: side.label, inner: e })?
        .ok_or_else(|| VerifyError::Table { table: table.to_string(), message: absent(table, side.label, &all) })
}

/// Why a named table cannot be read: it is not there, with the nearest name or the tables that are.
fn absent(table: &str, side: &str, all: &[String]) -> String {
    const LISTED: usize = 10;
    let names: Vec<&str> = all.iter().map(String::as_str).collect();
    let lower = table.to_ascii_lowercase();
    if let Some(near) = crate::config::closest(&lower, &names).or_else(|| crate::config::closest(table, &names)) {
        return format!("does not exist on the {side}; did you mean {near}?");
    }
    match names.len() {
        0 => format!("does not exist on the {side}, which has no tables (is this the right database?)"),
        n if n <= LISTED => format!("does not exist on the {side}; its tables: {}", names.join(", ")),
        n => format!(
            "does not exist on the {side}; its tables include {} (and {} more)",
            names[..LISTED].join(", "),
            n - LISTED
        ),
    }
}

fn find<'a>(info: &'a TableInfo, name: &str) -> Option<&'a ColumnInfo> {
    info.columns
        .iter()
        .find(|c| c.name == name)
        .or_else(|| info.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)))
}

/// Describe a table on both sides and decide what to compare, before anything is read.
pub(super) fn prepare_table(
    args: &Options,
    rules: &Rules,
    table: &str,
    source: &mut Side,
    target: &mut Side,
    rt: &Handle,
) -> Result<(TableJob, TableReport), VerifyError> {
    let s_info = describe(source, table, rt)?;
    let t_info = describe(target, table, rt)?;
    let terr = |message: String| VerifyError::Table { table: table.to_string(), message };

    let key: Vec<String> = if !args.order_by.is_empty() {
        args.order_by.iter().map(|k| k.trim().to_string()).collect()
    } else if !s_info.primary_key.is_empty() {
        s_info.primary_key.clone()
    } else if !t_info.primary_key.is_empty() {
        t_info.primary_key.clone()
    } else {
        return Err(VerifyError::NoKey(table.to_string()));
    };
    let mut s_cols = Vec::new();
    let mut t_cols = Vec::new();
    let sql = |d: Driver| d.dialect().pages_in_sql();
    // UUIDs sort like their hex text (digits before letters in either case), so they count as text.
    let textish = |d: Driver, ty: &str| d.dialect().is_text(ty) || ty.to_ascii_uppercase().starts_with("UUID");
    for k in &key {
        let s = find(&s_info, k).ok_or_else(|| terr(format!("key column {k} does not exist on the source")))?;
        let t = find(&t_info, k).ok_or_else(|| terr(format!("key column {k} does not exist on the target")))?;
        // A text key sorts "10" before "9"; a numeric one does not: the merge would desynchronise.
        if sql(source.driver)
            && sql(target.driver)
            && textish(source.driver, &s.db_type) != textish(target.driver, &t.db_type)
        {
            return Err(terr(format!(
                "key column {k} is {} on the source but {} on the target; the two sort differently (cast one side or choose another --order-by)",
                if s.db_type.is_empty() { "untyped" } else { &s.db_type },
                if t.db_type.is_empty() { "untyped" } else { &t.db_type }
            )));
        }
        s_cols.push(s.clone());
        t_cols.push(t.clone());
    }
    let ignored = |name: &str| {
        args.ignore_columns.iter().chain(&args.config_ignore_columns).any(|i| i.trim().eq_ignore_ascii_case(name))
    };
    let is_key = |name: &str| key.iter().any(|k| k.eq_ignore_ascii_case(name));
    let mut compared = Vec::new();
    let mut excluded = Vec::new();
    for c in &s_info.columns {
        if is_key(&c.name) || ignored(&c.name) {
            continue;
        }
        match find(&t_info, &c.name) {
            Some(t) => {
                s_cols.push(c.clone());
                t_cols.push(t.clone());
                compared.push(c.name.clone());
            }
            None => excluded.push(format!("{} (source only)", c.name)),
        }
    }
    for c in &t_info.columns {
        if !is_key(&c.name) && !ignored(&c.name) && find(&s_info, &c.name).is_none() {
            excluded.push(format!("{} (target only)", c.name));
        }
    }
    if !excluded.is_empty() {
        info!(table, columns = excluded.join(", "), "columns on one side only are not compared");
    }

    let plan = |side: &Side, info: &TableInfo, cols: Vec<ColumnInfo>| Plan {
        side: side.label,
        driver: side.driver,
        table: info.name.clone(),
        specs: cols
            .iter()
            .map(|c| ColumnSpec {
                driver: side.driver.family().into(),
                table: info.name.clone(),
                name: c.name.clone(),
                db_type: c.db_type.clone(),
                rule: rules.for_column(&info.name, &c.name),
                timestamp_precision: args.timestamp_precision,
            })
            .collect(),
        columns: cols,
        key_len: key.len(),
        range: super::range::KeyRange::all(),
    };
    let s_plan = plan(source, &s_info, s_cols);
    let t_plan = plan(target, &t_info, t_cols);

    let rep = TableReport {
        table: table.to_string(),
        key_columns: key.clone(),
        compared_columns: compared.clone(),
        excluded_columns: excluded,
        ..TableReport::default()
    };
    let known_columns = s_info.columns.iter().chain(&t_info.columns).map(|c| c.name.clone()).collect();
    Ok((TableJob { s_plan, t_plan, columns: compared, known_columns }, rep))
}

/// One table's comparison: what to read on each side and which columns to compare.
pub(super) struct TableJob {
    pub(super) s_plan: Plan,
    pub(super) t_plan: Plan,
    pub(super) columns: Vec<String>,
    /// Every column of the table on either side, for checking `--column-rule` names.
    pub(super) known_columns: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs_match_table_names_ignoring_case() {
        for (p, n, m) in [
            ("tmp_*", "tmp_orders", true),
            ("tmp_*", "orders", false),
            ("*_log", "Audit_Log", true),
            ("t?", "t1", true),
            ("t?", "t12", false),
            ("*", "anything", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("orders", "ORDERS", true),
        ] {
            assert_eq!(glob_match(p, n), m, "{p} vs {n}");
        }
    }
}

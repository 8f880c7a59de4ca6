//! `--partition I/N` for seeding: N processes each write one share of every seed query's rows
//! and together write exactly what one run writes. Each row's values follow from its index
//! (`blocks.rs`); what a partition cannot know is refused here, before anything is written:
//! rows other partitions are still writing (a `query` result feeding a later query, unless it is
//! a plain projection of an earlier seed query's rows, which each partition regenerates instead
//! of reading back), and state kept across a query's rows (`uniq`, `ref_diff`).

use super::rows::{capture_columns, order};
use super::{Prepared, QueryError, SeedError};
use crate::config::{Query, Section};
use crate::expr::EValue;
use crate::render;
use crate::verify::parts::PartitionId;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Functions whose value depends on the rows the query drew before (or on the database).
const UNPARTITIONABLE: [(&str, &str); 3] = [
    ("uniq", "uniq() remembers every value the query drew before, which another partition drew"),
    ("ref_diff", "ref_diff() remembers every row the query used before, which another partition used"),
    ("ref_each", "ref_each() reads the database, which other partitions are still writing"),
];

/// A partition of a seed, checked against its config.
pub struct Partitioned {
    pub id: PartitionId,
    /// Read queries (by label) whose dataset is rebuilt from an earlier query's generated rows.
    regenerated: HashMap<String, Projection>,
    /// Labels of the queries whose generated rows are kept for that.
    kept: HashSet<String>,
}

/// `SELECT columns FROM table` over the rows seed query `source` generates.
struct Projection {
    source: String,
    columns: Vec<String>,
}

impl Partitioned {
    /// Whether the query `label` keeps its generated rows for a regenerated dataset.
    pub(super) fn keeps(&self, label: &str) -> bool {
        self.kept.contains(label)
    }

    /// The rows of every seed query this partition writes: `share` of `total`.
    pub(super) fn share(&self, total: u64) -> std::ops::Range<u64> {
        super::blocks::share(total, self.id.index, self.id.count)
    }
}

/// `SELECT a, b FROM t` (optionally `ORDER BY …` and a `;`): the table and the columns,
/// lower-cased; None for anything else (a WHERE, a join, `*`, an expression, an alias).
fn projection(sql: &str) -> Option<(String, Vec<String>)> {
    let text = sql.trim().trim_end_matches(';').trim();
    let upper = text.to_ascii_uppercase();
    let rest = upper.strip_prefix("SELECT")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let from = upper.find(" FROM ")?;
    let ident = |s: &str| {
        let s = s.trim().trim_matches(['"', '`', '[', ']']);
        (!s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
            .then(|| s.to_ascii_lowercase())
    };
    let columns: Option<Vec<String>> = text["SELECT".len()..from].split(',').map(ident).collect();
    let after = text[from + " FROM ".len()..].trim();
    let end = after.find(char::is_whitespace).unwrap_or(after.len());
    let tail = after[end..].trim().to_ascii_uppercase();
    if !(tail.is_empty() || tail.starts_with("ORDER BY")) {
        return None;
    }
    Some((ident(&after[..end])?, columns?))
}

/// Whether `sql` names `table` (as a word, or schema-qualified), whatever the case.
fn names(sql: &str, table: &str) -> bool {
    let table = table.to_ascii_lowercase();
    let qualified = format!(".{table}");
    sql.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).any(|w| {
        let w = w.to_ascii_lowercase();
        w == table || w.ends_with(&qualified)
    })
}

/// Whether `q` reads rows back from the database (a `query` that is not a plain INSERT).
fn reads(q: &Query) -> bool {
    q.kind.returns_rows()
        && (render::insert_table(&q.query).is_none() || q.query.to_ascii_uppercase().contains("RETURNING"))
}

impl Prepared {
    /// Make this a partition of a seed; refuses (one line, nothing written) a config whose
    /// rows a partition cannot generate alone.
    pub fn partition(&mut self, id: PartitionId) -> Result<(), SeedError> {
        let seed = self.config.section(Section::Seed);
        let compiled = &self.args.iter().find(|(s, _)| *s == Section::Seed).expect("compiled").1;
        let refuse = |q: &Query, i: usize, message: String| SeedError::Query {
            file: self.file(),
            section: "seed",
            query: q.label(i),
            source: Box::new(QueryError::Eval(format!("cannot be partitioned: {message}"))),
        };
        let (mut regenerated, mut kept) = (HashMap::new(), HashSet::new());
        for (i, q) in seed.iter().enumerate() {
            for (k, c) in compiled[i].iter().enumerate() {
                let arg = || format!("argument {} ({})", k + 1, crate::config::echo(&c.source));
                if let Some((_, why)) = UNPARTITIONABLE.iter().find(|(f, _)| c.functions.iter().any(|n| n == f)) {
                    return Err(refuse(q, i, format!("{}: {why}", arg())));
                }
                for name in c.datasets.iter().flatten() {
                    let seeded = seed[..i].iter().any(|p| p.name.as_deref() == Some(name.as_str()));
                    if !seeded && !self.config.reference.contains_key(name) {
                        return Err(refuse(
                            q,
                            i,
                            format!(
                                "{}: dataset {name:?} comes from a section a partition does not run (only seed runs)",
                                arg()
                            ),
                        ));
                    }
                }
            }
            let feeds = q.name.as_ref().is_some_and(|n| self.referenced.as_ref().is_none_or(|r| r.contains(n)));
            if !(reads(q) && feeds) {
                continue;
            }
            let plain = "a partition cannot read it back while the others are still writing; only \
                         `SELECT columns FROM table` of a table one earlier seed query writes is regenerated";
            let (table, columns) = projection(&q.query)
                .ok_or_else(|| refuse(q, i, format!("its result feeds later queries, and {plain}")))?;
            let writers: Vec<usize> = (0..i).filter(|j| !reads(&seed[*j]) && names(&seed[*j].query, &table)).collect();
            let [w] = writers[..] else {
                let why = if writers.is_empty() {
                    "no earlier seed query writes it"
                } else {
                    "several earlier seed queries change it"
                };
                return Err(refuse(q, i, format!("it reads {table}, but {why}; {plain}")));
            };
            let writer = &seed[w];
            if render::insert_table(&writer.query).is_none_or(|t| !t.eq_ignore_ascii_case(&table)) {
                return Err(refuse(
                    q,
                    i,
                    format!("it reads {table}, which {} changes without an INSERT of generated rows", writer.label(w)),
                ));
            }
            let written = capture_columns(&writer.query, writer, compiled[w].len());
            if let Some(missing) = columns.iter().find(|c| !written.contains(c)) {
                return Err(refuse(
                    q,
                    i,
                    format!(
                        "column {missing} of {table} is not among the columns {} inserts (a key the database generates?), \
                         so a partition cannot regenerate it",
                        writer.label(w)
                    ),
                ));
            }
            kept.insert(writer.label(w));
            regenerated.insert(q.label(i), Projection { source: writer.label(w), columns });
        }
        self.partition = Some(Partitioned { id, regenerated, kept });
        Ok(())
    }

    /// A partitioned read query's dataset, rebuilt from the rows its source generated (every
    /// row, this partition's and the others'), as `dataset` orders a read-back result. Returns
    /// false when the query is not one of these.
    pub(super) fn regenerate(&self, q: &Query, label: &str) -> bool {
        let (Some(p), Some(name)) = (&self.partition, &q.name) else { return false };
        let Some(proj) = p.regenerated.get(label) else { return false };
        let mut st = self.evaluator.lock();
        let source = st.datasets.get(&proj.source).cloned().unwrap_or_default();
        let mut rows: Vec<Vec<EValue>> = source
            .iter()
            .map(|r| match r {
                EValue::Map(m) => proj.columns.iter().map(|c| m.get(c).cloned().unwrap_or(EValue::Nil)).collect(),
                _ => vec![EValue::Nil; proj.columns.len()],
            })
            .collect();
        rows.sort_by(|a, b| {
            a.iter().zip(b).map(|(x, y)| order(x, y)).find(|o| o.is_ne()).unwrap_or(std::cmp::Ordering::Equal)
        });
        let data = rows.into_iter().map(|r| EValue::Map(proj.columns.iter().cloned().zip(r).collect())).collect();
        st.datasets.insert(name.clone(), Arc::new(data));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::projection;

    #[test]
    fn only_plain_projections_are_regenerated() {
        let p = |s| projection(s);
        assert_eq!(p("SELECT id FROM users"), Some(("users".into(), vec!["id".into()])));
        assert_eq!(
            p("select ID, \"Name\" from app.users order by id;"),
            Some(("app.users".into(), vec!["id".into(), "name".into()]))
        );
        assert_eq!(p("SELECT id FROM users WHERE id > 3"), None);
        assert_eq!(p("SELECT * FROM users"), None);
        assert_eq!(p("SELECT id + 1 FROM users"), None);
        assert_eq!(p("SELECT u.id FROM users u JOIN t ON true"), None);
        assert_eq!(p("INSERT INTO users (id) VALUES (1)"), None);
    }
}

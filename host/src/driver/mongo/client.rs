//! The MongoDB client (the `mongodb` feature).

use crate::driver::{ColumnMeta, DriverError, Rows};
use crate::value::{Timestamp, Value};
use mongodb::bson::{self, Bson, Document, doc, spec::BinarySubtype};
use mongodb::options::ClientOptions;
use std::time::Duration;

/// Documents read to learn a collection's fields.
const SAMPLE: i64 = 1000;

pub struct Mongo {
    db: mongodb::Database,
}

/// The client's error as the cause; a server's command error shown as its message and code.
fn err(e: mongodb::error::Error) -> DriverError {
    let message = match *e.kind {
        mongodb::error::ErrorKind::Command(ref c) => format!("{} ({})", c.message, c.code_name),
        _ => e.to_string(),
    };
    DriverError::engine(message, e)
}

pub async fn connect(url: &str) -> Result<Mongo, DriverError> {
    let mut opts = ClientOptions::parse(url).await.map_err(err)?;
    if opts.server_selection_timeout.is_none() {
        opts.server_selection_timeout = Some(Duration::from_secs(10));
    }
    // edg's convention: the database is the URL's path, `test` when there is none.
    let name = opts.default_database.clone().unwrap_or_else(|| "test".into());
    let client = mongodb::Client::with_options(opts).map_err(err)?;
    let db = client.database(&name);
    db.run_command(doc! {"ping": 1}).await.map_err(err)?;
    Ok(Mongo { db })
}

/// Parse one command written as Extended JSON.
pub fn parse_command(text: &str) -> Result<Document, DriverError> {
    let json: serde_json::Value =
        serde_json::from_str(text.trim()).map_err(|e| DriverError::Query(format!("invalid Extended JSON: {e}")))?;
    match Bson::try_from(json) {
        Ok(Bson::Document(d)) if !d.is_empty() => Ok(d),
        Ok(_) => Err(DriverError::Query(
            "a MongoDB command must be a non-empty JSON object such as {\"find\": \"users\"}".into(),
        )),
        Err(e) => Err(DriverError::Query(format!("invalid Extended JSON: {e}"))),
    }
}

/// A BSON value as a host value.
pub fn from_bson(b: &Bson) -> Value {
    match b {
        Bson::Null | Bson::Undefined => Value::Null,
        Bson::Boolean(x) => Value::Bool(*x),
        Bson::Int32(i) => Value::Int(*i as i64),
        Bson::Int64(i) => Value::Int(*i),
        Bson::Double(f) => Value::Float(*f),
        Bson::Decimal128(d) => Value::Decimal(d.to_string()),
        Bson::String(s) => Value::Text(s.clone()),
        Bson::DateTime(t) => {
            let ms = t.timestamp_millis();
            Value::Timestamp(Timestamp {
                unix_seconds: ms.div_euclid(1000),
                nanos: (ms.rem_euclid(1000) * 1_000_000) as u32,
                precision: 3,
                offset_minutes: Some(0),
            })
        }
        Bson::Binary(bin) if bin.subtype == BinarySubtype::Uuid && bin.bytes.len() == 16 => {
            let h: String = bin.bytes.iter().map(|x| format!("{x:02x}")).collect();
            Value::Uuid(format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]))
        }
        Bson::Binary(bin) => Value::Bytes(bin.bytes.clone()),
        other => Value::Json(other.clone().into_relaxed_extjson().to_string()),
    }
}

/// A host value as BSON (keys for `$gt` filters and lookups).
pub fn to_bson(v: &Value) -> Bson {
    match v {
        Value::Null => Bson::Null,
        Value::Bool(b) => Bson::Boolean(*b),
        Value::Int(i) => Bson::Int64(*i),
        Value::Float(f) => Bson::Double(*f),
        Value::Decimal(d) => {
            d.parse::<bson::Decimal128>().map(Bson::Decimal128).unwrap_or_else(|_| Bson::String(d.clone()))
        }
        Value::Text(s) | Value::Date(s) | Value::Time(s) => Bson::String(s.clone()),
        Value::Bytes(b) => Bson::Binary(bson::Binary { subtype: BinarySubtype::Generic, bytes: b.clone() }),
        Value::Uuid(u) => {
            let hex: String = u.chars().filter(|c| *c != '-').collect();
            let bytes: Vec<u8> =
                (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect();
            Bson::Binary(bson::Binary { subtype: BinarySubtype::Uuid, bytes })
        }
        Value::Timestamp(t) => {
            Bson::DateTime(bson::DateTime::from_millis(t.unix_seconds * 1000 + (t.nanos / 1_000_000) as i64))
        }
        Value::Json(j) => serde_json::from_str::<serde_json::Value>(j)
            .ok()
            .and_then(|v| Bson::try_from(v).ok())
            .unwrap_or_else(|| Bson::String(j.clone())),
        Value::List(items) => Bson::Array(items.iter().map(to_bson).collect()),
    }
}

/// Documents as rows: the given columns, or the union of top-level fields in first-seen order.
pub fn rows(docs: &[Document], columns: Option<&[String]>) -> Rows {
    let names: Vec<String> = match columns {
        Some(c) => c.to_vec(),
        None => {
            let mut names: Vec<String> = Vec::new();
            for d in docs {
                for k in d.keys() {
                    if !names.contains(k) {
                        names.push(k.clone());
                    }
                }
            }
            names
        }
    };
    Rows {
        columns: names.iter().map(|n| ColumnMeta { name: n.clone(), db_type: String::new() }).collect(),
        rows: docs
            .iter()
            .map(|d| names.iter().map(|n| d.get(n).map(from_bson).unwrap_or(Value::Null)).collect())
            .collect(),
    }
}

async fn drain(mut cursor: mongodb::Cursor<Document>) -> Result<Vec<Document>, DriverError> {
    let mut out = Vec::new();
    while cursor.advance().await.map_err(err)? {
        out.push(cursor.deserialize_current().map_err(err)?);
    }
    Ok(out)
}

/// `{k: {$gt: v}}`, or for (a, b): `{$or: [{a: {$gt: x}}, {a: x, b: {$gt: y}}]}`.
fn after_filter(key: &[String], after: &[Value]) -> Document {
    tuple_filter(key, after, "$gt", "$gt")
}

/// The key tuple compared with `vals` in key order: each branch fixes a prefix and compares
/// the next column with `op` (`$gt`/`$lt`), the last one with `last_op` (which may include
/// equality: `$gte`, `$lte`).
fn tuple_filter(key: &[String], vals: &[Value], op: &str, last_op: &str) -> Document {
    if key.len() == 1 {
        return doc! { key[0].clone(): { last_op: to_bson(&vals[0]) } };
    }
    let branches: Vec<Bson> = (0..key.len())
        .map(|i| {
            let mut d = Document::new();
            for j in 0..i {
                d.insert(key[j].clone(), to_bson(&vals[j]));
            }
            let o = if i + 1 == key.len() { last_op } else { op };
            d.insert(key[i].clone(), doc! { o: to_bson(&vals[i]) });
            Bson::Document(d)
        })
        .collect();
    doc! { "$or": branches }
}

/// A key range's bounds: `lo` (inclusive) and `hi` with whether it is included.
pub type Bounds<'a> = (Option<&'a [Value]>, Option<(&'a [Value], bool)>);

/// A page's filter: after the last key read, within `[lo, hi)` (or `[lo, hi]`).
pub fn page_filter(key: &[String], after: Option<&[Value]>, (lo, hi): Bounds) -> Document {
    let mut parts: Vec<Document> = Vec::new();
    if let Some(lo) = lo {
        parts.push(tuple_filter(key, lo, "$gt", "$gte"));
    }
    if let Some((hi, inclusive)) = hi {
        parts.push(tuple_filter(key, hi, "$lt", if inclusive { "$lte" } else { "$lt" }));
    }
    if let Some(a) = after {
        parts.push(after_filter(key, a));
    }
    match parts.len() {
        0 => Document::new(),
        1 => parts.pop().expect("one"),
        _ => doc! { "$and": parts },
    }
}

impl Mongo {
    pub async fn execute(&self, text: &str) -> Result<(), DriverError> {
        self.db.run_command(parse_command(text)?).await.map_err(err)?;
        Ok(())
    }

    /// Run a command and read what it returns: every document of a cursor (not only the first
    /// batch, as the original did), else a `values` array, else the reply itself.
    pub async fn query(&self, text: &str) -> Result<Rows, DriverError> {
        let cmd = parse_command(text)?;
        let verb = cmd.keys().next().cloned().unwrap_or_default();
        let docs = if matches!(verb.as_str(), "find" | "aggregate" | "listCollections" | "listIndexes") {
            drain(self.db.run_cursor_command(cmd).await.map_err(err)?).await?
        } else {
            let reply = self.db.run_command(cmd).await.map_err(err)?;
            match reply.get_array("values") {
                Ok(values) => values.iter().filter_map(|v| v.as_document().cloned()).collect(),
                Err(_) => vec![reply],
            }
        };
        Ok(rows(&docs, None))
    }

    /// A batch of rendered commands: inserts into one collection become one `insert` with all
    /// the documents; anything else runs command by command.
    pub async fn execute_batch(&self, texts: &[String]) -> Result<(), DriverError> {
        let cmds = texts.iter().map(|t| parse_command(t)).collect::<Result<Vec<_>, _>>()?;
        let target = cmds.first().and_then(|c| c.get_str("insert").ok()).map(str::to_string);
        let mergeable = target.is_some()
            && cmds.iter().all(|c| {
                c.get_str("insert").ok() == target.as_deref() && c.get_array("documents").is_ok() && c.len() == 2
            });
        if mergeable {
            let mut documents = Vec::new();
            for c in &cmds {
                documents.extend(c.get_array("documents").expect("checked").iter().cloned());
            }
            let cmd = doc! { "insert": target.expect("checked"), "documents": documents };
            self.db.run_command(cmd).await.map_err(err)?;
            return Ok(());
        }
        for c in cmds {
            self.db.run_command(c).await.map_err(err)?;
        }
        Ok(())
    }

    pub async fn collections(&self) -> Result<Vec<String>, DriverError> {
        let mut names = self.db.list_collection_names().await.map_err(err)?;
        names.retain(|n| !n.starts_with("system."));
        names.sort();
        Ok(names)
    }

    /// A collection as a table: documents have no schema, so the fields of the first documents
    /// are the columns (untyped), and `_id` is the key.
    pub async fn describe(
        &self,
        collection: &str,
    ) -> Result<(Vec<crate::driver::ColumnInfo>, Vec<String>), DriverError> {
        let fields = self.fields(collection, SAMPLE).await?;
        Ok((
            fields.into_iter().map(|name| crate::driver::ColumnInfo { name, db_type: String::new() }).collect(),
            vec!["_id".into()],
        ))
    }

    /// The fields of a collection: in the order its first documents show them, then every other
    /// top-level field any document has (a field that first appears late must still be compared).
    pub async fn fields(&self, collection: &str, sample: i64) -> Result<Vec<String>, DriverError> {
        let c = self.db.collection::<Document>(collection);
        let docs = drain(c.find(doc! {}).sort(doc! {"_id": 1}).limit(sample).await.map_err(err)?).await?;
        let mut names: Vec<String> = rows(&docs, None).columns.into_iter().map(|c| c.name).collect();
        let pipeline = [
            doc! { "$project": { "k": { "$objectToArray": "$$ROOT" } } },
            doc! { "$unwind": "$k" },
            doc! { "$group": { "_id": "$k.k" } },
        ];
        match c.aggregate(pipeline).await {
            Ok(cursor) => {
                let mut rest: Vec<String> = drain(cursor)
                    .await?
                    .iter()
                    .filter_map(|d| d.get_str("_id").ok().map(str::to_string))
                    .filter(|n| !names.contains(n))
                    .collect();
                rest.sort();
                names.extend(rest);
            }
            Err(e) => tracing::warn!(
                collection,
                error = err(e).to_string().as_str(),
                "cannot list every field; fields seen in the first {sample} documents are compared"
            ),
        }
        Ok(names)
    }

    /// One page in key order, after `after`.
    pub async fn page(
        &self,
        collection: &str,
        columns: &[String],
        key: &[String],
        after: Option<&[Value]>,
        bounds: Bounds<'_>,
        limit: i64,
    ) -> Result<Rows, DriverError> {
        let filter = page_filter(key, after, bounds);
        let mut sort = Document::new();
        for k in key {
            sort.insert(k.clone(), 1);
        }
        let c = self.db.collection::<Document>(collection);
        let docs = drain(
            c.find(filter).sort(sort).limit(limit).batch_size(limit.min(u32::MAX as i64) as u32).await.map_err(err)?,
        )
        .await?;
        Ok(rows(&docs, Some(columns)))
    }

    /// The documents with these keys.
    pub async fn by_keys(
        &self,
        collection: &str,
        columns: &[String],
        key: &[String],
        keys: &[Vec<Value>],
    ) -> Result<Rows, DriverError> {
        let branches: Vec<Bson> = keys
            .iter()
            .map(|k| {
                let mut d = Document::new();
                for (name, v) in key.iter().zip(k) {
                    d.insert(name.clone(), to_bson(v));
                }
                Bson::Document(d)
            })
            .collect();
        let c = self.db.collection::<Document>(collection);
        let docs = drain(c.find(doc! {"$or": branches}).await.map_err(err)?).await?;
        Ok(rows(&docs, Some(columns)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_extended_json() {
        let d = parse_command(r#"{"insert": "c", "documents": [{"_id": {"$oid": "5f1d7f3b2c9d440000000001"}, "n": {"$numberDecimal": "1.50"}}]}"#).unwrap();
        let docs = d.get_array("documents").unwrap();
        let first = docs[0].as_document().unwrap();
        assert!(matches!(first.get("_id"), Some(Bson::ObjectId(_))));
        assert_eq!(from_bson(first.get("n").unwrap()), Value::Decimal("1.50".into()));
        assert!(parse_command("{\"find\": ").unwrap_err().to_string().starts_with("invalid Extended JSON"));
        assert!(parse_command("[1]").is_err());
    }

    #[test]
    fn range_filters_compare_key_tuples() {
        let key = vec!["a".to_string(), "b".to_string()];
        let lo = [Value::Int(1), Value::Int(2)];
        let hi = [Value::Int(5), Value::Int(0)];
        let f = page_filter(&key, None, (Some(&lo), Some((&hi, false))));
        assert_eq!(
            f,
            doc! { "$and": [
                { "$or": [ { "a": { "$gt": 1i64 } }, { "a": 1i64, "b": { "$gte": 2i64 } } ] },
                { "$or": [ { "a": { "$lt": 5i64 } }, { "a": 5i64, "b": { "$lt": 0i64 } } ] },
            ] }
        );
        let one = page_filter(&key[..1], Some(&[Value::Int(3)]), (None, Some((&[Value::Int(9)], true))));
        assert_eq!(one, doc! { "$and": [ { "a": { "$lte": 9i64 } }, { "a": { "$gt": 3i64 } } ] });
        assert_eq!(page_filter(&key[..1], None, (None, None)), Document::new());
    }

    #[test]
    fn object_ids_round_trip_as_keys() {
        let oid = Bson::ObjectId(bson::oid::ObjectId::parse_str("5f1d7f3b2c9d440000000001").unwrap());
        assert_eq!(to_bson(&from_bson(&oid)), oid);
        let f = after_filter(&["a".into(), "b".into()], &[Value::Int(1), Value::Text("x".into())]);
        assert_eq!(f.get_array("$or").unwrap().len(), 2);
    }
}

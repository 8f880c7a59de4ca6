//! PostgreSQL's COPY, both ways.
//!
//! In: one `COPY ... FROM STDIN` for a whole seed query, open while the generator produces
//! batch after batch. Out: verify pages read with `COPY (SELECT ...) TO STDOUT`.
//!
//! One statement per batch would cost the server a statement start and a commit per batch (it
//! measured 1.5× the CPU of one long COPY) and leave it idle while the next batch is generated.
//! One COPY also makes the query atomic: if generation fails half-way the COPY is aborted and
//! none of the query's rows are committed.

use crate::driver::feed::Feed;
use crate::driver::{Conn, DriverError, PageShape, RawRows};
use crate::expr::EValue;
use crate::value::RawColumn;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::sync::{Mutex, mpsc};

/// Bytes handed to the connection per send: large enough to amortise a wake-up, small enough
/// that the server starts on the data while the next rows are generated.
const CHUNK: usize = 256 * 1024;

enum Msg {
    Data(Vec<u8>),
    Finish,
}

/// The generator's end of an open COPY.
pub struct CopyWriter {
    feed: Feed<Msg>,
    buf: String,
}

impl CopyWriter {
    /// Start `COPY target FROM STDIN` on `conn`; it holds the connection until `finish`.
    pub fn start(conn: Arc<Mutex<Conn>>, target: String, rt: &Handle) -> Self {
        let feed = Feed::start("COPY", rt, |rx| async move { conn.lock().await.copy_stream(&target, rx).await });
        CopyWriter { feed, buf: String::with_capacity(CHUNK + CHUNK / 4) }
    }

    /// Append rows in COPY text format, sending a chunk whenever enough has accumulated.
    /// Must not be called from inside the async runtime (it blocks while the server catches up).
    pub fn write(&mut self, rows: &[Vec<EValue>], rt: &Handle) -> Result<(), DriverError> {
        for row in rows {
            for (k, v) in row.iter().enumerate() {
                if k > 0 {
                    self.buf.push('\t');
                }
                crate::driver::copy_text(v, &mut self.buf)?;
            }
            self.buf.push('\n');
            if self.buf.len() >= CHUNK {
                self.send(rt)?;
            }
        }
        Ok(())
    }

    fn send(&mut self, rt: &Handle) -> Result<(), DriverError> {
        let data = std::mem::replace(&mut self.buf, String::with_capacity(CHUNK + CHUNK / 4)).into_bytes();
        self.feed.send(Msg::Data(data), rt)
    }

    /// Stop after a failure elsewhere: the COPY is aborted (none of its rows are kept) and the
    /// connection is free again when this returns.
    pub fn abandon(self, rt: &Handle) {
        let _ = self.feed.close(rt);
    }

    /// Send what is left and commit the COPY.
    pub fn finish(mut self, rt: &Handle) -> Result<(), DriverError> {
        if !self.buf.is_empty() {
            self.send(rt)?;
        }
        self.feed.send(Msg::Finish, rt)?;
        self.feed.close(rt)
    }
}

impl Conn {
    /// Whether pages can be read with `COPY (query) TO STDOUT`: PostgreSQL yes; CockroachDB,
    /// which speaks the protocol but not that form everywhere, and other engines no.
    pub async fn copy_out_supported(&mut self) -> bool {
        if !matches!(self, Conn::Postgres(_)) {
            return false;
        }
        match self.query("SELECT version()").await {
            Ok(r) => !r.rows.iter().flatten().any(|v| v.to_string().contains("CockroachDB")),
            Err(_) => false,
        }
    }

    /// Feed `COPY target FROM STDIN` from `rx` until `Finish`; a sender dropped without it (the
    /// generator failed) aborts the COPY so nothing of it is committed.
    async fn copy_stream(&mut self, target: &str, mut rx: mpsc::Receiver<Msg>) -> Result<(), DriverError> {
        let Conn::Postgres(c) = self else {
            return Err(DriverError::Query("COPY is only available on PostgreSQL".into()));
        };
        let mut copy = c.copy_in_raw(&format!("COPY {target} FROM STDIN")).await.map_err(Self::error)?;
        loop {
            match rx.recv().await {
                Some(Msg::Data(d)) => copy.send(d).await.map_err(Self::error).map(drop)?,
                Some(Msg::Finish) => return copy.finish().await.map(drop).map_err(Self::error),
                None => {
                    let _ = copy.abort("edg: generation stopped").await;
                    return Err(DriverError::Query("COPY aborted: generation stopped".into()));
                }
            }
        }
    }
}

impl Conn {
    /// PostgreSQL: the rows of `select` through `COPY (select) TO STDOUT`, one buffer per column.
    /// The server streams COPY rows with less work than DataRow messages, and the text format
    /// goes straight into the columns without a row object per row.
    pub async fn copy_out(&mut self, select: &str, width: usize, shape: &PageShape) -> Result<RawRows, DriverError> {
        use futures_util::TryStreamExt;
        let Conn::Postgres(c) = self else {
            return Err(DriverError::Query("COPY is only available on PostgreSQL".into()));
        };
        let mut stream = c.copy_out_raw(&format!("COPY ({select}) TO STDOUT")).await.map_err(Self::error)?;
        let mut out = RawRows { columns: Vec::new(), cols: shape.columns(width) };
        let mut carry: Vec<u8> = Vec::new();
        while let Some(chunk) = stream.try_next().await.map_err(Self::error)? {
            if carry.is_empty() {
                let used = parse_copy_text(&chunk, &mut out.cols)?;
                carry.extend_from_slice(&chunk[used..]);
            } else {
                carry.extend_from_slice(&chunk);
                let used = parse_copy_text(&carry, &mut out.cols)?;
                carry.drain(..used);
            }
        }
        if !carry.is_empty() {
            return Err(DriverError::Query("COPY output ended inside a row".into()));
        }
        Ok(out)
    }
}

/// Parse whole lines of COPY text format into `cols`; returns the bytes consumed (a partial
/// last line is left for the next chunk). One pass over the bytes: tabs end fields, a newline
/// ends the row, and only a field that holds a backslash is looked at again.
pub(crate) fn parse_copy_text(data: &[u8], cols: &mut [RawColumn]) -> Result<usize, DriverError> {
    // Whole rows only (a chunk is usually exactly one row, so this looks at one byte).
    let whole = memchr::memrchr(b'\n', data).map_or(0, |p| p + 1);
    let body = &data[..whole];
    let (mut field_start, mut k, mut escaped) = (0, 0, false);
    // Only tabs, newlines and backslashes mean anything: jump from one to the next.
    for i in memchr::memchr3_iter(b'\t', b'\n', b'\\', body) {
        let b = body[i];
        if b == b'\\' {
            escaped = true;
            continue;
        }
        let col = cols.get_mut(k).ok_or_else(|| DriverError::Query("COPY row has too many columns".into()))?;
        let f = &body[field_start..i];
        if !escaped {
            col.push(Some(f));
        } else if f == b"\\N" {
            col.push(None);
        } else {
            col.push(Some(&unescape(f)));
        }
        (field_start, escaped, k) = (i + 1, false, k + 1);
        if b == b'\n' {
            if k != cols.len() {
                return Err(DriverError::Query("COPY row has too few columns".into()));
            }
            k = 0;
        }
    }
    Ok(whole)
}

/// COPY text escapes: `\\`, `\t`, `\n`, `\r`, `\b`, `\f`, `\v`, octal `\NNN` and hex `\xHH`.
fn unescape(f: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(f.len());
    let mut i = 0;
    while i < f.len() {
        let b = f[i];
        if b != b'\\' || i + 1 == f.len() {
            out.push(b);
            i += 1;
            continue;
        }
        let e = f[i + 1];
        i += 2;
        match e {
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match f.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'x' => {
                let hex = |c: u8| (c as char).to_digit(16);
                let mut v = 0u32;
                let mut digits = 0;
                while digits < 2 {
                    match f.get(i).and_then(|c| hex(*c)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                            digits += 1;
                        }
                        None => break,
                    }
                }
                if digits == 0 { out.push(b'x') } else { out.push(v as u8) }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_parses_nulls_escapes_and_partial_lines() {
        let mut cols = vec![RawColumn::default(), RawColumn::default()];
        let data = b"1\ta\\tb\\\\c\n2\t\\N\n3\t\\x41\\101\\n\n4\tpart";
        let used = parse_copy_text(data, &mut cols).unwrap();
        assert_eq!(&data[used..], b"4\tpart");
        assert_eq!(cols[0].len(), 3);
        assert_eq!(cols[1].value(0), crate::value::Value::Text("a\tb\\c".into()));
        assert_eq!(cols[1].value(1), crate::value::Value::Null);
        assert_eq!(cols[1].value(2), crate::value::Value::Text("AA\n".into()));
        // An empty string is not NULL.
        let mut one = vec![RawColumn::default()];
        parse_copy_text(b"\n", &mut one).unwrap();
        assert_eq!(one[0].value(0), crate::value::Value::Text(String::new()));
        assert!(parse_copy_text(b"1\t2\n", &mut one).is_err(), "too many columns");
        let mut two = vec![RawColumn::default(), RawColumn::default()];
        assert!(parse_copy_text(b"1\n", &mut two).is_err(), "too few columns");
        // A value that is only a backslash and N spelled out is text, not NULL.
        let mut two = vec![RawColumn::default(), RawColumn::default()];
        parse_copy_text(b"\\\\N\t\\N\n", &mut two).unwrap();
        assert_eq!(two[0].value(0), crate::value::Value::Text("\\N".into()));
        assert_eq!(two[1].value(0), crate::value::Value::Null);
    }
}

//! Canonical forms a normalizer may declare for a column type (`info.types` entries `=TYPE`,
//! `#TYPE`, `%TYPE`, `@TYPE`; see `wit/normalizer.wit`). The host applies a declared form to a raw
//! column itself: no call, and no copies across the boundary (measured on a 1M-row verify:
//! the timestamp column alone cost a quarter of edg's CPU through the normalizer, most of it
//! lifting one variant per value). A column with any value outside the form still goes to the
//! normalizer, whole, so the normalizer decides every value the form does not cover.
//! The parsers are `edg-forms` (`plugins/forms`), which the built-in normalizers use too.

use crate::column::Column;
use crate::value::{RawColumn, Timestamp};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `=TYPE`: a value that is valid UTF-8 is its own canonical text.
    Text,
    /// `#TYPE`: `-?[0-9]+` within s64 is that integer.
    Int,
    /// `%TYPE`: `-?[0-9]*(.[0-9]*)?` with a digit is that decimal, written without leading
    /// zeros, trailing fractional zeros, a bare point or "-0".
    Decimal,
    /// `@TYPE`: `YYYY-MM-DD[ T]HH:MM:SS[.fraction][Z|±HH|±HHMM|±HH:MM]` is that instant in UTC
    /// (no zone: UTC), its fraction truncated to the column's precision.
    Timestamp,
}

impl Form {
    /// A `types` entry as (declared form, type name): "#INT8" → (Some(Int), "INT8").
    pub fn of_entry(entry: &str) -> (Option<Form>, &str) {
        let form = match entry.as_bytes().first() {
            Some(b'=') => Form::Text,
            Some(b'#') => Form::Int,
            Some(b'%') => Form::Decimal,
            Some(b'@') => Form::Timestamp,
            _ => return (None, entry),
        };
        (Some(form), &entry[1..])
    }

    /// The column in canonical form, or the column back when some value is outside the form.
    pub fn apply(self, raw: RawColumn, precision: u8) -> Result<Column, RawColumn> {
        match self {
            Form::Text if raw.utf8_values() => Ok(Column::Texts(raw)),
            Form::Text => Err(raw),
            Form::Int => match each(&raw, edg_forms::int) {
                Some(v) => Ok(Column::Ints(v)),
                None => Err(raw),
            },
            Form::Decimal => decimals(&raw).map(Column::Decimals).ok_or(raw),
            Form::Timestamp => match each(&raw, |b| {
                let (unix_seconds, nanos) = edg_forms::timestamp(b)?;
                let precision = precision.min(9);
                Some(Timestamp {
                    unix_seconds,
                    nanos: edg_forms::truncate_nanos(nanos, precision),
                    precision,
                    offset_minutes: None,
                })
            }) {
                Some(v) => Ok(Column::Timestamps(v)),
                None => Err(raw),
            },
        }
    }
}

/// `parse` over every non-NULL value; None as soon as one does not parse.
fn each<T>(raw: &RawColumn, parse: impl Fn(&[u8]) -> Option<T>) -> Option<Vec<Option<T>>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut start = 0usize;
    for (end, null) in raw.ends.iter().zip(&raw.nulls) {
        let end = *end as usize;
        out.push(if *null { None } else { Some(parse(raw.data.get(start..end)?)?) });
        start = end;
    }
    Some(out)
}

fn decimals(raw: &RawColumn) -> Option<RawColumn> {
    let mut out = RawColumn::with_capacity(raw.len(), raw.data.len());
    let mut start = 0usize;
    for (end, null) in raw.ends.iter().zip(&raw.nulls) {
        let end = *end as usize;
        if !*null {
            edg_forms::decimal_into(raw.data.get(start..end)?, &mut out.data)?;
        }
        out.ends.push(out.data.len() as u32);
        out.nulls.push(*null);
        start = end;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(values: &[Option<&str>]) -> RawColumn {
        let mut r = RawColumn::default();
        for v in values {
            r.push(v.map(str::as_bytes));
        }
        r
    }

    #[test]
    fn entries_name_their_form() {
        assert_eq!(Form::of_entry("=VARCHAR"), (Some(Form::Text), "VARCHAR"));
        assert_eq!(Form::of_entry("#INT8"), (Some(Form::Int), "INT8"));
        assert_eq!(Form::of_entry("%NUMERIC"), (Some(Form::Decimal), "NUMERIC"));
        assert_eq!(Form::of_entry("@TIMESTAMP"), (Some(Form::Timestamp), "TIMESTAMP"));
        assert_eq!(Form::of_entry("MONEY"), (None, "MONEY"));
        assert_eq!(Form::of_entry("*"), (None, "*"));
    }

    #[test]
    fn integers_in_the_form_parse_and_others_go_back() {
        let ok = raw(&[Some("0"), Some("-9223372036854775808"), None, Some("9223372036854775807"), Some("007")]);
        match Form::Int.apply(ok, 6) {
            Ok(Column::Ints(v)) => assert_eq!(v, vec![Some(0), Some(i64::MIN), None, Some(i64::MAX), Some(7)]),
            other => panic!("{other:?}"),
        }
        // BIGINT UNSIGNED past s64, a sign the form does not take, spaces, empty: the normalizer's.
        for bad in ["9223372036854775808", "+1", " 1", "1 ", "", "-", "1.0", "18446744073709551615"] {
            let col = raw(&[Some("1"), Some(bad)]);
            assert!(Form::Int.apply(col, 6).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn decimals_in_the_form_are_written_canonically() {
        let col = raw(&[Some("364.80"), Some("-0.00"), None, Some("007"), Some(".5"), Some("-12."), Some("100")]);
        let Ok(Column::Decimals(out)) = Form::Decimal.apply(col, 6) else { panic!() };
        let got: Vec<Option<&[u8]>> = (0..out.len()).map(|i| out.bytes(i)).collect();
        let want: Vec<Option<&[u8]>> =
            vec![Some(b"364.8"), Some(b"0"), None, Some(b"7"), Some(b"0.5"), Some(b"-12"), Some(b"100")];
        assert_eq!(got, want);
        for bad in ["1e5", "+1", " 1", "", "-", ".", "NaN", "1.2.3", "Infinity"] {
            assert!(Form::Decimal.apply(raw(&[Some("1"), Some(bad)]), 6).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn timestamps_in_the_form_parse_to_utc_at_the_precision() {
        let col = raw(&[
            Some("2024-02-29 23:59:59.123456789"),
            Some("2024-03-01T01:00:00+02"),
            Some("1969-12-31 23:59:59Z"),
            None,
            Some("2024-03-01 00:00:00-05:30"),
        ]);
        let Ok(Column::Timestamps(v)) = Form::Timestamp.apply(col, 3) else { panic!() };
        let t = |s: i64, n: u32| Some(Timestamp { unix_seconds: s, nanos: n, precision: 3, offset_minutes: None });
        assert_eq!(v, vec![t(1_709_251_199, 123_000_000), t(1_709_247_600, 0), t(-1, 0), None, t(1_709_271_000, 0)]);
        for bad in [
            "0000-00-00 00:00:00",
            "2024-01-01",
            "2024-01-01 00:00:00 BC",
            "infinity",
            "2024-01-01 00:00:00.",
            "2024-13-01 00:00:00",
            "12024-01-01 00:00:00",
            "2024-01-01 00:00:00+1",
        ] {
            assert!(Form::Timestamp.apply(raw(&[Some(bad)]), 6).is_err(), "{bad:?}");
        }
    }
}

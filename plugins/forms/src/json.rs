//! JSON in one canonical text, so equal documents stored by different engines compare equal and
//! different ones never do: members sorted by key (a repeated key kept, in order), no
//! whitespace, strings re-escaped one way, and numbers as exact decimals (`1.0`, `1` and `1e0`
//! are one number; `12345678901234567890123` and `…124` stay two, as they would not through a
//! double).

use alloc::string::String;
use alloc::vec::Vec;

/// Deepest nesting read; deeper documents are left as text.
const MAX_DEPTH: usize = 512;

/// The canonical text of a JSON document, or None when `s` is not one.
pub fn canonical(s: &str) -> Option<String> {
    let mut p = Parser { b: s.as_bytes(), i: 0 };
    let mut out = String::with_capacity(s.len());
    p.ws();
    p.value(&mut out, 0)?;
    p.ws();
    (p.i == p.b.len()).then_some(out)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &str, out: &mut String) -> Option<()> {
        self.b[self.i..].starts_with(word.as_bytes()).then(|| {
            self.i += word.len();
            out.push_str(word);
        })
    }

    fn value(&mut self, out: &mut String, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match *self.b.get(self.i)? {
            b'{' => self.object(out, depth),
            b'[' => self.array(out, depth),
            b'"' => {
                let s = self.string()?;
                escape(&s, out);
                Some(())
            }
            b't' => self.literal("true", out),
            b'f' => self.literal("false", out),
            b'n' => self.literal("null", out),
            _ => self.number(out),
        }
    }

    fn object(&mut self, out: &mut String, depth: usize) -> Option<()> {
        self.i += 1;
        let mut members: Vec<(String, String)> = Vec::new();
        self.ws();
        if self.eat(b'}').is_none() {
            loop {
                self.ws();
                let key = self.string()?;
                self.ws();
                self.eat(b':')?;
                self.ws();
                let mut v = String::new();
                self.value(&mut v, depth + 1)?;
                members.push((key, v));
                self.ws();
                if self.eat(b',').is_some() {
                    continue;
                }
                self.eat(b'}')?;
                break;
            }
        }
        // Stable: members with the same key keep their order.
        members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        out.push('{');
        for (n, (k, v)) in members.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            escape(k, out);
            out.push(':');
            out.push_str(v);
        }
        out.push('}');
        Some(())
    }

    fn array(&mut self, out: &mut String, depth: usize) -> Option<()> {
        self.i += 1;
        out.push('[');
        self.ws();
        if self.eat(b']').is_some() {
            out.push(']');
            return Some(());
        }
        let mut first = true;
        loop {
            if !first {
                out.push(',');
            }
            first = false;
            self.ws();
            self.value(out, depth + 1)?;
            self.ws();
            if self.eat(b',').is_some() {
                continue;
            }
            self.eat(b']')?;
            out.push(']');
            return Some(());
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.b.get(self.i..self.i + 4)?;
        self.i += 4;
        h.iter().try_fold(0u32, |acc, c| Some(acc * 16 + char::from(*c).to_digit(16)?))
    }

    /// A string's value, escapes decoded.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut s = String::new();
        loop {
            let start = self.i;
            while let Some(&c) = self.b.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            s.push_str(core::str::from_utf8(&self.b[start..self.i]).ok()?);
            match *self.b.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(s);
                }
                b'\\' => {
                    self.i += 1;
                    let e = *self.b.get(self.i)?;
                    self.i += 1;
                    s.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.eat(b'\\')?;
                                self.eat(b'u')?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    });
                }
                _ => return None, // a raw control character
            }
        }
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` as exact canonical decimal text.
    fn number(&mut self, out: &mut String) -> Option<()> {
        let neg = self.eat(b'-').is_some();
        let int = self.digits();
        if int.is_empty() || (int.len() > 1 && int[0] == b'0') {
            return None;
        }
        let frac = if self.eat(b'.').is_some() {
            let f = self.digits();
            if f.is_empty() {
                return None;
            }
            f
        } else {
            &[]
        };
        let mut exp: i64 = 0;
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            let eneg = self.eat(b'-').is_some() || {
                self.eat(b'+');
                false
            };
            let e = self.digits();
            if e.is_empty() {
                return None;
            }
            // Exponents beyond this are kept whole in the scientific form below.
            for &d in e.iter().take(18) {
                exp = exp * 10 + i64::from(d - b'0');
            }
            if e.len() > 18 {
                return None;
            }
            if eneg {
                exp = -exp;
            }
        }
        push_decimal(neg, int, frac, exp, out);
        Some(())
    }

    fn digits(&mut self) -> &'a [u8] {
        let b = self.b;
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        &b[start..self.i]
    }
}

/// `±int.frac × 10^exp` as plain decimal text without redundant zeros; past 1,000 places,
/// `d.ddd` and an exponent, so a number's text stays about as long as it was written.
fn push_decimal(neg: bool, int: &[u8], frac: &[u8], exp: i64, out: &mut String) {
    let digits: Vec<u8> = int.iter().chain(frac).copied().collect();
    let Some(first) = digits.iter().position(|d| *d != b'0') else {
        out.push('0');
        return;
    };
    let last = digits.iter().rposition(|d| *d != b'0').unwrap_or(first);
    let sig = &digits[first..=last];
    // The value is 0.sig × 10^point.
    let point = int.len() as i64 - first as i64 + exp;
    if neg {
        out.push('-');
    }
    let push = |out: &mut String, bytes: &[u8]| out.extend(bytes.iter().map(|b| char::from(*b)));
    if !(-1000..=1000).contains(&point) {
        push(out, &sig[..1]);
        if sig.len() > 1 {
            out.push('.');
            push(out, &sig[1..]);
        }
        out.push('e');
        out.push_str(&alloc::format!("{}", point - 1));
    } else if point <= 0 {
        out.push_str("0.");
        (0..-point).for_each(|_| out.push('0'));
        push(out, sig);
    } else if point as usize >= sig.len() {
        push(out, sig);
        (0..point as usize - sig.len()).for_each(|_| out.push('0'));
    } else {
        push(out, &sig[..point as usize]);
        out.push('.');
        push(out, &sig[point as usize..]);
    }
}

/// A string as JSON text, escaped as serde_json escapes.
fn escape(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&alloc::format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn equal_documents_one_text_and_different_ones_two() {
        let c = |s: &str| canonical(s).unwrap();
        assert_eq!(c(r#" { "b" : [1.0, 2e0, -0.0], "a": "x\u00e9\/" } "#), r#"{"a":"xé/","b":[1,2,0]}"#);
        assert_ne!(c(r#"{"a": 12345678901234567890123}"#), c(r#"{"a": 12345678901234567890124}"#));
        assert_ne!(c("1234567.123456789012345"), c("1234567.123456789012399"));
        assert_eq!(c("1.50e2"), "150");
        assert_eq!(c("15e-3"), "0.015");
        assert_eq!(c("1e2000"), "1e2000");
        // A repeated key is kept: {"a":1,"a":2} is not {"a":2}.
        assert_eq!(c(r#"{"a":1,"a":2}"#), r#"{"a":1,"a":2}"#);
        assert_ne!(c(r#"{"a":1,"a":2}"#), c(r#"{"a":2}"#));
        assert_eq!(c(r#""\ud83d\ude00\n""#), "\"😀\\n\"");
        for bad in ["", "01", "1.", "[1,]", "{\"a\"}", "\"\\ud83d\"", "\"a\u{1}\"", "tru", "[1] x", "-", "1e"] {
            assert!(canonical(bad).is_none(), "{bad:?}");
        }
        let deep = "[".repeat(600) + &"]".repeat(600);
        assert!(canonical(&deep).is_none());
    }
}

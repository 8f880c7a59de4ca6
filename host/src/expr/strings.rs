//! String literals with Go expr's escapes.
//!
//! edg configs are written for Go expr, where `'caf\u00e9'` is "café" and `'a\\nb'` is a
//! backslash followed by `n`. The expr-lang crate decodes only some escapes, in an order that
//! turns `\\n` into a newline, and keeps `\u00e9` and `\'` as written. So edg decodes literals
//! itself ([`unquote`]) and hands expr-lang a source in which every literal is spelled so that
//! its decoding is exact ([`exact`]).

use super::ExprError;

/// The value of a quoted literal (`'…'`, `"…"` or `` `…` ``, quotes included), as Go expr reads it.
pub fn unquote(raw: &str) -> Result<String, ExprError> {
    let mut chars = raw.chars();
    let quote = chars.next().ok_or_else(|| ExprError::Syntax("empty string literal".into()))?;
    if !raw.ends_with(quote) || raw.len() < 2 {
        return Err(ExprError::Syntax(format!("unterminated string literal {raw}")));
    }
    let body = &raw[1..raw.len() - 1];
    if quote == '`' {
        return Ok(body.to_string());
    }
    let bad = |what: String| ExprError::Syntax(format!("string literal {raw}: {what}"));
    let mut out = String::with_capacity(body.len());
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next().ok_or_else(|| bad("ends with a lone backslash".into()))?;
        let mut number = |digits: usize, radix: u32| -> Result<u32, ExprError> {
            let text: String = (0..digits).filter_map(|_| it.next()).collect();
            u32::from_str_radix(&text, radix)
                .ok()
                .filter(|_| text.len() == digits)
                .ok_or_else(|| bad(format!("\\{e}{text} needs {digits} digits")))
        };
        let code = match e {
            'a' => 7,
            'b' => 8,
            'f' => 12,
            'n' => 10,
            'r' => 13,
            't' => 9,
            'v' => 11,
            '\\' | '\'' | '"' | '/' => e as u32,
            'x' => number(2, 16)?,
            'u' => number(4, 16)?,
            'U' => number(8, 16)?,
            '0'..='7' => {
                let rest = number(2, 8).map_err(|_| bad(format!("\\{e} needs three octal digits")))?;
                (e as u32 - '0' as u32) * 64 + rest
            }
            other => return Err(bad(format!("unknown escape \\{other}"))),
        };
        if matches!(e, 'x' | '0'..='7') && code > 0x7f {
            return Err(bad(format!("byte escape {code:#04x} is not UTF-8 on its own; write \\u{code:04x}")));
        }
        out.push(char::from_u32(code).ok_or_else(|| bad(format!("\\{e}… is not a Unicode scalar value")))?);
    }
    Ok(out)
}

/// `src` with every quoted literal respelled so that expr-lang decodes it to what
/// [`unquote`] says: plain characters in single quotes, and each character expr-lang
/// mishandles as a literal of its own, concatenated: `'a\\nb'` becomes `('a' + "\\" + 'nb')`.
/// Bytes literals (`b'…'`), raw strings and map keys with such characters keep their spelling.
pub fn exact(src: &str) -> Result<String, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\'' && c != '"' && c != '`' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < chars.len() && chars[i] != c {
            i += if chars[i] == '\\' && c != '`' { 2 } else { 1 };
        }
        i = (i + 1).min(chars.len());
        let raw: String = chars[start..i].iter().collect();
        let prefix_ident = |k: usize| k > 0 && (chars[k - 1].is_alphanumeric() || chars[k - 1] == '_');
        let bytes = start > 0 && matches!(chars[start - 1], 'b' | 'B') && !prefix_ident(start - 1);
        if c == '`' || bytes {
            out.push_str(&raw);
            continue;
        }
        let value = unquote(&raw)?;
        let pieces = spell(&value);
        let map_key = matches!(out.trim_end().chars().last(), Some('{' | ','))
            && chars[i..].iter().find(|ch| !ch.is_whitespace()) == Some(&':');
        match pieces.as_slice() {
            [one] => out.push_str(one),
            _ if map_key => out.push_str(&raw),
            _ => out.push_str(&concat(&pieces)),
        }
    }
    Ok(out)
}

/// `pieces` joined with `+` as a balanced tree, `((a + b) + (c + d))`: a flat chain of
/// thousands of pieces (a literal full of quotes and control characters) would be a parse tree
/// thousands deep, and evaluating it recursed past the stack.
fn concat(pieces: &[String]) -> String {
    match pieces {
        [one] => one.clone(),
        _ => {
            let (left, right) = pieces.split_at(pieces.len() / 2);
            format!("({} + {})", concat(left), concat(right))
        }
    }
}

/// Literals expr-lang reads exactly, which concatenated make `value`.
fn spell(value: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut run = String::new();
    for ch in value.chars() {
        let own = match ch {
            '\\' => r#""\\""#,
            '\'' => r#""'""#,
            '"' => r#"'"'"#,
            '\n' => r#""\n""#,
            '\r' => r#""\r""#,
            _ => {
                run.push(ch);
                continue;
            }
        };
        if !run.is_empty() {
            pieces.push(format!("'{}'", std::mem::take(&mut run)));
        }
        pieces.push(own.to_string());
    }
    if !run.is_empty() || pieces.is_empty() {
        pieces.push(format!("'{run}'"));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_mean_what_go_expr_says() {
        assert_eq!(unquote(r"'caf\u00e9'").unwrap(), "café");
        assert_eq!(unquote(r#""a\\nb""#).unwrap(), "a\\nb");
        assert_eq!(unquote(r"'it\'s'").unwrap(), "it's");
        assert_eq!(unquote(r#""say \"hi\"""#).unwrap(), "say \"hi\"");
        assert_eq!(unquote(r"'\U0001F600 \x41\101 \t'").unwrap(), "😀 AA \t");
        assert_eq!(unquote(r"`raw \n`").unwrap(), "raw \\n");
        assert!(unquote(r"'\q'").unwrap_err().to_string().contains("unknown escape \\q"));
        assert!(unquote(r"'\uD800'").is_err());
        assert!(unquote(r"'\u12'").is_err());
        assert!(unquote(r"'\xe9'").unwrap_err().to_string().contains("\\u00e9"));
    }

    #[test]
    fn expr_lang_reads_respelled_literals_exactly() {
        for raw in [
            r"'caf\u00e9'",
            r#""a\\nb""#,
            r"'a\\tb'",
            r"'it\'s'",
            r#""q\"uote'""#,
            r"'line\nbreak\r\\'",
            r"''",
            r"'plain text'",
            r"'\\\\'",
        ] {
            let v = expr_lang::eval(&exact(raw).unwrap(), &expr_lang::Context::default()).unwrap();
            assert_eq!(v, expr_lang::Value::String(unquote(raw).unwrap()), "{raw} as {}", exact(raw).unwrap());
        }
        // Bytes, raw strings and keys keep their spelling; a plain key stays a key.
        assert_eq!(exact(r"b'\x00' + `a\b`").unwrap(), r"b'\x00' + `a\b`");
        assert_eq!(exact(r#"{'k\u00e9': 1, "a\nb": 2}"#).unwrap(), r#"{'ké': 1, "a\nb": 2}"#);
        assert_eq!(exact(r"x ? 'a\\n' : 'b'").unwrap(), r#"x ? ('a' + ("\\" + 'n')) : 'b'"#);
        // Found by fuzzing: a literal of thousands of quotes respelled as one flat chain of `+`
        // was a tree thousands deep. Balanced, it is about log2(pieces) deep and reads the same.
        let long = format!("'{}'", "\"\\'x".repeat(1500));
        let v = expr_lang::eval(&exact(&long).unwrap(), &expr_lang::Context::default()).unwrap();
        assert_eq!(v, expr_lang::Value::String(unquote(&long).unwrap()));
        let spelled = exact(&long).unwrap();
        let depth = spelled.chars().scan(0i32, |d, c| {
            *d += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            Some(*d)
        });
        assert!(depth.max().unwrap() < 16);
    }
}

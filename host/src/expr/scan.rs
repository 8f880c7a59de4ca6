//! A small tokenizer over expr-lang source, enough to find function calls (with their
//! argument counts) and free variable names before anything runs. expr-lang's AST is private,
//! and checking up front is what lets a bad config fail before any row is written.

use super::ExprError;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    /// A string literal: its value, and its source text (quotes and escapes as written).
    Str(String, String),
    Num(String),
    Punct(char),
    Op(String),
}

pub fn tokenize(src: &str) -> Result<Vec<Tok>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' || c == '`' {
            let start = i;
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(ExprError::Syntax(format!("unterminated string starting with {c}"))),
                    Some('\\') if c != '`' => i += 2,
                    Some(ch) if *ch == c => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            let raw: String = chars[start..i.min(chars.len())].iter().collect();
            let s = super::strings::unquote(&raw)?;
            out.push(Tok::Str(s, raw));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_') {
                // `1..3` is a range, not a number with two points.
                if chars[i] == '.' && chars.get(i + 1) == Some(&'.') {
                    break;
                }
                i += 1;
            }
            out.push(Tok::Num(chars[start..i].iter().collect()));
        } else if c.is_alphabetic() || c == '_' || c == '$' || c == '#' {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if "()[]{},:?.".contains(c) {
            if c == '?' && chars.get(i + 1) == Some(&'.') {
                out.push(Tok::Punct('.'));
                i += 2;
            } else if c == '?' && chars.get(i + 1) == Some(&'?') {
                out.push(Tok::Op("??".into()));
                i += 2;
            } else if c == '.' && chars.get(i + 1) == Some(&'.') {
                out.push(Tok::Op("..".into()));
                i += 2;
            } else {
                out.push(Tok::Punct(c));
                i += 1;
            }
        } else {
            out.push(Tok::Op(c.to_string()));
            i += 1;
        }
    }
    Ok(out)
}

/// Deepest bracket nesting an expression may have.
pub const MAX_NESTING: usize = 64;
/// Most operators one expression may have: expr-lang parses and evaluates recursively, one
/// level per operator of a chain, and the stack is finite.
pub const MAX_OPERATORS: usize = 256;

/// Refuse expressions whose parse tree would be deep enough to exhaust the stack, before
/// expr-lang sees them.
///
/// Brackets must also pair up: expr-lang's parser backtracks through every way an unclosed
/// bracket could end, which takes exponential time (a 400-byte typo ran for minutes).
pub fn check_depth(toks: &[Tok]) -> Result<(), ExprError> {
    let (mut deepest, mut ops) = (0usize, 0usize);
    let mut open: Vec<char> = Vec::new();
    for t in toks {
        match t {
            Tok::Punct(c @ ('(' | '[' | '{')) => {
                open.push(*c);
                deepest = deepest.max(open.len());
            }
            Tok::Punct(c @ (')' | ']' | '}')) => {
                let wanted = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match open.pop() {
                    Some(o) if o == wanted => {}
                    Some(o) => return Err(ExprError::Syntax(format!("unbalanced brackets: {c:?} closes {o:?}"))),
                    None => return Err(ExprError::Syntax(format!("unbalanced brackets: {c:?} closes nothing"))),
                }
            }
            Tok::Op(_) | Tok::Punct('?' | '.') => ops += 1,
            Tok::Ident(k) if matches!(k.as_str(), "and" | "or" | "not" | "in" | "matches" | "contains") => ops += 1,
            _ => {}
        }
    }
    if let Some(o) = open.last() {
        return Err(ExprError::Syntax(format!("unbalanced brackets: {o:?} is never closed")));
    }
    if deepest > MAX_NESTING {
        return Err(ExprError::Syntax(format!("expression nests {deepest} levels deep; the limit is {MAX_NESTING}")));
    }
    if ops > MAX_OPERATORS {
        return Err(ExprError::Syntax(format!("expression has {ops} operators; the limit is {MAX_OPERATORS}")));
    }
    Ok(())
}

/// A function call found in the source.
#[derive(Debug, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: usize,
    /// The literal first argument, when it is a plain string (`gen('email')`, `ref_rand('users')`).
    pub first_str: Option<String>,
}

const KEYWORDS: &[&str] = &[
    "true",
    "false",
    "nil",
    "and",
    "or",
    "not",
    "in",
    "matches",
    "contains",
    "startsWith",
    "endsWith",
    "let",
    "if",
    "else",
    "$env",
];

/// Function calls and free names (identifiers that are neither calls, members, map keys,
/// `let` bindings nor keywords).
pub fn analyse(toks: &[Tok]) -> (Vec<Call>, Vec<String>) {
    let mut calls = Vec::new();
    let mut names = Vec::new();
    let mut bound: Vec<String> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Tok::Ident(name) = t else { continue };
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let next = toks.get(i + 1);
        if matches!(prev, Some(Tok::Punct('.'))) || name.starts_with('#') {
            continue;
        }
        if matches!(prev, Some(Tok::Ident(k)) if k == "let") {
            bound.push(name.clone());
            continue;
        }
        if next == Some(&Tok::Punct('(')) {
            calls.push(Call { name: name.clone(), args: count_args(toks, i + 1), first_str: first_str(toks, i + 1) });
            continue;
        }
        if next == Some(&Tok::Punct(':')) && matches!(prev, Some(Tok::Punct('{')) | Some(Tok::Punct(','))) {
            continue; // map literal key
        }
        if KEYWORDS.contains(&name.as_str()) || bound.contains(name) {
            continue;
        }
        names.push(name.clone());
    }
    (calls, names)
}

fn count_args(toks: &[Tok], open: usize) -> usize {
    let mut depth = 0;
    let mut commas = 0;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(') | Tok::Punct('[') | Tok::Punct('{') => depth += 1,
            Tok::Punct(')') | Tok::Punct(']') | Tok::Punct('}') => {
                depth -= 1;
                if depth == 0 {
                    return if k == open + 1 { 0 } else { commas + 1 };
                }
            }
            Tok::Punct(',') if depth == 1 => commas += 1,
            _ => {}
        }
    }
    commas + 1
}

fn first_str(toks: &[Tok], open: usize) -> Option<String> {
    match (toks.get(open + 1), toks.get(open + 2)) {
        (Some(Tok::Str(s, _)), Some(Tok::Punct(')' | ','))) => Some(s.clone()),
        _ => None,
    }
}

/// If the whole source is one call of `name` whose arguments are all literals, the call's
/// name and the argument sources: such a call can be evaluated for many rows at once.
pub fn literal_call(toks: &[Tok]) -> Option<(String, Vec<String>)> {
    let (Some(Tok::Ident(name)), Some(Tok::Punct('('))) = (toks.first(), toks.get(1)) else { return None };
    if toks.last() != Some(&Tok::Punct(')')) {
        return None;
    }
    let inner = &toks[2..toks.len() - 1];
    let mut args = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    for t in inner {
        match t {
            Tok::Punct('[') => {
                depth += 1;
                current.push('[');
            }
            Tok::Punct(']') => {
                depth -= 1;
                current.push(']');
            }
            Tok::Punct(',') if depth == 0 => args.push(std::mem::take(&mut current)),
            Tok::Punct(',') => current.push(','),
            Tok::Str(_, raw) => current.push_str(raw),
            Tok::Num(n) => current.push_str(n),
            Tok::Op(o) if o == "-" => current.push('-'),
            Tok::Ident(k) if k == "true" || k == "false" || k == "nil" => current.push_str(k),
            _ => return None,
        }
    }
    if depth != 0 {
        return None;
    }
    if !current.is_empty() {
        args.push(current);
    }
    Some((name.clone(), args))
}

/// The function and argument sources of an expression that is one call and nothing else
/// (`gen_batch(customers, batch_size, 'email')`), arguments of any kind; `None` otherwise.
pub fn sole_call(src: &str) -> Option<(String, Vec<String>)> {
    let src = src.trim();
    let open = src.find('(')?;
    let name = src[..open].trim_end();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    if name.is_empty() || !name.chars().all(ident) || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (mut args, mut depth, mut start, mut quote) = (Vec::new(), 0usize, open + 1, None::<char>);
    let mut chars = src.char_indices().skip_while(|(i, _)| *i <= open);
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), '\\') if q != '`' => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')') if depth == 0 => {
                if i + 1 != src.len() {
                    return None;
                }
                let last = src[start..i].trim();
                if !last.is_empty() || !args.is_empty() {
                    args.push(last.to_string());
                }
                return Some((name.to_string(), args));
            }
            (None, ')' | ']' | '}') => depth = depth.checked_sub(1)?,
            (None, ',') if depth == 0 => {
                args.push(src[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// Every call of a function `wanted` picks, each with its literal arguments' sources; `None` if
/// one of them has an argument that is not a literal.
pub fn literal_calls(toks: &[Tok], wanted: impl Fn(&str) -> bool) -> Option<Vec<(String, Vec<String>)>> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let (Tok::Ident(name), Some(Tok::Punct('('))) = (t, toks.get(i + 1)) else { continue };
        if !wanted(name) || (i > 0 && toks[i - 1] == Tok::Punct('.')) {
            continue;
        }
        let mut depth = 0usize;
        let close = toks[i + 1..].iter().position(|t| {
            match t {
                Tok::Punct('(') => depth += 1,
                Tok::Punct(')') => depth -= 1,
                _ => {}
            }
            depth == 0
        })?;
        out.push(literal_call(&toks[i..=i + 1 + close])?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_arity_and_free_names() {
        let toks = tokenize("ref_rand('users').id + uniform(1, max_amount) * set_rand(['a', 'b'], [1, 2])").unwrap();
        let (calls, names) = analyse(&toks);
        let summary: Vec<(&str, usize)> = calls.iter().map(|c| (c.name.as_str(), c.args)).collect();
        assert_eq!(summary, vec![("ref_rand", 1), ("uniform", 2), ("set_rand", 2)]);
        assert_eq!(calls[0].first_str.as_deref(), Some("users"));
        assert_eq!(names, vec!["max_amount".to_string()]);
    }

    #[test]
    fn finds_a_sole_call_and_its_argument_sources() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            sole_call(" gen_batch(customers, batch_size * 2, 'a,b)') "),
            Some(("gen_batch".into(), args(&["customers", "batch_size * 2", "'a,b)'"])))
        );
        assert_eq!(sole_call("f([1, 2], g(3, 4))"), Some(("f".into(), args(&["[1, 2]", "g(3, 4)"]))));
        assert_eq!(sole_call("f()"), Some(("f".into(), Vec::new())));
        assert_eq!(sole_call("f(1) + g(2)"), None);
        assert_eq!(sole_call("f(1).x"), None);
        assert_eq!(sole_call("(f(1))"), None);
        assert_eq!(sole_call("f('\\')')"), Some(("f".into(), args(&["'\\')'"]))));
    }

    #[test]
    fn recognises_batchable_literal_calls() {
        let toks = tokenize("set_rand(['pending', 'shipped'], [50, 50])").unwrap();
        let (name, args) = literal_call(&toks).unwrap();
        assert_eq!(name, "set_rand");
        assert_eq!(args, vec!["['pending','shipped']".to_string(), "[50,50]".to_string()]);
        // Escapes mean what Go expr says they mean, whichever path evaluates the literal.
        let toks = tokenize(r#"set_rand(["a\tb", 'c\\d'])"#).unwrap();
        assert_eq!(toks[3], Tok::Str("a\tb".into(), r#""a\tb""#.into()));
        assert_eq!(toks[5], Tok::Str("c\\d".into(), r"'c\\d'".into()));
        assert!(literal_call(&tokenize("gen('email') + 'x'").unwrap()).is_none());
        assert!(literal_call(&tokenize("uniform(1, n)").unwrap()).is_none());
    }

    #[test]
    fn finds_the_literal_calls_inside_an_expression() {
        let plugin = |n: &str| n == "gen" || n == "uniform_f";
        let calls = |src: &str| literal_calls(&tokenize(src).unwrap(), plugin);
        assert_eq!(
            calls("nullable('a ' + gen('city') + upper(gen('word')), 0.3)").unwrap(),
            vec![("gen".to_string(), vec!["'city'".to_string()]), ("gen".to_string(), vec!["'word'".to_string()])]
        );
        assert_eq!(
            calls("nullable(uniform_f(1, 99999, 2), 0.1)").unwrap(),
            vec![("uniform_f".to_string(), vec!["1".to_string(), "99999".to_string(), "2".to_string()])]
        );
        assert_eq!(calls("seq(1, 1)").unwrap(), vec![]);
        // One argument that is not a literal, and the expression is not prefetched at all.
        assert!(calls("gen('city') + gen(pattern)").is_none());
        assert!(calls("gen(lower('CITY'))").is_none());
    }
}

//! `gen('pattern')`: realistic fake values, backed by the `fake` crate where it has the data.

use crate::dist::{int_n, int_range, unit};
use crate::edg::plugin::types::Value;
use crate::misc::uuid_v4;
use crate::{Gen, HostRng, Prepared, TextGen};
use fake::Fake;
use fake::faker::{
    address::en as addr, company::en as company, creditcard::en as card, currency::en as currency, internet::en as net,
    job::en as job, lorem::en as lorem, name::en as name, phone_number::en as phone,
};

/// Every pattern `gen` knows, for listings and "did you mean" suggestions.
pub const PATTERNS: &[(&str, &str)] = &[
    ("name", "full name: Alta Bayer"),
    ("firstname", "given name"),
    ("lastname", "family name"),
    ("email", "firstlast@last.suffix, lower case"),
    ("username", "user handle"),
    ("phone", "phone number"),
    ("company", "company name"),
    ("jobtitle", "job title"),
    ("city", "city name"),
    ("street", "number and street name"),
    ("streetname", "street name"),
    ("state", "US state name"),
    ("stateabr", "US state abbreviation"),
    ("country", "country name"),
    ("countryabr", "ISO country code"),
    ("zip", "postal code"),
    ("latitude", "float in [-90, 90]"),
    ("longitude", "float in [-180, 180]"),
    ("uuid", "random (v4) UUID"),
    ("word", "one lorem word"),
    ("sentence", "sentence; sentence:n for n words"),
    ("paragraph", "paragraph of sentences"),
    ("url", "https URL"),
    ("domainname", "domain name"),
    ("domainsuffix", "top-level domain"),
    ("ipv4address", "IPv4 address"),
    ("ipv6address", "IPv6 address"),
    ("macaddress", "MAC address"),
    ("useragent", "browser user agent"),
    ("creditcardnumber", "credit card number"),
    ("creditcardtype", "card network name"),
    ("currency", "ISO currency code"),
    ("currencyname", "currency name"),
    ("color", "colour name"),
    ("hexcolor", "#rrggbb"),
    ("bool", "true or false"),
    ("digit", "one digit, as text"),
    ("letter", "one ASCII letter"),
    ("number:a,b", "integer in [a, b]"),
    ("intrange:a,b", "integer in [a, b]"),
    ("price:a,b", "float in [a, b], 2 decimal places"),
    ("digitn:n", "n digits, as text"),
    ("lexify:pat", "pat with each ? replaced by a letter"),
    ("numerify:pat", "pat with each # replaced by a digit"),
];

const COLORS: &[&str] = &[
    "Red", "Green", "Blue", "Yellow", "Orange", "Purple", "Pink", "Brown", "Black", "White", "Gray", "Cyan", "Magenta",
    "Lime", "Maroon", "Navy", "Olive", "Teal", "Silver", "Gold", "Indigo", "Violet", "Beige", "Coral",
];
const CARD_TYPES: &[&str] = &["Visa", "Mastercard", "American Express", "Discover", "JCB", "Diners Club", "UnionPay"];

fn text(f: fn(&mut HostRng) -> String) -> Gen {
    Box::new(move |r: &mut HostRng| Ok(Value::Text(f(r))))
}

/// A pattern without surrounding space and braces (`{Email}` is `Email`).
fn bare(pattern: &str) -> &str {
    pattern.trim().trim_start_matches('{').trim_end_matches('}')
}

/// A bare pattern's key, lower case, and its parameter after ':'.
fn split(pattern: &str) -> (String, Option<&str>) {
    match pattern.split_once(':') {
        Some((k, p)) => (k.to_ascii_lowercase(), Some(p)),
        None => (pattern.to_ascii_lowercase(), None),
    }
}

/// Patterns that append their text to one buffer for a whole batch: no allocation per value,
/// which under the guest's dlmalloc cost more than the value itself.
fn text_writer(key: &str, param: Option<&str>) -> Option<TextGen> {
    match (key, param) {
        ("name", None) => Some(name_into),
        ("email", None) => Some(email_into),
        _ => None,
    }
}

/// As gofakeit: first name, space, last name.
fn name_into(r: &mut HostRng, out: &mut String) {
    let first: &str = name::FirstName().fake_with_rng(r);
    let last: &str = name::LastName().fake_with_rng(r);
    out.push_str(first);
    out.push(' ');
    out.push_str(last);
}

/// firstlast@last.suffix, lower case, letters and digits only.
fn email_into(r: &mut HostRng, out: &mut String) {
    let first: &str = name::FirstName().fake_with_rng(r);
    let last: &str = name::LastName().fake_with_rng(r);
    let suffix: &str = net::DomainSuffix().fake_with_rng(r);
    let push = |out: &mut String, s: &str| {
        out.extend(s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()))
    };
    push(out, first);
    push(out, last);
    out.push('@');
    push(out, last);
    out.push('.');
    out.extend(suffix.chars().map(|c| c.to_ascii_lowercase()));
}

fn params(p: &str, want: usize, pattern: &str) -> Result<Vec<i64>, String> {
    let vals: Result<Vec<i64>, _> = p.split(',').map(|s| s.trim().parse::<i64>()).collect();
    match vals {
        Ok(v) if v.len() == want => Ok(v),
        _ => Err(format!("gen pattern {pattern:?} needs {want} integer parameter(s) after ':'")),
    }
}

fn letter(r: &mut HostRng) -> char {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    LETTERS[int_n(r, LETTERS.len() as u64) as usize] as char
}

fn digit(r: &mut HostRng) -> char {
    (b'0' + int_n(r, 10) as u8) as char
}

fn pick(r: &mut HostRng, items: &[&str]) -> String {
    items[int_n(r, items.len() as u64) as usize].to_string()
}

/// Compile a pattern once; the result yields one value per call.
pub fn compile(pattern: &str) -> Result<Gen, String> {
    let pattern = bare(pattern);
    let (key, param) = split(pattern);
    if let Some(write) = text_writer(&key, param) {
        return Ok(Box::new(move |r: &mut HostRng| {
            let mut out = String::with_capacity(32);
            write(r, &mut out);
            Ok(Value::Text(out))
        }));
    }
    let param = param.map(str::to_string);
    let g: Gen = match (key.as_str(), param) {
        ("firstname", None) => text(|r| name::FirstName().fake_with_rng(r)),
        ("lastname", None) => text(|r| name::LastName().fake_with_rng(r)),
        ("username", None) => text(|r| net::Username().fake_with_rng(r)),
        ("phone", None) => text(|r| phone::PhoneNumber().fake_with_rng(r)),
        ("company", None) => text(|r| company::CompanyName().fake_with_rng(r)),
        ("jobtitle", None) => text(|r| job::Title().fake_with_rng(r)),
        ("city", None) => text(|r| addr::CityName().fake_with_rng(r)),
        ("street", None) => text(|r| {
            let n: String = addr::BuildingNumber().fake_with_rng(r);
            let s: String = addr::StreetName().fake_with_rng(r);
            let suffix: String = addr::StreetSuffix().fake_with_rng(r);
            format!("{n} {s} {suffix}")
        }),
        ("streetname", None) => text(|r| addr::StreetName().fake_with_rng(r)),
        ("state", None) => text(|r| addr::StateName().fake_with_rng(r)),
        ("stateabr", None) => text(|r| addr::StateAbbr().fake_with_rng(r)),
        ("country", None) => text(|r| addr::CountryName().fake_with_rng(r)),
        ("countryabr", None) => text(|r| addr::CountryCode().fake_with_rng(r)),
        ("zip", None) => text(|r| addr::ZipCode().fake_with_rng(r)),
        ("latitude", None) => Box::new(|r: &mut HostRng| Ok(Value::Float(round6(unit(r) * 180.0 - 90.0)))),
        ("longitude", None) => Box::new(|r: &mut HostRng| Ok(Value::Float(round6(unit(r) * 360.0 - 180.0)))),
        ("uuid", None) => Box::new(|r: &mut HostRng| Ok(Value::Uuid(uuid_v4(r)))),
        ("word", None) => text(|r| lorem::Word().fake_with_rng(r)),
        ("sentence", None) => text(|r| lorem::Sentence(4..10).fake_with_rng(r)),
        ("sentence", Some(p)) => {
            let n = params(&p, 1, pattern)?[0].clamp(1, 1000) as usize;
            Box::new(move |r: &mut HostRng| Ok(Value::Text(lorem::Sentence(n..n + 1).fake_with_rng(r))))
        }
        ("paragraph", None) => text(|r| lorem::Paragraph(3..6).fake_with_rng(r)),
        ("url", None) => text(|r| {
            let w: String = lorem::Word().fake_with_rng(r);
            let d: String = lorem::Word().fake_with_rng(r);
            let s: String = net::DomainSuffix().fake_with_rng(r);
            format!("https://www.{d}.{s}/{w}")
        }),
        ("domainname", None) => text(|r| {
            let d: String = lorem::Word().fake_with_rng(r);
            let s: String = net::DomainSuffix().fake_with_rng(r);
            format!("{d}.{s}")
        }),
        ("domainsuffix", None) => text(|r| net::DomainSuffix().fake_with_rng(r)),
        ("ipv4address", None) => text(|r| net::IPv4().fake_with_rng(r)),
        ("ipv6address", None) => text(|r| net::IPv6().fake_with_rng(r)),
        ("macaddress", None) => text(|r| net::MACAddress().fake_with_rng(r)),
        ("useragent", None) => text(|r| net::UserAgent().fake_with_rng(r)),
        ("creditcardnumber" | "creditcard", None) => text(|r| card::CreditCardNumber().fake_with_rng(r)),
        ("creditcardtype", None) => text(|r| pick(r, CARD_TYPES)),
        ("currency" | "currencyshort", None) => text(|r| currency::CurrencyCode().fake_with_rng(r)),
        ("currencyname" | "currencylong", None) => text(|r| currency::CurrencyName().fake_with_rng(r)),
        ("color", None) => text(|r| pick(r, COLORS)),
        ("hexcolor", None) => text(|r| format!("#{:06x}", int_n(r, 1 << 24))),
        ("bool", None) => Box::new(|r: &mut HostRng| Ok(Value::Boolean(int_n(r, 2) == 1))),
        ("digit", None) => text(|r| digit(r).to_string()),
        ("letter", None) => text(|r| letter(r).to_string()),
        ("number" | "intrange", Some(p)) => {
            let v = params(&p, 2, pattern)?;
            let (lo, hi) = ordered(v[0], v[1], pattern)?;
            Box::new(move |r: &mut HostRng| Ok(Value::Int(int_range(r, lo, hi))))
        }
        ("price", Some(p)) => {
            let v = params(&p, 2, pattern)?;
            let (lo, hi) = ordered(v[0], v[1], pattern)?;
            let (lo, hi) = (lo as f64, hi as f64);
            Box::new(move |r: &mut HostRng| Ok(Value::Float(((lo + unit(r) * (hi - lo)) * 100.0).round() / 100.0)))
        }
        ("digitn", Some(p)) => {
            let n = params(&p, 1, pattern)?[0].clamp(0, 10_000) as usize;
            Box::new(move |r: &mut HostRng| Ok(Value::Text((0..n).map(|_| digit(r)).collect())))
        }
        ("lexify", Some(p)) => Box::new(move |r: &mut HostRng| {
            Ok(Value::Text(p.chars().map(|c| if c == '?' { letter(r) } else { c }).collect()))
        }),
        ("numerify", Some(p)) => Box::new(move |r: &mut HostRng| {
            Ok(Value::Text(p.chars().map(|c| if c == '#' { digit(r) } else { c }).collect()))
        }),
        (k, p) => {
            let known = PATTERNS.iter().any(|(n, _)| n.split(':').next() == Some(k));
            if known {
                return Err(match p {
                    Some(_) => format!("gen pattern {k:?} takes no parameters"),
                    None => format!("gen pattern {k:?} needs parameters, e.g. {}", usage(k)),
                });
            }
            return Err(format!("unknown gen pattern {pattern:?}{}", suggest(k)));
        }
    };
    Ok(g)
}

/// Bounds as written: `intrange:10,1` is a typo, not a request for [1, 10].
fn ordered(lo: i64, hi: i64, pattern: &str) -> Result<(i64, i64), String> {
    if lo > hi {
        return Err(format!("gen pattern {pattern:?}: the lower bound {lo} is above the upper bound {hi}"));
    }
    Ok((lo, hi))
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn usage(key: &str) -> String {
    PATTERNS.iter().find(|(n, _)| n.split(':').next() == Some(key)).map(|(n, _)| n.to_string()).unwrap_or_default()
}

fn suggest(key: &str) -> String {
    let mut scored: Vec<(usize, &str)> = PATTERNS
        .iter()
        .map(|(n, _)| {
            let base = n.split(':').next().unwrap_or(n);
            let d = strsim::levenshtein(key, base);
            (if base.starts_with(key) || key.starts_with(base) { d.min(1) } else { d }, *n)
        })
        .collect();
    scored.sort();
    let close: Vec<&str> = scored.iter().filter(|(d, _)| *d <= 3).take(3).map(|(_, n)| *n).collect();
    if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) }
}

pub fn prepare(name: &str, a: &[Value]) -> Option<Result<Prepared, String>> {
    if name != "gen" {
        return None;
    }
    Some(crate::args::text(a, 0, "pattern").and_then(|p| {
        let (key, param) = split(bare(&p));
        match text_writer(&key, param) {
            Some(write) => Ok(Prepared::Texts(write)),
            None => compile(&p).map(Prepared::Values),
        }
    }))
}

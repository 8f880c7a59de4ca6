//! The gen() catalogue (issue 12): every pattern the faker component documents makes 1,000
//! values through the real component, and each value is checked against that pattern's shape
//! rule (a regex or a parser: an IATA code is three capitals, a card number passes Luhn, a time
//! zone is one the system knows…), so a pattern that returns an empty string, its own name or
//! the wrong shape fails.

use edg::plugin::{Limits, Loaded, PatternInfo, Runtime};
use edg::rng::stream;
use edg::value::Value;
use regex::Regex;

enum Rule {
    /// The text (or number as text) matches.
    Re(&'static str),
    /// A predicate over the value.
    Check(fn(&Value) -> bool),
    /// A JSON object with these keys.
    Object(&'static [&'static str]),
    Int(i64, i64),
    Float(f64, f64),
}

fn text(v: &Value) -> String {
    match v {
        Value::Text(s) | Value::Uuid(s) | Value::Json(s) | Value::Date(s) | Value::Time(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

fn luhn(s: &str) -> bool {
    let d = digits(s);
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, x)| if i % 2 == 1 { if x * 2 > 9 { x * 2 - 9 } else { x * 2 } } else { *x })
        .sum();
    !d.is_empty() && sum.is_multiple_of(10)
}

fn json_array(v: &Value) -> Option<Vec<serde_json::Value>> {
    match v {
        Value::Json(s) => serde_json::from_str::<serde_json::Value>(s).ok()?.as_array().cloned(),
        _ => None,
    }
}

fn rule(name: &str) -> Option<Rule> {
    use Rule::*;
    Some(match name {
        "address" => Object(&["address", "street", "city", "state", "zip", "country", "latitude", "longitude"]),
        "job" => Object(&["company", "title", "descriptor", "level"]),
        "book" => Object(&["title", "author", "genre"]),
        "movie" => Object(&["name", "genre"]),
        "song" => Object(&["name", "artist", "genre"]),
        "creditcard" => Object(&["type", "number", "exp", "cvv"]),
        "currency" => Object(&["short", "long"]),
        "errorobject" => Object(&["code", "message"]),
        "person" => Object(&["first_name", "last_name", "gender", "age", "ssn", "phone", "email", "address", "job"]),
        "product" => Object(&["name", "description", "category", "price", "material", "feature", "upc"]),
        "car" => Object(&["type", "fuel", "transmission", "brand", "model", "year"]),
        "map" => Check(
            |v| matches!(v, Value::Json(s) if s.starts_with('{') && serde_json::from_str::<serde_json::Value>(s).is_ok()),
        ),
        "teams" => Check(|v| {
            let Value::Json(s) = v else { return false };
            let o: serde_json::Value = serde_json::from_str(s).unwrap();
            o["red"].as_array().map_or(0, Vec::len) + o["blue"].as_array().map_or(0, Vec::len) == 4
        }),
        "nicecolors" => Check(|v| {
            json_array(v).is_some_and(|a| {
                a.len() == 5 && a.iter().all(|c| c.as_str().is_some_and(|s| s.len() == 7 && s.starts_with('#')))
            })
        }),
        "rgbcolor" => Check(|v| {
            json_array(v).is_some_and(|a| a.len() == 3 && a.iter().all(|c| c.as_u64().is_some_and(|x| x < 256)))
        }),
        "dice" => Check(|v| {
            json_array(v)
                .is_some_and(|a| a.len() == 2 && a.iter().all(|c| c.as_u64().is_some_and(|x| (1..=6).contains(&x))))
        }),
        "shuffleints" => Check(|v| {
            json_array(v).is_some_and(|a| {
                let mut x: Vec<u64> = a.iter().filter_map(|c| c.as_u64()).collect();
                x.sort();
                x == [1, 2, 3, 4]
            })
        }),
        "shufflestrings" => Check(|v| {
            json_array(v).is_some_and(|a| {
                let mut x: Vec<&str> = a.iter().filter_map(|c| c.as_str()).collect();
                x.sort();
                x == ["a", "b", "c"]
            })
        }),
        "bool" => Check(|v| matches!(v, Value::Bool(_))),
        "uuid" => Re("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"),
        "futuredate" | "pastdate" => Check(|v| {
            let Value::Timestamp(t) = v else { return false };
            let now = edg::clock::run_clock_nanos() / 1_000_000_000;
            let year = 366 * 86_400;
            if t.offset_minutes != Some(0) {
                return false;
            }
            (t.unix_seconds > now && t.unix_seconds <= now + year)
                || (t.unix_seconds < now && t.unix_seconds >= now - year)
        }),
        "day" => Int(1, 31),
        "hour" => Int(0, 23),
        "minute" | "second" => Int(0, 59),
        "month" => Int(1, 12),
        "nanosecond" => Int(0, 999_999_999),
        "year" => Int(1900, 2030),
        "age" => Int(18, 90),
        "int8" => Int(-128, 127),
        "int16" => Int(-32_768, 32_767),
        "int32" => Int(i32::MIN as i64, i32::MAX as i64),
        "int" | "int64" => Int(i64::MIN, i64::MAX),
        "uint8" => Int(0, 255),
        "uint16" => Int(0, 65_535),
        "uint32" => Int(0, u32::MAX as i64),
        "uint" | "uint64" => Int(0, i64::MAX),
        "intn" | "uintn" => Int(0, 99),
        "intrange" | "number" => Int(1, 100),
        "uintrange" => Int(0, 1000),
        "randomint" | "randomuint" => Check(|v| matches!(v, Value::Int(1 | 5 | 10))),
        "httpstatuscode" => Int(100, 599),
        "httpstatuscodesimple" => Check(|v| {
            matches!(v, Value::Int(200 | 201 | 204 | 301 | 302 | 304 | 400 | 401 | 403 | 404 | 500 | 502 | 503))
        }),
        "latitude" => Float(-90.0, 90.0),
        "longitude" => Float(-180.0, 180.0),
        "latituderange" => Float(0.0, 90.0),
        "longituderange" => Float(0.0, 180.0),
        "float32range" => Float(1.0, 10.0),
        "float64range" => Float(0.0, 1.0),
        "float32" | "float64" => Check(|v| matches!(v, Value::Float(f) if f.is_finite())),
        "timezoneoffset" => Float(-12.0, 14.0),
        "price" => Check(
            |v| matches!(v, Value::Float(f) if (0.0..=1000.0).contains(f) && ((f * 100.0).round() - f * 100.0).abs() < 1e-6),
        ),
        "timezone" => Check(|v| {
            let name = text(v);
            let zoneinfo = std::path::Path::new("/usr/share/zoneinfo");
            Regex::new("^[A-Z][A-Za-z_]+(/[A-Z][A-Za-z_]+)+$").unwrap().is_match(&name)
                && (!zoneinfo.is_dir() || zoneinfo.join(&name).is_file())
        }),
        "timezoneabv" => Re("^[A-Za-z]{2,5}$"),
        "timezoneregion" => Re("^(America|Pacific|Atlantic|Europe|Africa|Asia|Australia)$"),
        "timezonefull" => Re("^[A-Z][A-Za-z. ()]+ Time( \\(Mexico\\))?$"),
        "email" => Re("^[a-z0-9]+@[a-z0-9]+\\.[a-z]+$"),
        "phone" => Re("^[2-9][0-9]{9}$"),
        "phoneformatted" => Re("^\\([2-9][0-9]{2}\\) [0-9]{3}-[0-9]{4}$"),
        "username" => Re("^[a-z'-]+[0-9]{1,3}$"),
        "zip" => Re("^[0-9]{5}$"),
        "streetnumber" => Re("^[1-9][0-9]{0,4}$"),
        "street" => Re("^[1-9][0-9]* .+ [A-Z][a-z]+$"),
        "unit" => Re("^(Apt|Suite|Unit|Flat|Room) [1-9][0-9]*$"),
        "countryabr" | "stateabr" => Re("^[A-Z]{2}$"),
        "hexcolor" => Re("^#[0-9a-f]{6}$"),
        "airlineairportiata" => Re("^[A-Z]{3}$"),
        "airlineflightnumber" => Re("^[A-Z0-9]{2}[1-9][0-9]{0,3}$"),
        "airlinerecordlocator" => Re("^[A-HJ-NP-Z2-9]{6}$"),
        "airlineseat" => Re("^[1-9][0-9]?[A-F]$"),
        "achaccount" => Re("^[0-9]{12}$"),
        "achrouting" => Check(|v| {
            let d = digits(&text(v));
            let w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
            d.len() == 9 && d.iter().zip(w).map(|(a, b)| a * b).sum::<u32>() % 10 == 0
        }),
        "bitcoinaddress" => Re("^[13][1-9A-HJ-NP-Za-km-z]{25,33}$"),
        "bitcoinprivatekey" => Re("^5[HJK][1-9A-HJ-NP-Za-km-z]{49}$"),
        "creditcardnumber" => Check(|v| {
            let s = text(v);
            (14..=16).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && luhn(&s)
        }),
        "creditcardcvv" => Re("^[0-9]{3}$"),
        "creditcardexp" => Re("^(0[1-9]|1[0-2])/[0-9]{2}$"),
        "currencyshort" => Re("^[A-Z]{3}$"),
        "cusip" => Check(|v| {
            let s = text(v);
            let sum: u32 = s[..8]
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    let x = c.to_digit(36).unwrap() * if i % 2 == 1 { 2 } else { 1 };
                    x / 10 + x % 10
                })
                .sum();
            s.len() == 9 && s[8..].parse::<u32>().ok() == Some((10 - sum % 10) % 10)
        }),
        "ein" => Re("^[0-9]{2}-[0-9]{7}$"),
        "isin" => Check(|v| {
            let s = text(v);
            let expanded: String = s.chars().map(|c| c.to_digit(36).unwrap().to_string()).collect();
            s.len() == 12 && s[..2].bytes().all(|b| b.is_ascii_uppercase()) && luhn(&expanded)
        }),
        "beeralcohol" => Re("^[0-9]{1,2}\\.[0-9]%$"),
        "beerblg" => Re("^[0-9]{1,2}\\.[0-9]$"),
        "beeribu" => Re("^[0-9]{2,3}$"),
        "ipv4address" => Check(|v| text(v).parse::<std::net::Ipv4Addr>().is_ok()),
        "ipv6address" => Check(|v| text(v).parse::<std::net::Ipv6Addr>().is_ok()),
        "macaddress" => Re("^([0-9a-f]{2}:){5}[0-9a-f]{2}$"),
        "url" => Re("^https?://(www\\.)?[a-z]+\\.[a-z]+/[a-z-]+/[a-z]+$"),
        "domainname" => Re("^[a-z]+\\.[a-z]+$"),
        "domainsuffix" => Re("^[a-z]{2,}$"),
        "urlslug" => Re("^[a-z]+-[a-z]+-[a-z]+$"),
        "useragent" => Re("^Mozilla/5\\.0 \\(.+\\) .+$"),
        "chromeuseragent" => Re("^Mozilla/5\\.0 .+ Chrome/[0-9.]+ Safari/537\\.36$"),
        "firefoxuseragent" => Re("^Mozilla/5\\.0 .+ Firefox/[0-9.]+$"),
        "operauseragent" => Re("^Mozilla/5\\.0 .+ OPR/[0-9.]+$"),
        "safariuseragent" => Re("^Mozilla/5\\.0 .+ Version/[0-9.]+ Safari/[0-9.]+$"),
        "apiuseragent" => Re("^[A-Za-z-]+/[0-9]"),
        "httpmethod" => Re("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$"),
        "httpversion" => Re("^HTTP/[0-9]\\.[0-9]$"),
        "inputname" => Re("^[a-z_]+$"),
        "languageabbreviation" => Re("^[a-z]{2}$"),
        "languagebcp" => Re("^[a-z]{2}-[A-Z]{2}$"),
        "date" => Re("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        "daterange" => Re("^202[0-5]-[0-9]{2}-[0-9]{2}$"),
        "time" => Re("^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"),
        "timerange" => Re("^(0[89]|1[0-7]):[0-5][0-9]:[0-5][0-9]$"),
        "digit" => Re("^[0-9]$"),
        "digitn" => Re("^[0-9]{6}$"),
        "letter" => Re("^[A-Za-z]$"),
        "lettern" => Re("^[A-Za-z]{8}$"),
        "vowel" => Re("^[aeiou]$"),
        "hexuint" => Re("^[0-9a-f]{8}$"),
        "lexify" => Re("^[A-Za-z]{3}-###$"),
        "numerify" => Re("^[0-9]{3}-[0-9]{3}$"),
        "regex" => Re("^[A-Z]{3}-[0-9]{4}$"),
        "generate" => Re("^\\S+ \\S.*$"),
        "id" => Re("^[0-9a-hjkmnp-tv-z]{20}$"),
        "password" => Re("^[A-Za-z0-9]{16}$"),
        "flipacoin" => Re("^(Heads|Tails)$"),
        "ssn" => Re("^[0-9]{3}-[0-9]{2}-[0-9]{4}$"),
        "gender" => Re("^(male|female)$"),
        "productisbn" => Check(|v| {
            let s = text(v);
            let d = digits(&s);
            let sum: u32 = d.iter().enumerate().map(|(i, x)| x * if i % 2 == 0 { 1 } else { 3 }).sum();
            s.starts_with("978-") && d.len() == 13 && sum.is_multiple_of(10)
        }),
        "productupc" => Check(|v| {
            let d = digits(&text(v));
            let sum: u32 = d.iter().enumerate().map(|(i, x)| x * if i % 2 == 0 { 3 } else { 1 }).sum();
            d.len() == 12 && sum.is_multiple_of(10)
        }),
        "productdimension" => Re("^[0-9]+x[0-9]+x[0-9]+ (inches|cm)$"),
        "sentence" | "hipstersentence" | "loremipsumsentence" => Re("^[A-Z][a-z-]*( [a-z-]+){4}\\.$"),
        "paragraph" | "hipsterparagraph" | "loremipsumparagraph" => {
            Re("^([A-Z][a-z-]*( [a-z-]+){7}\\.)( [A-Z][a-z-]*( [a-z-]+){7}\\.){2}$")
        }
        "markdown" => Re("(?s)^# [A-Z].+\n- .+\\*\\*.+$"),
        "emojisentence" => Check(|v| text(v).chars().filter(|c| !c.is_ascii()).count() >= 3),
        "email_text" => Re("(?s)^Dear .+,\n\n.+\n\nBest regards,\n.+$"),
        "question" => Re("^[A-Z][a-z]+ .+\\?$"),
        "quote" => Re("^\".+\"$"),
        "bs" => Re("^\\S+ \\S+ .+$"),
        "slogan" => Re("^[A-Z][a-z]+ .+\\.$"),
        "hackerphrase" => Re("^If we .+!$"),
        "gamertag" => Re("^[A-Za-z0-9_]+$"),
        "socialmedia" => Re("^(@[a-z'-]+[0-9]+|https://[a-z./@]+[a-z'-]+[0-9]+)$"),
        "school" => Re(" (Elementary School|Middle School|High School|Academy|College|Institute)$"),
        "bio" => Re("^I'm a [a-z]+ from .+ who loves .+ and .+\\.$"),
        "randomstring" => Re("^(red|green|blue)$"),
        "weighted" => Re("^(small|large)$"),
        "errorhttp" => Re("^[45][0-9]{2} [A-Z]"),
        "errorhttpclient" => Re("^4[0-9]{2} [A-Z]"),
        "errorhttpserver" => Re("^5[0-9]{2} [A-Z]"),
        "emojialias" => Re("^[a-z0-9_]+$"),
        "emojicategory" | "emojitag" => Check(word),
        "productname" => Re("^[A-Z][A-Za-z-]+ [A-Z][A-Za-z ]+$"),
        "productdescription" => Re("^[A-Z].+ made of .+ for .+\\.$"),
        "phrase" | "phrasenoun" | "phraseverb" | "phraseadverb" | "phrasepreposition" => Re("^[a-z]+( [a-z]+)+$"),
        _ => return None,
    })
}

/// Patterns picked from a list of words or names: text that starts with a letter, digit or
/// quote and holds no braces (an unexpanded `{pattern}`).
fn word(v: &Value) -> bool {
    static WORD: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r#"^[\p{L}\p{N}"][\p{L}\p{N} .,'’&/()+:?!%°#–-]*$"#).unwrap());
    matches!(v, Value::Text(s) if WORD.is_match(s) && s.len() <= 120)
}

fn emoji(v: &Value) -> bool {
    matches!(v, Value::Text(s) if !s.is_empty() && s.chars().all(|c| !c.is_ascii_alphanumeric()) && s.chars().count() <= 8)
}

fn check(p: &PatternInfo, rule: &Option<Rule>, re: &Option<Regex>, v: &Value) -> Result<(), String> {
    let t = text(v);
    if t.is_empty() || t.eq_ignore_ascii_case(&p.name) {
        return Err(format!("empty or the pattern's own name: {t:?}"));
    }
    let ok = match rule {
        Some(Rule::Re(_)) => re.as_ref().expect("compiled").is_match(&t),
        Some(Rule::Check(f)) => f(v),
        Some(Rule::Object(keys)) => match v {
            Value::Json(s) => serde_json::from_str::<serde_json::Value>(s)
                .ok()
                .and_then(|o| o.as_object().cloned())
                .is_some_and(|o| keys.iter().all(|k| o.get(*k).is_some_and(|x| !x.is_null() && x != ""))),
            _ => false,
        },
        Some(Rule::Int(lo, hi)) => matches!(v, Value::Int(i) if (lo..=hi).contains(&i)),
        Some(Rule::Float(lo, hi)) => matches!(v, Value::Float(f) if (lo..=hi).contains(&f)),
        None if p.category == "Emoji" => emoji(v),
        None => word(v),
    };
    if ok { Ok(()) } else { Err(format!("{v:?} does not have the shape of {}", p.name)) }
}

fn catalogue() -> (Runtime, Vec<Loaded>, Vec<PatternInfo>) {
    let rt = Runtime::new(Limits::default()).unwrap();
    let loaded = rt.builtins().unwrap();
    let patterns = loaded
        .iter()
        .filter_map(|l| match l {
            Loaded::Generator { info, .. } => Some(info.patterns.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    (rt, loaded, patterns)
}

#[test]
fn every_documented_pattern_makes_values_of_its_shape() {
    let (rt, loaded, patterns) = catalogue();
    assert!(patterns.len() >= 330, "only {} patterns", patterns.len());
    let mut set = rt.instantiate(&loaded).unwrap();
    let mut failures = Vec::new();
    for p in &patterns {
        assert_eq!(p.function, "gen");
        let arg = p.example.strip_prefix("gen('").and_then(|s| s.strip_suffix("')")).expect("example is gen('…')");
        let values = match set.call("gen", &[Value::Text(arg.into())], 1000, &mut stream(1, "catalogue", &p.name, 0)) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{arg}: {e}"));
                continue;
            }
        };
        assert_eq!(values.len(), 1000);
        let rule = rule(&p.name);
        let re = match &rule {
            Some(Rule::Re(r)) => Some(Regex::new(r).unwrap()),
            _ => None,
        };
        if let Some(bad) = values.iter().find_map(|v| check(p, &rule, &re, v).err()) {
            failures.push(format!("{arg}: {bad}"));
        }
        // A pattern's values vary (a constant would pass a shape rule).
        let distinct: std::collections::HashSet<String> = values.iter().map(text).collect();
        if distinct.len() < 2 {
            failures.push(format!("{arg}: every value is {:?}", values[0]));
        }
    }
    assert!(failures.is_empty(), "{} pattern(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn patterns_are_case_insensitive_and_optional_parameters_default() {
    let (rt, loaded, patterns) = catalogue();
    let mut set = rt.instantiate(&loaded).unwrap();
    let call = |set: &mut edg::plugin::PluginSet, pattern: &str| {
        set.call("gen", &[Value::Text(pattern.into())], 20, &mut stream(5, "case", "p", 0))
    };
    assert_eq!(call(&mut set, "EMAIL").unwrap(), call(&mut set, "email").unwrap());
    assert_eq!(call(&mut set, "{FirstName}").unwrap(), call(&mut set, "firstname").unwrap());
    // Without parameters a pattern with optional ones uses its defaults: `number` is int32.
    for p in patterns.iter().filter(|p| p.params.is_empty() || p.params.starts_with('[')) {
        let values = call(&mut set, &p.name).unwrap_or_else(|e| panic!("gen('{}'): {e}", p.name));
        assert_eq!(values.len(), 20, "{}", p.name);
    }
    let wide = call(&mut set, "number").unwrap();
    assert!(wide.iter().any(|v| matches!(v, Value::Int(i) if i.abs() > 1_000_000)), "{wide:?}");
}

#[test]
fn a_pattern_takes_one_u64_per_row() {
    // Values depend on the row's position only: one call of 100 equals 100 calls of 1.
    let (rt, loaded, patterns) = catalogue();
    let mut set = rt.instantiate(&loaded).unwrap();
    for p in patterns.iter().step_by(7) {
        let arg = p.example.trim_start_matches("gen('").trim_end_matches("')").to_string();
        let batched = set.call("gen", &[Value::Text(arg.clone())], 100, &mut stream(3, "rows", &p.name, 0)).unwrap();
        let mut rng = stream(3, "rows", &p.name, 0);
        let single: Vec<Value> =
            (0..100).flat_map(|_| set.call("gen", &[Value::Text(arg.clone())], 1, &mut rng).unwrap()).collect();
        assert_eq!(batched, single, "{arg}");
    }
}

#[test]
fn the_readme_catalogue_lists_every_function_and_pattern() {
    let readme = std::fs::read_to_string(crate::support::util::root().join("README.md")).unwrap();
    let out = crate::support::util::edg(&["plugins", "list", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let listing: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(listing["schema_version"], 1);
    let mut functions = 0;
    for g in listing["generators"].as_array().unwrap() {
        for f in g["functions"].as_array().unwrap() {
            let name = f["name"].as_str().unwrap();
            assert!(readme.contains(&format!("`{name}`")), "README lacks function {name}");
            assert!(!f["doc"].as_str().unwrap().is_empty() && !f["example"].as_str().unwrap().is_empty(), "{name}");
            functions += 1;
        }
        for p in g["patterns"].as_array().unwrap() {
            let (name, params) = (p["name"].as_str().unwrap(), p["params"].as_str().unwrap());
            let shown = if params.is_empty() { format!("`{name}`") } else { format!("`{name}:{params}`") };
            assert!(readme.contains(&shown), "README lacks pattern {shown}");
        }
    }
    assert_eq!(functions, 86, "the Go edg's 86 expression functions");
}

//! The functions this component exports: signatures and docs for `describe`, and dispatch.

use crate::Prepared;
use edg_plugin_sdk::FunctionDoc;
use edg_plugin_sdk::Value;
use edg_plugin_sdk::describe::ParamDoc;

/// (name, params as "name:kind" with a trailing '?' when optional, returns, doc, example)
const SPECS: &[(&str, &[&str], &str, &str, &str)] = &[
    (
        "gen",
        &["pattern:string"],
        "any",
        "A fake value by pattern; `edg plugins list` shows the patterns",
        "gen('email')",
    ),
    ("uniform", &["min:float", "max:float"], "float", "Uniform float in [min, max)", "uniform(1, 500)"),
    (
        "uniform_f",
        &["min:float", "max:float", "precision:int"],
        "float",
        "uniform, rounded to precision decimal places",
        "uniform_f(1, 500, 2)",
    ),
    (
        "norm",
        &["mean:float", "stddev:float", "min:float", "max:float", "precision:int?"],
        "float",
        "Normal distribution within [min, max] by rejection, rounded (default 0 places)",
        "norm(50, 10, 1, 100)",
    ),
    (
        "norm_f",
        &["mean:float", "stddev:float", "min:float", "max:float", "precision:int"],
        "float",
        "norm with explicit precision",
        "norm_f(50, 10, 1, 100, 2)",
    ),
    (
        "exp",
        &["rate:float", "min:float", "max:float", "precision:int?"],
        "float",
        "Exponential distribution within [min, max], rounded (default 0 places)",
        "exp(0.5, 0, 100)",
    ),
    (
        "exp_f",
        &["rate:float", "min:float", "max:float", "precision:int"],
        "float",
        "exp with explicit precision",
        "exp_f(0.5, 0, 100, 2)",
    ),
    (
        "lognorm",
        &["mu:float", "sigma:float", "min:float", "max:float", "precision:int?"],
        "float",
        "Log-normal distribution within [min, max], rounded (default 0 places)",
        "lognorm(1, 0.5, 1, 100)",
    ),
    (
        "lognorm_f",
        &["mu:float", "sigma:float", "min:float", "max:float", "precision:int"],
        "float",
        "lognorm with explicit precision",
        "lognorm_f(1, 0.5, 1, 100, 2)",
    ),
    (
        "zipf",
        &["s:float", "v:float", "max:int"],
        "int",
        "Zipf-distributed integer in [0, max]; s > 1, v >= 1",
        "zipf(1.1, 1, 1000)",
    ),
    (
        "set_rand",
        &["values:list", "weights:list?"],
        "any",
        "One of values; weighted when weights are given (integers)",
        "set_rand(['a', 'b'], [80, 20])",
    ),
    (
        "set_norm",
        &["values:list", "mean:float", "stddev:float"],
        "any",
        "One of values, index normally distributed and clamped",
        "set_norm(['s', 'm', 'l'], 1, 0.7)",
    ),
    (
        "set_exp",
        &["values:list", "rate:float"],
        "any",
        "One of values, index exponentially distributed and clamped",
        "set_exp(['a', 'b', 'c'], 1)",
    ),
    (
        "set_lognorm",
        &["values:list", "mu:float", "sigma:float"],
        "any",
        "One of values, index log-normally distributed and clamped",
        "set_lognorm(['a', 'b', 'c'], 0, 1)",
    ),
    (
        "set_zipf",
        &["values:list", "s:float", "v:float"],
        "any",
        "One of values, index Zipf-distributed",
        "set_zipf(['a', 'b', 'c'], 2, 1)",
    ),
    ("bool", &[], "bool", "true or false with equal odds", "bool()"),
    ("bytes", &["length:int"], "string", "length random bytes as PostgreSQL hex text (\\x...)", "bytes(16)"),
    ("blob", &["length:int"], "bytes", "length random bytes", "blob(16)"),
    (
        "timestamp",
        &["min:string", "max:string"],
        "timestamp",
        "Uniform timestamp in [min, max), whole seconds, UTC; RFC 3339 bounds",
        "timestamp('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
    ),
    (
        "date",
        &["format:string", "min:string", "max:string"],
        "string",
        "Uniform date in [min, max) formatted with a Go layout",
        "date('2006-01-02', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
    ),
    (
        "time",
        &["min:string", "max:string"],
        "time",
        "Uniform time of day in [min, max)",
        "time('09:00:00', '17:00:00')",
    ),
    ("duration", &["min:string", "max:string"], "string", "Uniform Go duration in [min, max)", "duration('1m', '2h')"),
    ("uuid_v4", &[], "uuid", "Random (version 4) UUID", "uuid_v4()"),
    (
        "point",
        &["lat:float", "lon:float", "radius_km:float"],
        "json",
        "Random point within radius_km of (lat, lon) as {\"lat\",\"lon\"}",
        "point(51.5, -0.12, 10)",
    ),
    (
        "point_wkt",
        &["lat:float", "lon:float", "radius_km:float"],
        "string",
        "Random point as WKT POINT(lon lat)",
        "point_wkt(51.5, -0.12, 10)",
    ),
    ("inet", &["cidr:string"], "string", "Random host address within a CIDR block", "inet('10.0.0.0/8')"),
    (
        "timez",
        &["min:string", "max:string"],
        "string",
        "Uniform time of day in [min, max) with a UTC offset (+00:00), for TIMETZ",
        "timez('09:00:00', '17:00:00')",
    ),
    (
        "date_offset",
        &["duration:string"],
        "string",
        "The run clock plus a Go duration, RFC 3339 (reads the run clock)",
        "date_offset('-720h')",
    ),
    ("uuid_v1", &[], "uuid", "Time-based (version 1) UUID from the run clock; random node", "uuid_v1()"),
    ("uuid_v6", &[], "uuid", "Reordered time-based (version 6) UUID from the run clock", "uuid_v6()"),
    ("uuid_v7", &[], "uuid", "Unix-time-ordered (version 7) UUID from the run clock", "uuid_v7()"),
    ("objectid", &[], "string", "MongoDB ObjectId (24 hex digits) from the run clock", "objectid()"),
    ("bit", &["length:int"], "string", "Bit string of exactly length bits", "bit(8)"),
    ("varbit", &["length:int"], "string", "Bit string of 1 to length bits", "varbit(16)"),
    ("regex", &["pattern:string"], "string", "Text matching a regular expression", "regex('[A-Z]{3}-[0-9]{4}')"),
    (
        "gen_locale",
        &["field:string", "locale:string"],
        "string",
        "first_name, last_name, name, city, street, phone, zip or address in a locale (en_US ja_JP de_DE fr_FR es_ES pt_BR zh_CN ko_KR)",
        "gen_locale('name', 'ja_JP')",
    ),
    (
        "norm_n",
        &["mean:float", "stddev:float", "min:float", "max:float", "min_n:int", "max_n:int"],
        "string",
        "min_n..=max_n distinct whole normal draws within [min, max], comma-separated",
        "norm_n(50, 10, 1, 100, 2, 4)",
    ),
    (
        "distribute_sum",
        &["total:float", "min_n:int", "max_n:int", "precision:int"],
        "string",
        "min_n..=max_n random parts adding up to total, rounded, comma-separated",
        "distribute_sum(100, 2, 5, 2)",
    ),
    (
        "distribute_weighted",
        &["total:float", "weights:list", "noise:float", "precision:int"],
        "string",
        "Parts of total proportional to weights, each varied by up to ±noise, comma-separated",
        "distribute_weighted(100, [50, 30, 20], 0.1, 2)",
    ),
    (
        "json_arr",
        &["min_n:int", "max_n:int", "pattern:string"],
        "json",
        "JSON array of min_n..=max_n gen(pattern) values",
        "json_arr(1, 3, 'word')",
    ),
    (
        "array",
        &["min_n:int", "max_n:int", "pattern:string"],
        "string",
        "PostgreSQL array literal of gen(pattern) values",
        "array(1, 3, 'word')",
    ),
];

pub fn functions() -> Vec<FunctionDoc> {
    let mut out: Vec<FunctionDoc> = SPECS
        .iter()
        .map(|(name, params, returns, doc, example)| FunctionDoc {
            name: name.to_string(),
            params: params
                .iter()
                .map(|p| {
                    let (n, kind) = p.split_once(':').unwrap_or((p, "any"));
                    ParamDoc { name: n.into(), kind: kind.trim_end_matches('?').into(), optional: kind.ends_with('?') }
                })
                .collect(),
            variadic: false,
            returns: returns.to_string(),
            doc: if *name == "gen" { gen_doc() } else { doc.to_string() },
            example: example.to_string(),
        })
        .collect();
    out.extend(patterns());
    out
}

/// One entry per `gen()` pattern, named `gen:<pattern>` (the WIT's convention for documenting
/// what a function takes): parameters as written after ':', the doc prefixed by its category.
fn patterns() -> impl Iterator<Item = FunctionDoc> {
    crate::patterns::PATTERNS.iter().map(|p| FunctionDoc {
        name: format!("gen:{}", p.name),
        params: if p.params.is_empty() {
            Vec::new()
        } else {
            vec![ParamDoc { name: p.params.into(), kind: "text".into(), optional: p.params.starts_with('[') }]
        },
        variadic: false,
        returns: String::new(),
        doc: format!("{}: {}", p.category, p.doc),
        example: format!("gen('{}')", p.example),
    })
}

fn gen_doc() -> String {
    format!("A fake value by pattern ({} patterns, listed below)", crate::patterns::PATTERNS.len())
}

/// A call's generator; the SDK has checked the function exists and the argument count.
pub fn prepare(name: &str, args: &[Value]) -> Result<Prepared, String> {
    crate::patterns::prepare(name, args)
        .or_else(|| crate::dist::pick(name, args))
        .or_else(|| crate::dist::prepare(name, args))
        .or_else(|| crate::temporal::prepare(name, args).map(|g| g.map(Prepared::Values)))
        .or_else(|| crate::misc::prepare(name, args).map(|g| g.map(Prepared::Values)))
        .or_else(|| crate::ids::prepare(name, args).map(|g| g.map(Prepared::Values)))
        .or_else(|| crate::sums::prepare(name, args).map(|g| g.map(Prepared::Values)))
        .unwrap_or_else(|| Err(format!("function {name:?} is described but not implemented")))
}

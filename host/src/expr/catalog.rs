//! The host's own expression functions, documented: signature, doc and example for `edg
//! plugins list`, and the arity every call is checked against when a config loads.
//! (Generators from plugins describe themselves; these need the host's state: sequences,
//! datasets, the row in progress, per-run constants.)

use crate::plugin::{FunctionInfo, ParamInfo};

/// (name, params as "name:kind" with '?' when optional and "..." suffix when repeatable, doc, example)
type Entry = (&'static str, &'static [&'static str], &'static str, &'static str);

pub const HOST_FUNCTIONS: &[Entry] = &[
    ("seq", &["start:int", "step:int"], "start + n·step; one counter per side shared by every seq() call", "seq(1, 1)"),
    ("seq_global", &["name:string"], "Next value of a named `seq:` sequence", "seq_global('order_id')"),
    ("seq_rand", &["name:string"], "A value a named sequence has already issued, uniformly", "seq_rand('order_id')"),
    (
        "seq_norm",
        &["name:string", "mean:float", "stddev:float"],
        "An issued value of a sequence, its index normally distributed and clamped",
        "seq_norm('order_id', 500, 100)",
    ),
    (
        "seq_exp",
        &["name:string", "rate:float"],
        "An issued value of a sequence, its index exponentially distributed and clamped",
        "seq_exp('order_id', 0.01)",
    ),
    (
        "seq_lognorm",
        &["name:string", "mu:float", "sigma:float"],
        "An issued value of a sequence, its index log-normally distributed and clamped",
        "seq_lognorm('order_id', 3, 1)",
    ),
    (
        "seq_zipf",
        &["name:string", "s:float", "v:float"],
        "An issued value of a sequence, its index Zipf-distributed (s > 1, v >= 1)",
        "seq_zipf('order_id', 1.1, 1)",
    ),
    ("ref_rand", &["dataset:string"], "A random row of a dataset (NULL if empty)", "ref_rand('fetch_users').id"),
    ("ref_same", &["dataset:string"], "One random row, the same for every argument of a row", "ref_same('users').id"),
    ("ref_perm", &["dataset:string"], "One random row, the same for the whole run", "ref_perm('regions').name"),
    ("ref_diff", &["dataset:string"], "A row not yet used by this query", "ref_diff('users').id"),
    (
        "ref_n",
        &["dataset:string", "field:string", "min:int", "max:int"],
        "min..=max distinct rows' field values, comma-separated",
        "ref_n('products', 'id', 1, 5)",
    ),
    (
        "weighted_sample_n",
        &["dataset:string", "field:string", "weight_field:string", "min:int", "max:int"],
        "min..=max distinct rows picked by weight, their field values comma-separated",
        "weighted_sample_n('products', 'id', 'popularity', 1, 3)",
    ),
    (
        "ref_each",
        &["sql:string"],
        "Runs the query; the statement runs once per row, its columns spliced in",
        "ref_each('SELECT id, tenant_id FROM project')",
    ),
    (
        "batch",
        &["n:int", "step:int?"],
        "Rows 0, step, 2·step… (n of them): the statement runs once per row",
        "batch(10)",
    ),
    (
        "gen_batch",
        &["total:int", "size:int", "pattern:string"],
        "total gen(pattern) values in rows of size, each row's values joined by the unit separator (\\x1f, see __sep__)",
        "gen_batch(1000, 100, 'email')",
    ),
    ("arg", &["index_or_name:any"], "An argument already computed for this row", "arg(0)"),
    ("global", &["name:string"], "A global's value", "global('regions')"),
    ("local", &["name:string"], "A transaction local (run transactions only)", "local('account_id')"),
    ("env", &["name:string"], "An environment variable (must be set)", "env('REGION')"),
    ("env_nil", &["name:string"], "An environment variable, or NULL when unset", "env_nil('REGION')"),
    ("iter", &[], "1-based row number within the running query", "iter()"),
    (
        "nullable",
        &["value:any", "probability:float"],
        "NULL with the given probability, else value",
        "nullable(gen('email'), 0.1)",
    ),
    ("coalesce", &["values:any..."], "The first value that is not NULL", "coalesce(arg(0), 'none')"),
    ("template", &["format:string", "args:any..."], "Go fmt.Sprintf formatting", "template('%05d', iter())"),
    (
        "cond",
        &["predicate:bool", "then:any", "else:any"],
        "then when predicate is true, else else",
        "cond(iter() % 2 == 0, 'even', 'odd')",
    ),
    ("json_obj", &["pairs:any..."], "JSON object from key, value pairs", "json_obj('a', 1, 'b', 'x')"),
    (
        "uniq",
        &["expression:string", "tries:int?"],
        "Re-evaluates the expression until its value is new in this query",
        "uniq(\"gen('email')\")",
    ),
    ("count", &["dataset:string", "field:string?"], "Rows in a dataset (or items in a list)", "count('users')"),
    ("sum", &["dataset:string", "field:string"], "Sum of a dataset's field", "sum('orders', 'amount')"),
    ("avg", &["dataset:string", "field:string"], "Mean of a dataset's field", "avg('orders', 'amount')"),
    ("min", &["dataset:string", "field:string"], "Smallest value of a dataset's field", "min('orders', 'amount')"),
    ("max", &["dataset:string", "field:string"], "Largest value of a dataset's field", "max('orders', 'amount')"),
    (
        "distinct",
        &["dataset:string", "field:string"],
        "Distinct values of a dataset's field",
        "distinct('orders', 'status')",
    ),
    ("const", &["value:any"], "The value itself", "const(42)"),
    ("expr", &["value:any"], "The value itself", "expr(1 + 2)"),
    (
        "ltree",
        &["parts:any..."],
        "PostgreSQL ltree path; characters outside [A-Za-z0-9_] become _",
        "ltree('top', 'science')",
    ),
    (
        "nurand",
        &["a:int", "x:int", "y:int"],
        "TPC-C NURand(A, x, y); C is a per-run constant for each A",
        "nurand(1023, 1, 3000)",
    ),
    (
        "nurand_n",
        &["a:int", "x:int", "y:int", "min_n:int", "max_n:int"],
        "min_n..=max_n distinct NURand values, comma-separated",
        "nurand_n(8191, 1, 100000, 5, 15)",
    ),
    (
        "vector",
        &["dims:int", "clusters:int", "spread:float"],
        "Unit-length embedding near one of `clusters` per-run centroids, as [x,…] (6 places)",
        "vector(384, 10, 0.1)",
    ),
    (
        "vector_zipf",
        &["dims:int", "clusters:int", "spread:float", "s:float", "v:float"],
        "vector() with the centroid chosen by Zipf",
        "vector_zipf(384, 10, 0.1, 1.1, 1)",
    ),
    (
        "vector_norm",
        &["dims:int", "clusters:int", "spread:float", "mean:float", "stddev:float"],
        "vector() with the centroid index normally distributed and clamped",
        "vector_norm(384, 10, 0.1, 5, 2)",
    ),
    (
        "mask",
        &["value:any", "mode:string?", "length:int?"],
        "Deterministic HMAC-SHA256 token of value (per-run key from the seed): mode hex (default), alnum, digits, email or uuid",
        "mask(arg(0), 'email')",
    ),
    ("fail", &["message:string"], "Stops the run with the message (an error)", "fail('unexpected state')"),
    ("fatal", &["message:string"], "Stops the run with the message (an error)", "fatal('unexpected state')"),
];

/// Accepted argument counts: (min, max), max None when the last parameter repeats.
pub fn arity(params: &[&str]) -> (usize, Option<usize>) {
    let variadic = params.last().is_some_and(|p| p.ends_with("..."));
    let min = params.iter().filter(|p| !p.ends_with('?') && !p.ends_with("...")).count();
    (min, if variadic { None } else { Some(params.len()) })
}

/// The host functions as `plugins list` shows them.
pub fn describe() -> Vec<FunctionInfo> {
    HOST_FUNCTIONS
        .iter()
        .map(|(name, params, doc, example)| FunctionInfo {
            name: name.to_string(),
            params: params
                .iter()
                .map(|p| {
                    let p = p.trim_end_matches("...");
                    let (n, kind) = p.split_once(':').unwrap_or((p, "any"));
                    ParamInfo { name: n.into(), kind: kind.trim_end_matches('?').into(), optional: kind.ends_with('?') }
                })
                .collect(),
            variadic: params.last().is_some_and(|p| p.ends_with("...")),
            returns: String::new(),
            doc: doc.to_string(),
            example: example.to_string(),
        })
        .collect()
}

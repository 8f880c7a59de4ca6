//! Entry points of the fuzz targets in `fuzz/`: each takes arbitrary bytes, must not panic,
//! and checks a property of what it parsed. The corpus regression test (`tests/fuzz_corpus.rs`)
//! replays every committed corpus file through the same functions on the stable toolchain.

use crate::config::Config;
use crate::expr::Evaluator;
use crate::plugin::{Limits, Runtime};
use crate::value::RawColumn;
use std::cell::RefCell;

/// Config loading: YAML, `!include`, strict keys, size and nesting caps.
pub fn config(data: &[u8]) {
    // Includes of devices (`/dev/stdin` blocks) or system files measure the machine, not edg.
    if data.windows(5).any(|w| w == b"/dev/" || w == b"/sys/") || data.windows(6).any(|w| w == b"/proc/") {
        return;
    }
    thread_local! {
        static DIR: tempfile_dir::Dir = tempfile_dir::Dir::new();
    }
    DIR.with(|d| {
        let path = d.0.join("config.yaml");
        if std::fs::write(&path, data).is_ok() {
            let _ = crate::config::load(&path);
        }
    });
}

/// Expressions: checked and compiled as a config's argument would be, then evaluated.
pub fn expression(data: &[u8]) {
    let Ok(src) = std::str::from_utf8(data) else { return };
    thread_local! {
        static EV: RefCell<Option<Evaluator>> = const { RefCell::new(None) };
    }
    EV.with(|ev| {
        let mut ev = ev.borrow_mut();
        let ev = ev.get_or_insert_with(|| {
            let runtime = Runtime::new(Limits::default()).expect("runtime");
            let set = runtime.instantiate(&runtime.builtins().expect("built-ins")).expect("instances");
            Evaluator::new(set, &Config::default(), 1).expect("evaluator")
        });
        if let Ok(c) = ev.compile(src) {
            // Ranges and repeats make work in proportion to a number in the source: a config
            // may ask for that, and it is not what this target looks for.
            if !src.contains("..") && !src.contains("repeat") && src.len() < 512 {
                let _ = ev.eval(&c);
            }
        }
    });
}

/// PostgreSQL COPY text: the first byte is the column count, the rest the data. Whatever
/// parses, parses into whole rows.
pub fn copy_text(data: &[u8]) {
    let Some((&n, data)) = data.split_first() else { return };
    let width = (n % 16) as usize + 1;
    let mut cols: Vec<RawColumn> = (0..width).map(|_| RawColumn::default()).collect();
    if let Ok(used) = crate::driver::postgres::copy::parse_copy_text(data, &mut cols) {
        assert!(used <= data.len());
        let rows = cols[0].len();
        assert!(cols.iter().all(|c| c.len() == rows && c.ends.len() == c.nulls.len()), "ragged COPY rows");
        assert_eq!(rows, data[..used].iter().filter(|b| **b == b'\n').count(), "rows vs lines");
    }
}

/// Connection strings: whatever redaction finds is hidden in what is shown, and a Go DSN's
/// fields arrive in the connect options unchanged.
pub fn connection_string(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for span in crate::dsn::secret_spans(s) {
        assert!(span.end <= s.len() && s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
    }
    let secrets: Vec<String> = crate::redact::secrets_of(s)
        .into_iter()
        // A secret that starts or ends with `*` or holds `**` can be spelled again by the mask
        // and its neighbours (`***@`): that is the mask, not the secret.
        .filter(|x| !x.contains("**") && !x.starts_with('*') && !x.ends_with('*'))
        .collect();
    let shown = crate::redact::scrub_with(&crate::redact::url(s), &secrets);
    for x in &secrets {
        assert!(!shown.contains(x.as_str()), "{x:?} shown in {shown:?}");
    }
    // A Go DSN becomes connect options field by field: the user arrives as written.
    if let (Some(d), Ok(opts)) = (crate::dsn::go_dsn(s), crate::driver::mysql::url::mysql_options(s))
        && !s.contains("://")
    {
        assert_eq!(opts.get_username(), d.user, "user changed on the way from {s:?}");
    }
    let _ = crate::driver::cassandra::parse_url(s);
    for d in crate::driver::Driver::ALL {
        let _ = crate::driver::url::check_scheme(d, s);
    }
    let _ = crate::driver::sqlite::url::sqlite_options(s, false);
}

/// A directory of its own for the config target, removed when the thread ends.
mod tempfile_dir {
    pub struct Dir(pub std::path::PathBuf);

    impl Dir {
        pub fn new() -> Self {
            let d = std::env::temp_dir().join(format!("edg-fuzz-{}", std::process::id()));
            let _ = std::fs::create_dir_all(&d);
            Dir(d)
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

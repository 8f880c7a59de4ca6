//! Log lines in edg's logfmt style on stderr: `INFO running query section=seed query=users`.
//! No timestamps (as the Go original); values quoted only when they need it; passwords scrubbed.

use std::fmt::Write as _;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

struct Logfmt;

#[derive(Default)]
struct Fields {
    message: String,
    pairs: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            let _ = write!(self.pairs, " {}={}", field.name(), quote(value));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        self.record_str(field, &text);
    }
}

/// Quote a value when it has spaces, `=`, quotes or control characters, or is empty.
pub fn quote(v: &str) -> String {
    if v.is_empty() || v.chars().any(|c| c.is_whitespace() || c == '=' || c == '"' || c.is_control()) {
        format!("{v:?}")
    } else {
        v.to_string()
    }
}

impl<S, N> FormatEvent<S, N> for Logfmt
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, _ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> std::fmt::Result {
        let level = match *event.metadata().level() {
            Level::ERROR => "ERROR",
            Level::WARN => "WARN",
            Level::INFO => "INFO",
            Level::DEBUG => "DEBUG",
            Level::TRACE => "TRACE",
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let line = crate::redact::scrub(&format!("{level} {}{}", fields.message, fields.pairs));
        writeln!(writer, "{line}")
    }
}

/// Install the stderr logger at `level` (`info`, or what -q/-v ask for); `EDG_LOG` (e.g.
/// `debug`) overrides it.
pub fn init(level: &str) {
    // Drivers log their own retries and slow statements; edg reports the errors that matter once.
    let filter = tracing_subscriber::EnvFilter::try_from_env("EDG_LOG")
        .unwrap_or_else(|_| format!("{level},scylla=off,mongodb=off,sqlx=error,wasmtime=error,cranelift=error").into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| crate::output::Stderr)
        .event_format(Logfmt)
        .try_init();
}

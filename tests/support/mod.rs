//! What the tests share: running the binary (`cmd`: a builder that prints the command line, its
//! exit code and output when an expectation fails), servers a test needs (`needs`: skipped with
//! the reason, or failed when CI said it provides them), temporary databases (`util`), private
//! database servers (`servers`) and replication pipelines built from them (`pipelines`).

pub mod cmd;
pub mod needs;
pub mod pipelines;
pub mod servers;
pub mod util;

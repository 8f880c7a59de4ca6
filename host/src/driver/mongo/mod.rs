//! MongoDB. Config statements are Extended-JSON database commands (as in edg); verify reads a
//! collection sorted by the key with keyset pagination (`$gt` on the last key, `$or` for a
//! composite key). Documents become rows: top-level fields are columns, nested documents and
//! arrays are JSON, ObjectIds are `{"$oid": …}` JSON so they survive a round trip as keys.
//!
//! The client is the `mongodb` cargo feature (on by default); the dialect is always built, so
//! a config for MongoDB still loads and renders in an edg built without it.

#[cfg(feature = "mongodb")]
mod client;

#[cfg(feature = "mongodb")]
pub use client::*;

/// MongoDB's "dialect": commands are Extended JSON, read by filter and sort, not SQL.
pub struct MongoDialect;

/// Who this engine is: names, schemes, family.
static MONGODB: crate::driver::dialect::Identity = crate::driver::dialect::Identity {
    family: "mongodb",
    names: &["mongodb", "mongo"],
    schemes: &["mongodb", "mongodb+srv"],
    scheme_required: true,
    url_form: "a mongodb://user:pass@host:27017/db URL",
};

impl crate::driver::dialect::Dialect for MongoDialect {
    fn identity(&self) -> &'static crate::driver::dialect::Identity {
        &MONGODB
    }
    fn separator(&self) -> &'static str {
        "\"\""
    }
}

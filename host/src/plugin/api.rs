//! The plugin API versions this host speaks, in one place: what a component must export to be
//! loaded, and the words for one that was built for another version.
//!
//! # 0.1.0
//! The first published API (`wit/`, `package edg:plugin@0.1.0`): a generator exports
//! `generator@0.1.0` (`describe`, `call`, `call-batch`, randomness only through the host's `rng`
//! import), a normalizer exports `normalizer@0.1.0` (`describe`, `normalize`, `normalize-raw`).
//! Part of 0.1.0 from the start: a `raw-column`'s `nulls` is either one flag per value or
//! **empty, meaning no value is NULL**; readers on both sides must accept both forms.
//! Added within 0.1.0: the generator world's `clock` import (`run-clock`, the host's one instant
//! per command). A component that does not use it does not import it and loads as before.
//!
//! A later API gets a new version here; the host then keeps bindings per supported version
//! and adapts, so components built for an older one keep loading.

/// The version this host's bindings are generated from.
pub const API_VERSION: &str = "0.1.0";

/// Every version a component may be built for and still load.
pub const SUPPORTED: &[&str] = &[API_VERSION];

const GENERATOR: &str = "edg:plugin/generator";
const NORMALIZER: &str = "edg:plugin/normalizer";

/// What a component is to the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Generator,
    Normalizer,
}

/// Why a component's exports make it no plugin this edg can load.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum RoleError {
    #[error("built for plugin API {built}, this edg supports {} (export {export:?})", SUPPORTED.join(", "))]
    Version { built: String, export: String },
    #[error("not an edg plugin: it exports neither {GENERATOR}@{API_VERSION} nor {NORMALIZER}@{API_VERSION} (exports: {})", if .0.is_empty() { "none".into() } else { .0.join(", ") })]
    NotAPlugin(Vec<String>),
}

/// The role a component's exports give it, or why it cannot be loaded.
pub fn role(exports: &[String]) -> Result<Role, RoleError> {
    let version_of = |e: &str, iface: &str| e.strip_prefix(iface)?.strip_prefix('@').map(str::to_string);
    for (iface, role) in [(GENERATOR, Role::Generator), (NORMALIZER, Role::Normalizer)] {
        if exports.iter().any(|e| version_of(e, iface).is_some_and(|v| SUPPORTED.contains(&v.as_str()))) {
            return Ok(role);
        }
    }
    if let Some(e) = exports.iter().find(|e| e.starts_with("edg:plugin/")) {
        return Err(RoleError::Version { built: e.rsplit('@').next().unwrap_or("?").to_string(), export: e.clone() });
    }
    Err(RoleError::NotAPlugin(exports.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_decide_the_role_and_the_version() {
        let e = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(role(&e(&["edg:plugin/generator@0.1.0"])), Ok(Role::Generator));
        assert_eq!(role(&e(&["wasi:cli/run@0.2.0", "edg:plugin/normalizer@0.1.0"])), Ok(Role::Normalizer));
        let newer = role(&e(&["edg:plugin/generator@0.2.0"])).unwrap_err().to_string();
        assert!(newer.contains("built for plugin API 0.2.0, this edg supports 0.1.0"), "{newer}");
        assert!(role(&e(&[])).unwrap_err().to_string().contains("not an edg plugin"));
    }
}

//! APS type ids: `<base uri>/<major>.<minor>`, optionally followed by
//! `#Structure` when a structure of the type is meant.

use std::fmt;

/// The standard type every application's root type implements.
pub const CORE_APPLICATION: &str = "http://aps-standard.org/types/core/application/1.0";
/// The standard resource type, which declares `Counter`, `Limit` and `Usage`.
pub const CORE_RESOURCE: &str = "http://aps-standard.org/types/core/resource/1.0";
/// Prefix of every standard APS type id.
pub const STANDARD_PREFIX: &str = "http://aps-standard.org/types/";
/// The init-wizard interface the root type should implement (wizard data).
pub const INIT_WIZARD_CONFIG: &str = "http://odin.com/init-wizard/config/1.0";

/// A parsed type id: `http://example.com/app/globals/2.4` is
/// `{ base: "http://example.com/app/globals", major: 2, minor: 4 }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId {
    pub base: String,
    pub major: u32,
    pub minor: u32,
}

impl TypeId {
    /// Parse `…/name/M.m`. A `#Structure` suffix is not part of a type id;
    /// use [`split_structure`] first.
    pub fn parse(s: &str) -> Option<TypeId> {
        let (base, version) = s.trim().rsplit_once('/')?;
        let (major, minor) = version.split_once('.')?;
        let num = |p: &str| -> Option<u32> {
            if p.is_empty() || p.len() > 9 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            p.parse().ok()
        };
        let base_ok = !base.is_empty() && !base.ends_with('/') && base.contains(':');
        if !base_ok {
            return None;
        }
        Some(TypeId { base: base.to_string(), major: num(major)?, minor: num(minor)? })
    }

    /// Does a type with this id satisfy a reference to `wanted`? Same base and
    /// major version, and at least the wanted minor version: APS resolves a
    /// reference to `…/globals/2.0` to an installed `…/globals/2.4`.
    pub fn satisfies(&self, wanted: &TypeId) -> bool {
        self.base == wanted.base && self.major == wanted.major && self.minor >= wanted.minor
    }

    /// Same base and major version (either side may have the newer minor).
    pub fn same_major(&self, other: &TypeId) -> bool {
        self.base == other.base && self.major == other.major
    }

    /// The last path segment of the base (`globals`).
    pub fn short_name(&self) -> &str {
        self.base.rsplit('/').next().unwrap_or(&self.base)
    }

    /// The base without the last segment (`http://example.com/app/`), used to
    /// tell a package's own type namespace from foreign ones.
    pub fn namespace(&self) -> &str {
        match self.base.rfind('/') {
            Some(i) => &self.base[..=i],
            None => &self.base,
        }
    }

    pub fn is_standard(&self) -> bool {
        self.base.starts_with(STANDARD_PREFIX)
    }
}

impl fmt::Display for TypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}.{}", self.base, self.major, self.minor)
    }
}

/// Split `type-id#Structure` into the type id and the structure name.
pub fn split_structure(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((t, st)) => (t, Some(st)),
        None => (s, None),
    }
}

/// The JSON primitive type names a property may have.
pub const PRIMITIVE_TYPES: &[&str] = &["string", "integer", "number", "boolean", "object", "array"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let t = TypeId::parse("http://odin.com/servicesSelector/globals/2.4").unwrap();
        assert_eq!(t.base, "http://odin.com/servicesSelector/globals");
        assert_eq!((t.major, t.minor), (2, 4));
        assert_eq!(t.to_string(), "http://odin.com/servicesSelector/globals/2.4");
        assert_eq!(t.short_name(), "globals");
        assert_eq!(t.namespace(), "http://odin.com/servicesSelector/");
        let want = TypeId::parse("http://odin.com/servicesSelector/globals/2.0").unwrap();
        assert!(t.satisfies(&want));
        assert!(!want.satisfies(&t));
        let v1 = TypeId::parse("http://odin.com/servicesSelector/globals/1.9").unwrap();
        assert!(!v1.satisfies(&want));
        assert!(TypeId::parse("http://parallels.com/aps/types/pa/account").is_none());
        assert!(TypeId::parse("http://x/a/1").is_none());
        assert!(TypeId::parse("http://x/a/1.x").is_none());
        assert!(TypeId::parse("/1.0").is_none());
        assert!(TypeId::parse("").is_none());
        assert_eq!(split_structure("http://a/b/1.0#Counter"), ("http://a/b/1.0", Some("Counter")));
    }
}

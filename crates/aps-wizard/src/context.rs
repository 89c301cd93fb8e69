//! What the wizard checks need to know about the package the wizard data
//! belongs to, behind a small trait so that the checks do not depend on how
//! the package is loaded (APP-META.xml on disk, an archive, or an in-memory
//! fake in tests).

/// The standard type every application root type implements.
pub const CORE_APPLICATION: &str = "http://aps-standard.org/types/core/application/1.0";
/// The type a root type implements to offer the initialization wizard.
pub const INIT_WIZARD: &str = "http://odin.com/init-wizard/config/1.0";
/// The standard type of `apsResources[]` (service profiles).
pub const SERVICE_PROFILE: &str = "http://aps-standard.org/types/core/profile/service/1.0";
/// The standard type of `resellerProfile`.
pub const RESELLER_PROFILE: &str = "http://aps-standard.org/types/core/profile/reseller/1.0";
/// Operations the wizard calls on the root type.
pub const INIT_WIZARD_OPERATIONS: [&str; 2] = ["getInitWizardConfig", "testConnection"];

/// The type a `<service>` of APP-META.xml serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceType {
    /// APP-META.xml has no service with that id.
    NoSuchService,
    /// The service exists but its type is not known: it is defined by PHP
    /// annotations and no schema was generated or committed.
    DefinedInPhp,
    /// The service's schema is missing or malformed (the package lint
    /// reports that); checks that need the type are skipped silently.
    Unavailable,
    /// The service's type id.
    Known(String),
}

/// The application's root type (the type of the application instance,
/// which `"idglobals"` stands for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootType {
    Known(String),
    /// Not known because the types of these services are defined in PHP.
    Unknown {
        php_services: Vec<String>,
    },
    /// Every service's type is known and none implements core/application.
    Missing,
}

/// What kind of counter a property is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterKind {
    Counter,
    Limit,
    Usage,
}

impl CounterKind {
    /// From a property type such as `http://aps-standard.org/types/core/resource/1.0#Counter`.
    pub fn from_type(property_type: &str) -> Option<CounterKind> {
        let (base, structure) = property_type.split_once('#')?;
        if !base.starts_with("http://aps-standard.org/types/core/resource/") {
            return None;
        }
        match structure {
            "Counter" => Some(CounterKind::Counter),
            "Limit" => Some(CounterKind::Limit),
            "Usage" => Some(CounterKind::Usage),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CounterKind::Counter => "Counter",
            CounterKind::Limit => "Limit",
            CounterKind::Usage => "Usage",
        }
    }
}

/// A property of a type (own or inherited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    /// As written in the schema: `string`, `integer`, `boolean`, `number`,
    /// `array`, `object`, a structure name, or `…/resource/1.0#Counter`.
    pub type_name: String,
    /// The `unit` of a counter property.
    pub unit: Option<String>,
    /// The type that declares it (may be an ancestor of the asked type).
    pub declared_in: String,
}

impl Property {
    pub fn counter_kind(&self) -> Option<CounterKind> {
        CounterKind::from_type(&self.type_name)
    }
}

/// A relation of a type (own or inherited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub name: String,
    /// Type id the related resource must implement.
    pub target_type: String,
    pub collection: bool,
    pub required: bool,
}

/// What the wizard checks need from a package. Implemented for the model's
/// package and, for tests and benchmarks, by [`crate::MemoryPackage`].
///
/// Type look-ups cover the package's own types and the standard types of the
/// type registry; "implements" and property/relation/operation look-ups
/// follow inheritance (`implements`, transitively).
pub trait PackageContext {
    /// `<service id>`s of APP-META.xml in document order.
    fn service_ids(&self) -> Vec<String>;
    /// The type a service serves.
    fn service_type(&self, service_id: &str) -> ServiceType;
    /// The application's root type.
    fn root_type(&self) -> RootType;
    /// Ids of the types the package itself defines (known ones only).
    fn package_type_ids(&self) -> Vec<String>;
    /// The type is known (a package type or a registry type).
    fn has_type(&self, type_id: &str) -> bool;
    /// `type_id` is `interface` or implements it, directly or through its
    /// ancestors (a compatible minor version counts, as the platform resolves it).
    fn implements(&self, type_id: &str, interface: &str) -> bool;
    /// A property of the type or an ancestor.
    fn property(&self, type_id: &str, name: &str) -> Option<Property>;
    /// Every property name of the type and its ancestors (for suggestions).
    fn property_names(&self, type_id: &str) -> Vec<String>;
    /// A relation of the type or an ancestor.
    fn relation(&self, type_id: &str, name: &str) -> Option<Relation>;
    /// Every relation name of the type and its ancestors (for suggestions).
    fn relation_names(&self, type_id: &str) -> Vec<String>;
    /// The type or an ancestor declares the operation.
    fn has_operation(&self, type_id: &str, name: &str) -> bool;
}

/// A type id split into the part before the version and the version
/// (`http://x/app/1.2` -> (`http://x/app`, 1, 2)).
pub fn split_type_id(type_id: &str) -> Option<(&str, u64, u64)> {
    let (base, version) = type_id.rsplit_once('/')?;
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    Some((base, major.parse().ok()?, minor.parse().ok()?))
}

/// `actual` satisfies `wanted`: the same id, or the same type with the same
/// major version and an equal or later minor version (APS resolves
/// compatible minor versions, e.g. a relation to `…/globals/2.0` accepts a
/// `…/globals/2.4` resource).
pub fn version_compatible(actual: &str, wanted: &str) -> bool {
    if actual == wanted {
        return true;
    }
    match (split_type_id(actual), split_type_id(wanted)) {
        (Some((a_base, a_major, a_minor)), Some((w_base, w_major, w_minor))) => {
            a_base == w_base && a_major == w_major && a_minor >= w_minor
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert!(version_compatible("http://x/globals/2.4", "http://x/globals/2.0"));
        assert!(!version_compatible("http://x/globals/2.0", "http://x/globals/2.4"));
        assert!(!version_compatible("http://x/globals/3.0", "http://x/globals/2.0"));
        assert!(!version_compatible("http://x/other/2.0", "http://x/globals/2.0"));
        assert!(version_compatible("urn:weird", "urn:weird"));
    }

    #[test]
    fn counter_kinds() {
        assert_eq!(
            CounterKind::from_type("http://aps-standard.org/types/core/resource/1.0#Usage"),
            Some(CounterKind::Usage)
        );
        assert_eq!(CounterKind::from_type("http://x/y/1.0#Counter"), None);
        assert_eq!(CounterKind::from_type("string"), None);
    }
}

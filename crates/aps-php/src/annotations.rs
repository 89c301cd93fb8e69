//! Which annotations the APS PHP runtime reads, where, and the phpDocumentor /
//! PHPUnit tags that share the docblocks and are left alone.

/// Annotations of a type class.
pub const CLASS: &[&str] = &["type", "implements", "access"];

/// Annotations of a property (a type property or a relation).
pub const PROPERTY: &[&str] = &[
    "type",
    "link",
    "title",
    "description",
    "required",
    "readonly",
    "encrypted",
    "final",
    "format",
    "pattern",
    "default",
    "unit",
    "option",
    "access",
    "headline",
    "allocate",
];

/// Annotations of a method that is an operation.
pub const METHOD: &[&str] = &["verb", "path", "param", "return", "access"];

/// Flags: written without arguments.
pub const FLAGS: &[&str] = &["required", "readonly", "encrypted", "final", "headline"];

/// Every APS annotation name (the "did you mean" candidates).
pub fn all() -> impl Iterator<Item = &'static str> {
    let mut names: Vec<&'static str> = CLASS.iter().chain(PROPERTY).chain(METHOD).copied().collect();
    names.sort_unstable();
    names.dedup();
    names.into_iter()
}

pub fn is_aps(name: &str) -> bool {
    all().any(|n| n == name)
}

/// Tags of phpDocumentor, PHPUnit, PHPStan/Psalm and IDEs that commonly sit in
/// the same docblocks. They are not APS annotations and are never reported.
const PHPDOC: &[&str] = &[
    "abstract",
    "access",
    "after",
    "afterClass",
    "api",
    "author",
    "backupGlobals",
    "backupStaticAttributes",
    "before",
    "beforeClass",
    "category",
    "codeCoverageIgnore",
    "codeCoverageIgnoreEnd",
    "codeCoverageIgnoreStart",
    "copyright",
    "covers",
    "coversDefaultClass",
    "coversNothing",
    "dataProvider",
    "depends",
    "deprecated",
    "doesNotPerformAssertions",
    "example",
    "expectedException",
    "expectedExceptionCode",
    "expectedExceptionMessage",
    "expectedExceptionMessageRegExp",
    "extends",
    "filesource",
    "final",
    "global",
    "group",
    "ignore",
    "implements",
    "inheritDoc",
    "inheritdoc",
    "internal",
    "issue",
    "large",
    "license",
    "link",
    "medium",
    "method",
    "mixin",
    "name",
    "noinspection",
    "override",
    "package",
    "param",
    "preserveGlobalState",
    "private",
    "property",
    "property-read",
    "property-write",
    "protected",
    "public",
    "requires",
    "return",
    "returns",
    "runInSeparateProcess",
    "runTestsInSeparateProcesses",
    "see",
    "since",
    "small",
    "source",
    "static",
    "subpackage",
    "SuppressWarnings",
    "template",
    "test",
    "testdox",
    "throw",
    "throws",
    "ticket",
    "todo",
    "TODO",
    "type",
    "uses",
    "usedby",
    "used-by",
    "var",
    "version",
];

/// A tag that belongs to another documentation tool (or a tool-prefixed one,
/// `@psalm-…`, `@phpstan-…`, a namespaced Doctrine-style `@ORM\Column`).
pub fn is_foreign(name: &str) -> bool {
    PHPDOC.contains(&name)
        || name.starts_with("psalm-")
        || name.starts_with("phpstan-")
        || name.starts_with("phan-")
        || name.contains('\\')
        || name.contains('.')
}

/// APS primitive type names.
pub const PRIMITIVES: &[&str] = &["string", "integer", "number", "boolean", "array", "object"];

/// HTTP verbs an operation may use.
pub const VERBS: &[&str] = &["GET", "POST", "PUT", "DELETE"];

/// Parameter kinds.
pub const KINDS: &[&str] = &["body", "query", "path"];

/// Roles of `@access`.
pub const ROLES: &[&str] = &["admin", "owner", "referrer"];

/// `` `a`, `b`, `c` ``: names as a help lists them.
pub(crate) fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

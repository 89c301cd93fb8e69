use aps_diag::rule;

rule! {
    /// Reports a package folder or archive without an `APP-META.xml` at its root.
    ///
    /// ## Why
    /// APP-META.xml is what makes a folder an APS package; nothing else can be checked or built without
    /// it.
    ///
    /// ## Example
    /// A folder holding `scripts/` and `schemas/` but no `APP-META.xml`.
    ///
    /// ## Fix
    /// Create `APP-META.xml` at the package root, or point aps-pack at the right folder.
    pub static MISSING_APP_META: "APS118" "package-without-app-meta" package Error
        "package has no APP-META.xml";

    /// A package without APP-META.xml at its root.
    pub(crate) struct MissingAppMeta => "the package has no APP-META.xml at its root".into(),
        help: "an APS package has APP-META.xml at its root; check the path".into();
}

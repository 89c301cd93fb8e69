use aps_diag::declare_rule;

declare_rule! {
    /// Reports an APP-META.xml whose root element is not `<application>` in the APS 2 namespace
    /// `http://aps-standard.org/ns/2`, e.g. a missing `xmlns` or a misspelt namespace.
    ///
    /// ## Why
    /// The controller identifies the metadata by its namespace; without it no element of the file has
    /// its APS meaning.
    ///
    /// ## Example
    /// ```xml
    /// <application version="2.0">   <!-- no xmlns -->
    /// ```
    ///
    /// ## Fix
    /// Write `<application xmlns="http://aps-standard.org/ns/2" version="2.0">`.
    pub static NOT_APP_META = {
        code: "APS102", name: "not-app-meta", group: "package",
        severity: Error, summary: "APP-META.xml root is not an APS 2 `<application>`",
    };
}

aps_diag::declare_rule! {
    /// An APS annotation that has no effect where it is, or an unexpected value.
    ///
    /// ## What it does
    /// Reports annotations on the wrong element (`@verb` on a property,
    /// `@title` on a class), property annotations on a property without
    /// `@type` or `@link`, flags given arguments (`@required(true)`), `@param`
    /// annotations without a matching PHP parameter (and PHP parameters of an
    /// operation without `@param`), an operation without `@path`, and values
    /// outside the expected set: verbs other than GET, POST, PUT, DELETE,
    /// parameter kinds other than body, query, path, roles other than admin,
    /// owner, referrer, and PHP type names such as `int` or `bool`.
    ///
    /// ## Why
    /// The runtime silently ignores what it does not use, so the generated
    /// schema differs from what the code suggests.
    ///
    /// ## Example
    /// ```php
    /// /**
    ///  * @title("Company name")
    ///  */
    /// public $company;   // no @type: not part of the schema
    /// ```
    ///
    /// ## Fix
    /// Add the missing annotation (here `@type(string)`), move the annotation
    /// to the element it belongs to, or correct the value.
    pub static INEFFECTIVE_ANNOTATION = {
        code: "PHP006", name: "ineffective-annotation", group: "php",
        severity: Warning, summary: "annotation has no effect here or has an unexpected value",
    };
}

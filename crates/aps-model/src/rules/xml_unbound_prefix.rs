use aps_diag::rule;

rule! { XML_UNBOUND_PREFIX;
    //! Reports an element or attribute prefix (`ns2:file`) that no `xmlns:ns2="…"` declaration binds.
    //!
    //! ## Why
    //! APS files are read namespace-aware: an element's meaning depends on its namespace, which an
    //! undeclared prefix does not have.
    //!
    //! ## Example
    //! ```xml
    //! <application xmlns="http://aps-standard.org/ns/2"><x:id/></application>
    //! ```
    //!
    //! ## Fix
    //! Declare the prefix on the element or an ancestor, or remove it.

    /// A namespace prefix no element in scope declares.
    pub(crate) struct XmlUnboundPrefix<'a> {
        pub prefix: &'a str,
        /// The prefixes declared in scope.
        pub known: &'a [&'a str],
    } => format!("namespace prefix `{prefix}` is not declared"),
        help?: {
            Some(aps_diag::did_you_mean_help(prefix, known.iter().copied()).unwrap_or_else(|| {
                format!("declare it with `xmlns:{prefix}=\"…\"` on this element or an ancestor")
            }))
        };
}

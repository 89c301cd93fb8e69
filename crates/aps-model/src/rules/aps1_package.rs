use aps_diag::rule;

rule! { APS1_PACKAGE;
    //! Recognises an APP-META.xml in the APS 1 namespace (`http://apstandard.com/ns/1`) and reports it
    //! once, instead of reporting every element as unknown.
    //!
    //! ## Why
    //! aps-pack handles APS 2 packages only. APS 1.x packages (hosting-era applications with a
    //! different metadata model) are not checked.
    //!
    //! ## Example
    //! ```xml
    //! <application xmlns="http://apstandard.com/ns/1" version="1.2">
    //! ```
    //!
    //! ## Fix
    //! Use the APS 1 tools for this package, or migrate it to APS 2 (`xmlns="http://aps-
    //! standard.org/ns/2"`).

    /// APP-META.xml in the APS 1 namespace.
    pub(crate) struct Aps1Package
        => "this is an APS 1 package (namespace `http://apstandard.com/ns/1`); aps-pack supports APS 2 only"
            .into(),
        help: "use the APS 1 tools for this package, or migrate it to APS 2 (`xmlns=\"http://aps-standard.org/ns/2\"`)".into();
}

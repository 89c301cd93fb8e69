use crate::meta::APS2_NS;
use aps_diag::rule;

rule! { NOT_APP_META;
    //! Reports an APP-META.xml whose root element is not `<application>` in the APS 2 namespace
    //! `http://aps-standard.org/ns/2`, e.g. a missing `xmlns` or a misspelt namespace.
    //!
    //! ## Why
    //! The controller identifies the metadata by its namespace; without it no element of the file has
    //! its APS meaning.
    //!
    //! ## Example
    //! ```xml
    //! <application version="2.0">   <!-- no xmlns -->
    //! ```
    //!
    //! ## Fix
    //! Write `<application xmlns="http://aps-standard.org/ns/2" version="2.0">`.

    /// A root element that is not an APS 2 `<application>`.
    pub(crate) enum NotAppMeta<'a> {
        /// Another root element.
        OtherRoot { name: &'a str }
            => format!("the root element is `<{name}>`; APP-META.xml starts with `<application>`"),
            help: "is this the right file? APP-META.xml describes an APS application".to_string();
        /// `<application>` without a namespace.
        NoNamespace => "`<application>` has no namespace".to_string(),
            help: format!("add `xmlns=\"{APS2_NS}\"` to `<application>`");
        /// `<application>` in another namespace.
        OtherNamespace { ns: &'a str }
            => format!("`<application>` is in namespace `{ns}`, not the APS 2 namespace"),
            help: format!("use `xmlns=\"{APS2_NS}\"`");
    }
}

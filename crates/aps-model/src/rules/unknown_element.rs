use aps_diag::rule;

rule! { UNKNOWN_ELEMENT;
    //! Reports an element in the APS 2 namespace that aps-pack does not know at that place, with a
    //! suggestion when it looks like a misspelling. Elements of other namespaces are extensions and are
    //! left alone.
    //!
    //! ## Why
    //! A misspelt element (`<licence-agreement>`) is silently ignored by the controller, so what it
    //! declares never takes effect.
    //!
    //! ## Example
    //! ```xml
    //! <presentation><sumary>Demo</sumary></presentation>
    //! ```
    //!
    //! ## Fix
    //! Correct the name, or remove the element.

    /// An APS element not allowed where it is.
    pub(crate) struct UnknownElement<'a> {
        pub name: &'a str,
        pub parent: &'a str,
        /// The elements allowed in the parent.
        pub known: &'a [&'a str],
    } => format!("unknown element `<{name}>` in `<{parent}>`"),
        help: aps_diag::did_you_mean_help(name, known.iter().copied())
            .unwrap_or_else(|| format!("`<{}>` may contain: {}", parent, known.join(", ")));
}

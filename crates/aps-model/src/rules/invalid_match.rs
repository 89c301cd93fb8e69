use aps_diag::rule;

rule! { INVALID_MATCH;
    //! Parses the RQL expression in `<upgrade match>` and `<patch match>`: comparisons `version=ge=1.0`
    //! or `release =lt= 5` joined by `,` (and), `and(…)`, `or(…)`, and the function forms
    //! `ge(version,1.0)`. Reports anything else with the position.
    //!
    //! ## Why
    //! The controller evaluates this expression against the installed version to allow an upgrade; a
    //! malformed one makes every upgrade fail on the live platform.
    //!
    //! ## Example
    //! ```xml
    //! <upgrade match="version>=1.0"/>
    //! ```
    //!
    //! ## Fix
    //! Write `version=ge=1.0` (operators `=eq= =ne= =lt= =le= =gt= =ge=`).

    /// A `match` expression that does not parse.
    pub(crate) struct InvalidMatch<'a> {
        pub element: &'a str,
        /// The parser's description of the problem.
        pub problem: &'a str,
    } => format!("`<{element}>` match expression: {problem}"),
        help: "write comparisons like `version=ge=1.0, release=ge=0` (`,` means and)".into();
}

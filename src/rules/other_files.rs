use aps_diag::rule;

rule! { OTHER_FILES;
    //! In changed-files mode (`aps-pack lint FILE…`, as the pre-commit hook runs it), counts the
    //! warnings and infos found in files of the same package that were not named.
    //!
    //! ## Why
    //! The named files are checked in their package, so a change can break a file that did not
    //! change (renaming a service breaks the wizard data that names it). Errors anywhere in the
    //! package are always shown; warnings elsewhere are summarised so that a commit is not
    //! buried under findings it did not cause.
    //!
    //! ## Example
    //! ```text
    //! LNT001 3 warnings and 1 info in other files of the package
    //! ```
    //!
    //! ## Fix
    //! Nothing to fix here; run `aps-pack lint` on the package folder to see them.

    /// Findings left out of a changed-files run, counted.
    pub struct OtherFiles<'a> {
        pub warnings: usize,
        pub infos: usize,
        /// The package as the user named it, for the command that shows them.
        pub root: &'a str,
    } => {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            "{} warning{} and {} info{} in other files of the package",
            warnings,
            plural(*warnings),
            infos,
            plural(*infos)
        )
    },
        help: format!("run `aps-pack lint {root}` to see them");
}

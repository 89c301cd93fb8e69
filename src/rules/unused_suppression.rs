use aps_diag::rule;

rule! { UNUSED_SUPPRESSION;
    //! A suppression that suppressed nothing: an inline `aps-pack: ignore` comment (or one of
    //! its codes) with no finding of that rule in its scope, or baseline entries that no longer
    //! match any finding (as ruff's `RUF100` reports unused `noqa` comments).
    //!
    //! ## Why
    //! A suppression outlives the problem it was written for: once the finding is fixed the
    //! comment only hides the next, unrelated finding of that rule at that place. Stale
    //! baseline entries do the same for a whole file.
    //!
    //! ## Example
    //! ```xml
    //! <!-- aps-pack: ignore APS105 -->
    //! <icon path="images/icon.png"/>   <!-- the icon exists now: nothing to suppress -->
    //! ```
    //!
    //! ## Fix
    //! Remove the comment, or the codes it no longer needs. For a baseline, run
    //! `aps-pack lint --write-baseline FILE` again: it keeps only the entries still matched.

    impl Unused<'_> {
        message: |v| match v {
            Unused::Comment { codes, file_level } => {
                let scope = if *file_level { "in this file" } else { "in its scope" };
                format!("unused suppression: no {} finding {scope}", codes.join(", "))
            }
            Unused::Baseline { stale, baseline } => {
                let (s, verb) = if *stale == 1 { ("y", "matches") } else { ("ies", "match") };
                format!("{stale} baseline entr{s} of {baseline} {verb} no finding")
            }
        },
        help: |v| match v {
            Unused::Comment { codes, .. } if codes.len() > 1 => {
                "remove these codes from the comment, or the comment".into()
            }
            Unused::Comment { .. } => "remove the comment".into(),
            Unused::Baseline { baseline, .. } => {
                format!("run `aps-pack lint --write-baseline {baseline}` to prune them")
            }
        },
    }
}

/// What a suppression failed to suppress.
pub enum Unused<'a> {
    /// Codes of an inline comment that matched no finding in its scope.
    Comment { codes: &'a [String], file_level: bool },
    /// Baseline entries that match no finding of the files checked.
    Baseline { stale: usize, baseline: &'a str },
}

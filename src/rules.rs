//! Rules of the command line itself: what `lint` says about how it checked.

use aps_diag::rule;

rule! {
    /// In changed-files mode (`aps-pack lint FILE…`, as the pre-commit hook runs it), counts the
    /// warnings and infos found in files of the same package that were not named.
    ///
    /// ## Why
    /// The named files are checked in their package, so a change can break a file that did not
    /// change (renaming a service breaks the wizard data that names it). Errors anywhere in the
    /// package are always shown; warnings elsewhere are summarised so that a commit is not
    /// buried under findings it did not cause.
    ///
    /// ## Example
    /// ```text
    /// LNT001 3 warnings and 1 info in other files of the package
    /// ```
    ///
    /// ## Fix
    /// Nothing to fix here; run `aps-pack lint` on the package folder to see them.
    pub static OTHER_FILES: "LNT001" "findings-in-other-files" lint Info
        "warnings in files of the package that were not named";

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

rule! {
    /// A wizard data file checked on its own, without the package it belongs to: the checks
    /// that need APP-META.xml and the type schemas (service ids, counters, profile types,
    /// `rtfor`, the root type) were skipped.
    ///
    /// ## Why
    /// "No problems found" would claim more than was checked: an unknown `service_id` is only
    /// visible against APP-META.xml.
    ///
    /// ## Example
    /// ```text
    /// aps-pack lint tools/wizard_data.json
    /// ```
    ///
    /// ## Fix
    /// Keep the file at `scripts/wizard_data.json` in its package, name it in `[package] wizard`
    /// of aps-pack.toml, or pass `--package DIR`.
    pub static WITHOUT_PACKAGE: "LNT002" "checked-without-package" lint Info
        "wizard data checked without its package";

    /// A wizard file checked without its package.
    pub struct WithoutPackage
        => "checked without its package: service ids, counters, profile types, `rtfor` and the root type were not checked"
            .into(),
        help: "keep it at scripts/wizard_data.json in its package, name it in `[package] wizard`, or pass `--package DIR`".into();
}

rule! {
    /// A suppression that suppressed nothing: an inline `aps-pack: ignore` comment (or one of
    /// its codes) with no finding of that rule in its scope, or baseline entries that no longer
    /// match any finding (as ruff's `RUF100` reports unused `noqa` comments).
    ///
    /// ## Why
    /// A suppression outlives the problem it was written for: once the finding is fixed the
    /// comment only hides the next, unrelated finding of that rule at that place. Stale
    /// baseline entries do the same for a whole file.
    ///
    /// ## Example
    /// ```xml
    /// <!-- aps-pack: ignore APS105 -->
    /// <icon path="images/icon.png"/>   <!-- the icon exists now: nothing to suppress -->
    /// ```
    ///
    /// ## Fix
    /// Remove the comment, or the codes it no longer needs. For a baseline, run
    /// `aps-pack lint --write-baseline FILE` again: it keeps only the entries still matched.
    pub static UNUSED_SUPPRESSION: "LNT003" "unused-suppression" lint Warning
        "a suppression comment or baseline entry that suppresses nothing";

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

rule! {
    /// An `aps-pack:` comment that cannot be read as a suppression: an unknown directive, no
    /// rule named, or a code, name, prefix or group that does not exist.
    ///
    /// ## Why
    /// A suppression with a misspelt code suppresses nothing, so the finding it was meant for
    /// stays, or a later one of the intended rule is not suppressed when expected. Saying so
    /// beats silently ignoring the comment.
    ///
    /// ## Example
    /// ```xml
    /// <!-- aps-pack: ignore APS015 -->
    /// ```
    ///
    /// ## Fix
    /// Write `aps-pack: ignore CODE[, CODE…]` (the next element, JSON member or line) or
    /// `aps-pack: ignore-file CODE[, CODE…]` (the whole file), with codes, names, prefixes or
    /// groups that `aps-pack rules` lists.
    pub static INVALID_SUPPRESSION: "LNT004" "invalid-suppression" lint Warning
        "a suppression comment that cannot be read";

    impl InvalidSuppression<'_> {
        message: |v| match v {
            InvalidSuppression::UnknownDirective { word } => {
                format!("unknown suppression directive `{word}` (expected `ignore` or `ignore-file`)")
            }
            InvalidSuppression::NoRules { directive } => {
                format!("`aps-pack: {directive}` names no rule")
            }
            InvalidSuppression::UnknownRule { failure } => format!("suppression of an {}", failure.message),
        },
        help?: |v| match v {
            InvalidSuppression::UnknownDirective { word } => {
                aps_diag::did_you_mean_help(word, DIRECTIVES.iter().copied())
                    .or_else(|| Some("write `aps-pack: ignore CODE` or `aps-pack: ignore-file CODE`".into()))
            }
            InvalidSuppression::NoRules { directive } => Some(format!(
                "name what to suppress: `aps-pack: {directive} APS105` (codes, names, prefixes or groups)"
            )),
            InvalidSuppression::UnknownRule { failure } => failure.help.clone(),
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

/// Why an `aps-pack:` comment is not a suppression.
pub enum InvalidSuppression<'a> {
    UnknownDirective { word: &'a str },
    NoRules { directive: &'a str },
    UnknownRule { failure: &'a aps_diag::Failure },
}

/// The directives a suppression comment may use.
pub const DIRECTIVES: &[&str] = &["ignore", "ignore-file"];

pub static ALL: &[&aps_diag::Rule] =
    &[&OTHER_FILES, &WITHOUT_PACKAGE, &UNUSED_SUPPRESSION, &INVALID_SUPPRESSION];

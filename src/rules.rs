//! Rules of the command line itself: what `lint` says about how it checked.

use aps_diag::{declare_rule, violation};

declare_rule! {
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
    pub static OTHER_FILES = {
        code: "LNT001", name: "findings-in-other-files", group: "lint",
        severity: Info, summary: "warnings in files of the package that were not named",
    };
}

declare_rule! {
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
    pub static WITHOUT_PACKAGE = {
        code: "LNT002", name: "checked-without-package", group: "lint",
        severity: Info, summary: "wizard data checked without its package",
    };
}

/// Findings left out of a changed-files run, counted.
pub struct OtherFiles<'a> {
    pub warnings: usize,
    pub infos: usize,
    /// The package as the user named it, for the command that shows them.
    pub root: &'a str,
}

violation! { OtherFiles<'_> => OTHER_FILES,
    message: |v| {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            "{} warning{} and {} info{} in other files of the package",
            v.warnings,
            plural(v.warnings),
            v.infos,
            plural(v.infos)
        )
    },
    help: |v| format!("run `aps-pack lint {}` to see them", v.root),
}

/// A wizard file checked without its package.
pub struct WithoutPackage;

violation! { WithoutPackage => WITHOUT_PACKAGE,
    message: |_| "checked without its package: service ids, counters, profile types, `rtfor` and the root type were not checked"
        .into(),
    help: |_| "keep it at scripts/wizard_data.json in its package, name it in `[package] wizard`, or pass `--package DIR`".into(),
}

pub static ALL: &[&aps_diag::Rule] = &[&OTHER_FILES, &WITHOUT_PACKAGE];

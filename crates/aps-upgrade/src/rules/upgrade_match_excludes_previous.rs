use crate::Comparison;
use aps_diag::{rule, Diagnostic, Violation};
use aps_model::meta::MatchSpec;
use aps_model::MatchExpr;

rule! { UPGRADE_MATCH_EXCLUDES_PREVIOUS;
    //! Evaluates the new package's `<upgrade match="…">` against the previous version's `<version>`
    //! and `<release>`, the way the controller does when the new package is imported, and
    //! `<patch match="…">` likewise when it is present. Also reports a new package without
    //! `<upgrade>`: nothing can be upgraded to it.
    //!
    //! ## Why
    //! The controller upgrades an installed application only when its version and release satisfy
    //! the new package's match expression. One that excludes the version in production (a bound
    //! copied from an older package, `=gt=` where `=ge=` was meant) is found mid-upgrade, on the
    //! live platform.
    //!
    //! ## Example
    //! Previous version `2.0` release `28`; new package:
    //! ```xml
    //! <upgrade match="version=eq=2.0, release=ge=30"/>
    //! ```
    //!
    //! ## Fix
    //! Widen the expression so that the previous version matches, e.g.
    //! `version=ge=2.0, release=ge=0` or `version=eq=2.0, release=ge=3`.

    impl UpgradeMatchExcludesPrevious<'_> {
        message: |v| match v {
            Self::NoUpgrade { version: ov, release: or } => format!("no `<upgrade match>`: installed copies of version `{ov}` release `{or}` cannot be upgraded to this package"),
            Self::Excludes { element, version: ov, release: or } => {
                format!("`<{element} match>` excludes the previous version `{ov}` release `{or}`")
            }
        },
        help: |v| match v {
            Self::NoUpgrade { version: ov, .. } => format!("declare which installed versions this package upgrades, e.g. `<upgrade match=\"version=ge={ov}, release=ge=0\"/>`"),
            Self::Excludes { element: "upgrade", version: ov, release: or } => format!("the controller would refuse the upgrade; widen the expression so that `{ov}`-`{or}` matches, e.g. `version=ge={ov}, release=ge=0`"),
            Self::Excludes { version: ov, release: or, .. } => format!("the controller would refuse the patch; widen the expression so that `{ov}`-`{or}` matches, or drop `<patch>`"),
        },
    }
}

/// A package that the previous version cannot be upgraded to.
pub(crate) enum UpgradeMatchExcludesPrevious<'a> {
    /// No `<upgrade>` element at all.
    NoUpgrade { version: &'a str, release: &'a str },
    /// `<upgrade match>` or `<patch match>` is false for the previous version.
    Excludes { element: &'a str, version: &'a str, release: &'a str },
}

/// The comparisons that are false for the installed version, as written.
fn failing(expr: &MatchExpr, version: &str, release: &str, out: &mut Vec<String>) {
    match expr {
        MatchExpr::Compare { .. } if !expr.matches(version, release) => out.push(expr.to_string()),
        MatchExpr::And(items, _) => items.iter().for_each(|e| failing(e, version, release, out)),
        MatchExpr::Or(items, _) if !expr.matches(version, release) => {
            items.iter().for_each(|e| failing(e, version, release, out))
        }
        _ => {}
    }
}

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    let (old, new) = (&cmp.old.pkg.meta, &cmp.new.pkg.meta);
    let Some(ov) = &old.version else { return };
    let ov = ov.value.trim();
    let or = old.release.as_ref().map_or("0", |r| r.value.trim());
    let Some(upgrade) = &new.upgrade else {
        out.push(
            UpgradeMatchExcludesPrevious::NoUpgrade { version: ov, release: or }
                .diagnostic()
                .at(&new.file, new.start_tag)
                .with_label("has no `<upgrade>` element"),
        );
        return;
    };
    for (element, spec) in [("upgrade", Some(upgrade)), ("patch", new.patch.as_ref())] {
        let Some(MatchSpec { text: Some(text), expr: Some(expr), .. }) = spec else { continue };
        if expr.matches(ov, or) {
            continue;
        }
        let mut false_parts = Vec::new();
        failing(expr, ov, or, &mut false_parts);
        let mut d = UpgradeMatchExcludesPrevious::Excludes { element, version: ov, release: or }
            .diagnostic()
            .at(&new.file, text.span)
            .with_label(format!("false for version `{ov}`, release `{or}`"));
        if let Some(v) = &old.version {
            d = d.with_secondary(&old.file, v.span, "the previous version");
        }
        if !false_parts.is_empty() {
            d = d.with_note(format!("false for the previous version: `{}`", false_parts.join("`, `")));
        }
        out.push(d);
    }
}

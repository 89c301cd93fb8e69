use crate::Comparison;
use aps_diag::{rule, Diagnostic, Violation};
use aps_model::compare_versions;
use std::cmp::Ordering;

rule! { VERSION_NOT_GREATER;
    //! Checks that the new package's `<version>` and `<release>` are greater than the previous
    //! version's. Versions are compared component by component, numerically where both components
    //! are numbers (`1.10` is greater than `1.9`); the release decides when the versions are equal.
    //!
    //! ## Why
    //! The controller imports a package as an upgrade only when it is newer than the installed one;
    //! an equal or older version/release is refused (or, at best, treated as the same package).
    //!
    //! ## Example
    //! Previous version `1.10`, release `3`; new version:
    //! ```xml
    //! <version>1.9</version>
    //! <release>4</release>
    //! ```
    //!
    //! ## Fix
    //! Raise `<release>` for a rebuild of the same version, or `<version>` for a new version.

    /// A new version/release that does not come after the previous one.
    pub(crate) enum VersionNotGreater<'a> {
        /// The version itself is lower.
        LowerVersion { old: &'a str, new: &'a str }
            => format!("version `{new}` is lower than the previous version `{old}`"),
            help: format!("an upgrade needs a greater version: raise `<version>` above `{old}`");
        /// The versions are equal and the release is not greater.
        /// `the same as` or `lower than`.
        ReleaseNotGreater { version: &'a str, old_version: &'a str, release: &'a str, old_release: &'a str, relation: &'a str }
            => format!(
                "version `{version}` release `{release}` is {relation} the previous version `{old_version}` release `{old_release}`"
            ),
            help: match next_release(old_release) {
                Some(next) => format!("raise `<release>` to `{next}` (or `<version>` above `{old_version}`)"),
                None => {
                    format!("raise `<release>` above `{old_release}` (or `<version>` above `{old_version}`)")
                }
            };
    }
}

/// The release after `r`: its last numeric component plus one.
fn next_release(r: &str) -> Option<String> {
    let (head, last) = match r.rsplit_once('.') {
        Some((h, l)) => (Some(h), l),
        None => (None, r),
    };
    let n: u64 = last.parse().ok()?;
    let next = n.checked_add(1)?;
    Some(match head {
        Some(h) => format!("{h}.{next}"),
        None => next.to_string(),
    })
}

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    let (old, new) = (&cmp.old.pkg.meta, &cmp.new.pkg.meta);
    let (Some(ov), Some(nv)) = (&old.version, &new.version) else { return };
    let (ovs, nvs) = (ov.value.trim(), nv.value.trim());
    let ors = old.release.as_ref().map_or("0", |r| r.value.trim());
    let nrs = new.release.as_ref().map_or("0", |r| r.value.trim());
    match compare_versions(nvs, ovs) {
        Ordering::Greater => {}
        Ordering::Less => out.push(
            VersionNotGreater::LowerVersion { old: ovs, new: nvs }
                .diagnostic()
                .at(&new.file, nv.span)
                .with_label(format!("lower than `{ovs}`"))
                .with_secondary(&old.file, ov.span, "the previous version")
                .with_note(
                    "versions compare component by component, numerically: `1.10` is greater than `1.9`",
                ),
        ),
        Ordering::Equal => {
            if compare_versions(nrs, ors) == Ordering::Greater {
                return;
            }
            let relation =
                if compare_versions(nrs, ors) == Ordering::Equal { "the same as" } else { "lower than" };
            let mut d = VersionNotGreater::ReleaseNotGreater {
                version: nvs,
                old_version: ovs,
                release: nrs,
                old_release: ors,
                relation,
            }
            .diagnostic();
            d = match &new.release {
                Some(nr) => d.at(&new.file, nr.span).with_label(format!("{relation} release `{ors}`")),
                None => d.at(&new.file, nv.span).with_label("same version, and no `<release>`"),
            };
            if let Some(or) = &old.release {
                d = d.with_secondary(&old.file, or.span, "the previous release");
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_release() {
        assert_eq!(super::next_release("9").as_deref(), Some("10"));
        assert_eq!(super::next_release("1.9").as_deref(), Some("1.10"));
        assert_eq!(super::next_release("beta"), None);
    }
}

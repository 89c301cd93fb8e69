use crate::Comparison;
use aps_diag::{rule, Diagnostic, Violation};

rule! { APPLICATION_ID_CHANGED;
    //! Compares the `<id>` of the new package with the previous version's.
    //!
    //! ## Why
    //! The controller upgrades an installed application only with a package of the same `<id>`.
    //! A different id is a different application: importing it installs a second application beside
    //! the first, and no resource of the old one is upgraded.
    //!
    //! ## Example
    //! Previous version: `<id>http://example.com/backup</id>`; new version:
    //! ```xml
    //! <id>http://example.com/backup-ng</id>
    //! ```
    //!
    //! ## Fix
    //! Keep the previous `<id>`. If this really is a new application, compare it with nothing:
    //! drop `--previous`.

    /// The new package's application id, not the previous version's.
    pub(crate) struct ApplicationIdChanged<'a> { pub old: &'a str, pub new: &'a str }
        => format!("application id `{new}` differs from the previous version's `{old}`"),
        help: format!(
            "an upgrade keeps the application id: write `<id>{old}</id>`, or publish this as a new application"
        );
}

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    let (old, new) = (&cmp.old.pkg.meta, &cmp.new.pkg.meta);
    let (Some(o), Some(n)) = (&old.id, &new.id) else { return };
    if o.value.trim() == n.value.trim() {
        return;
    }
    out.push(
        ApplicationIdChanged { old: o.value.trim(), new: n.value.trim() }
            .diagnostic()
            .at(&new.file, n.span)
            .with_label("not the id of the previous version")
            .with_secondary(&old.file, o.span, "the previous version's id"),
    );
}

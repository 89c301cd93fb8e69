use crate::lint::{suggest, Cx};
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// With the package known, checks that every key of a wizard resource's
    /// `relations` is a relation of its `apsType` (inherited relations count).
    ///
    /// ## Why
    /// The platform links the new resource through these relations; an
    /// unknown relation name fails the resource's creation.
    ///
    /// ## Example
    /// ```json
    /// "relations": { "aplication": "idglobals" }
    /// ```
    /// while the type declares `application`.
    ///
    /// ## Fix
    /// Use the relation's exact name (the message suggests the closest).
    pub static UNKNOWN_RELATION = {
        code: "WIZ144", name: "unknown-profile-relation", group: "wizard",
        severity: Error, summary: "`relations` key is not a relation of the resource's type",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    for p in &w.profiles {
        let Some(t) = p.aps_type else { continue };
        if !pkg.has_type(t.value) {
            continue;
        }
        for rel in &p.relations {
            match pkg.relation(t.value, rel.name.value) {
                Some(def) => super::relation_target::check_targets(cx, p, rel, &def),
                None => {
                    let names = pkg.relation_names(t.value);
                    let help = suggest(rel.name.value, &names).unwrap_or_else(|| {
                        if names.is_empty() {
                            format!("`{}` declares no relations", t.value)
                        } else {
                            format!(
                                "relations of `{}`: {}",
                                t.value,
                                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                            )
                        }
                    });
                    let d = cx
                        .diag(
                            &UNKNOWN_RELATION,
                            rel.name.span,
                            format!("`{}` is not a relation of `{}`", rel.name.value, t.value),
                        )
                        .with_label("no such relation")
                        .with_help(help);
                    cx.report(d);
                }
            }
        }
    }
}

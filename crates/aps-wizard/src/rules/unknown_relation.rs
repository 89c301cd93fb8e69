use crate::lint::{suggest_or_list, Cx};
use aps_diag::rule;

rule! { UNKNOWN_RELATION;
    //! ## What it does
    //! With the package known, checks that every key of a wizard resource's
    //! `relations` is a relation of its `apsType` (inherited relations count).
    //!
    //! ## Why
    //! The platform links the new resource through these relations; an
    //! unknown relation name fails the resource's creation.
    //!
    //! ## Example
    //! ```json
    //! "relations": { "aplication": "idglobals" }
    //! ```
    //! while the type declares `application`.
    //!
    //! ## Fix
    //! Use the relation's exact name (the message suggests the closest).

    /// A relation its wizard resource's `apsType` does not declare.
    pub(crate) struct UnknownRelation<'a> {
        pub name: &'a str,
        pub aps_type: &'a str,
        /// The relations the type declares.
        pub relations: &'a [String],
    } => format!("`{name}` is not a relation of `{aps_type}`"),
        help: suggest_or_list(
            name,
            relations,
            &format!("relations of `{aps_type}`: "),
            &format!("`{aps_type}` declares no relations"),
        );
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
                    let v = UnknownRelation { name: rel.name.value, aps_type: t.value, relations: &names };
                    cx.report_at(&v, rel.name.span, "no such relation");
                }
            }
        }
    }
}

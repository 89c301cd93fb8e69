use crate::Comparison;
use aps_diag::{rule, Diagnostic, SourceFile, Span, Violation};
use aps_model::{split_structure, TypeId, TypeSchema};
use std::collections::HashMap;
use std::sync::Arc;

rule! { REFERENCE_TO_OLDER_MINOR;
    //! Finds relations (in the package's type schemas) and navigation variables (`<var type-id>` in
    //! APP-META.xml) that point at an older minor version of a type the package itself declares in a
    //! newer minor version — typically left behind when the type was re-versioned.
    //!
    //! ## Why
    //! It works: APS resolves a reference to `…/globals/2.0` to the installed `…/globals/2.4`, because
    //! the major version is the same. But the reference no longer says what this version expects,
    //! and the next reader wonders whether the old version is meant. Informational.
    //!
    //! ## Example
    //! The package declares `http://example.com/backup/vault/1.1`, and another type still has:
    //! ```json
    //! "relations": { "vault": { "type": "http://example.com/backup/vault/1.0" } }
    //! ```
    //!
    //! ## Fix
    //! Point the reference at the version the package declares (`…/vault/1.1`).

    /// A reference to an older minor version of a type the package declares.
    pub(crate) struct ReferenceToOlderMinor<'a> {
        /// What refers: `relation `r` of `t``, `navigation variable `v``.
        pub what: &'a str,
        /// The type referred to.
        pub reference: &'a str,
        /// The id the package declares.
        pub declared: &'a str,
    } => format!("{what} points at `{reference}`; this package declares `{declared}`"),
        help: format!("point it at `{declared}`");
}

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    // The newest minor version the new package declares, per (base, major).
    let mut newest: HashMap<(&str, u32), &Arc<TypeSchema>> = HashMap::new();
    for t in &cmp.new.types {
        let Some(id) = &t.type_id else { continue };
        let slot = newest.entry((id.base.as_str(), id.major)).or_insert(&t.schema);
        if slot.type_id.as_ref().is_some_and(|s| s.minor < id.minor) {
            *slot = &t.schema;
        }
    }
    let stale = |reference: &str| -> Option<&Arc<TypeSchema>> {
        let (ty, _) = split_structure(reference.trim());
        let want = TypeId::parse(ty)?;
        let have = newest.get(&(want.base.as_str(), want.major))?;
        let newer = have.type_id.as_ref()?.minor > want.minor;
        (newer && cmp.new.type_by_id(ty.trim()).is_none()).then_some(*have)
    };
    let mut report =
        |what: String, file: &Arc<SourceFile>, span: Span, reference: &str, declared: &Arc<TypeSchema>| {
            let (ty, _) = split_structure(reference.trim());
            let mut d = ReferenceToOlderMinor { what: &what, reference: ty, declared: declared.id_str() }
                .diagnostic()
                .at(file, span)
                .with_label("an older minor version");
            if let Some(id) = &declared.id {
                d = d.with_secondary(&declared.file, id.span, "the version this package declares");
            }
            if let Some(prev) = cmp.old.type_by_id(ty.trim()) {
                if let Some(id) = &prev.schema.id {
                    d = d.with_secondary(&prev.schema.file, id.span, "declared by the previous version");
                }
            }
            out.push(d.with_note("APS resolves it to the declared version (same major), so it still works"));
        };
    for t in &cmp.new.types {
        for r in &t.schema.relations {
            let Some(ty) = &r.ty else { continue };
            if let Some(declared) = stale(&ty.value) {
                report(
                    format!("relation `{}` of `{}`", r.name.value, t.id()),
                    &t.schema.file,
                    ty.span,
                    &ty.value,
                    declared,
                );
            }
        }
    }
    let meta = &cmp.new.pkg.meta;
    for (node, var) in meta.vars() {
        let Some(ty) = &var.type_id else { continue };
        if let Some(declared) = stale(&ty.value) {
            let name = var.name.as_ref().map_or("?", |n| n.value.as_str());
            let node_id = node.id.as_ref().map_or("", |i| i.value.as_str());
            let what = if node_id.is_empty() {
                format!("navigation variable `{name}`")
            } else {
                format!("navigation variable `{name}` of `{node_id}`")
            };
            report(what, &meta.file, ty.span, &ty.value, declared);
        }
    }
}

use aps_diag::rule;

rule! { UNKNOWN_PROPERTY_TYPE;
    //! Reports a property, item, parameter or structure member whose `type` is not a JSON primitive
    //! (`string`, `integer`, `number`, `boolean`, `object`, `array`), not a structure of the type (or a
    //! type it implements), and not a `type-id#Structure` reference that resolves.
    //!
    //! ## Why
    //! The controller refuses the type, or stores values it cannot validate.
    //!
    //! ## Example
    //! ```json
    //! "limits": { "type": "Cuonter" }
    //! ```
    //!
    //! ## Fix
    //! Use a primitive, declare the structure under `structures`, or reference one such as `http://aps-
    //! standard.org/types/core/resource/1.0#Counter`.

    /// A property type that names nothing.
    pub(crate) enum UnknownPropertyType<'a> {
        /// `<type-id>#<Structure>` where the type declares no such structure.
        NoSuchStructure { type_id: &'a str, name: &'a str, structures: &'a [&'a str] }
            => format!("`{type_id}` declares no structure `{name}`"),
            help: aps_diag::did_you_mean_help(name, structures.iter().copied()).unwrap_or_else(|| {
                if structures.is_empty() {
                    "that type declares no structures".into()
                } else {
                    format!("its structures: {}", structures.join(", "))
                }
            });
        /// Neither a primitive nor a structure in scope.
        Unknown { name: &'a str, candidates: &'a [&'a str] }
            => format!("type `{name}` is neither a primitive nor a structure of this type"),
            help: aps_diag::did_you_mean_help(name, candidates.iter().copied()).unwrap_or_else(|| {
                "use string, integer, number, boolean, object or array, a structure declared under `structures`, or `<type-id>#<Structure>`".into()
            });
    }
}

use crate::registry::TypeRegistry;
use crate::schema::{Property, TypeSchema};
use crate::typeid::{split_structure, TypeId, PRIMITIVE_TYPES};
use crate::Spanned;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(schema: &TypeSchema, registry: &TypeRegistry, out: &mut Vec<Diagnostic>) {
    // Structures visible to this type: its own and those of what it implements.
    let mut visible: std::collections::BTreeSet<&str> =
        schema.structures.iter().map(|s| s.name.value.as_str()).collect();
    if let Some(me) = schema.id.as_ref().and_then(|id| registry.get_exact(&id.value)) {
        for a in registry.ancestors(me) {
            visible.extend(a.schema.structures.iter().map(|s| s.name.value.as_str()));
        }
    }
    let mut check_ty = |ty: &Spanned<String>, extra_ok: &[&str]| {
        let t = ty.value.trim();
        if PRIMITIVE_TYPES.contains(&t) || extra_ok.contains(&t) || visible.contains(t) {
            return;
        }
        if t.contains('#') || TypeId::parse(t).is_some() {
            let (tid, st) = split_structure(t);
            let Some(target) = registry.resolve(tid) else {
                return; // the reference itself is judged by unknown-type / external-type
            };
            match st {
                Some(name) if registry.find_structure(tid, name).is_none() => {
                    let names: Vec<&str> = registry
                        .ancestors(target)
                        .iter()
                        .flat_map(|a| a.schema.structures.iter().map(|s| s.name.value.as_str()))
                        .collect();
                    out.push(
                        UnknownPropertyType::NoSuchStructure {
                            type_id: target.id(),
                            name,
                            structures: &names,
                        }
                        .diagnostic()
                        .at(&schema.file, ty.span)
                        .with_label("unknown structure"),
                    );
                }
                _ => {}
            }
            return;
        }
        let candidates: Vec<&str> = PRIMITIVE_TYPES.iter().copied().chain(visible.iter().copied()).collect();
        out.push(
            UnknownPropertyType::Unknown { name: t, candidates: &candidates }
                .diagnostic()
                .at(&schema.file, ty.span)
                .with_label("unknown type"),
        );
    };
    fn walk<'a>(p: &'a Property, acc: &mut Vec<&'a Spanned<String>>) {
        if let Some(t) = &p.ty {
            acc.push(t);
        }
        if let Some(i) = &p.items {
            walk(i, acc);
        }
        for c in &p.properties {
            walk(c, acc);
        }
    }
    let mut types = Vec::new();
    for p in schema.properties.iter().chain(schema.structures.iter().flat_map(|s| s.properties.iter())) {
        walk(p, &mut types);
    }
    for t in types {
        check_ty(t, &[]);
    }
    for op in &schema.operations {
        for prm in &op.parameters {
            if let Some(t) = &prm.ty {
                check_ty(t, &["self"]);
            }
        }
        if let Some(r) = &op.response {
            if let Some(t) = &r.ty {
                check_ty(t, &["self"]);
            }
            if let Some(i) = &r.items {
                let mut acc = Vec::new();
                walk(i, &mut acc);
                for t in acc {
                    check_ty(t, &["self"]);
                }
            }
        }
    }
}

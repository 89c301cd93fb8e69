use crate::report::{Breaking, Change, MemberKind};
use crate::Comparison;
use aps_diag::{rule, Diagnostic, Violation};

rule! { REMOVED_WITHOUT_REPLACEMENT;
    //! Reports what the previous version had and the new one drops without a successor: a service
    //! (`<service id>`), a type (no version of it remains), or a property of a type whose new
    //! major version no longer has it.
    //!
    //! ## Why
    //! Installed platforms hold resources of the previous version: subscriptions use its services,
    //! resources exist of its types, and they hold values of its properties. Removing one of them
    //! strands those resources or loses their data, unless the application's `upgrade()` migrates
    //! them first. (Removing a property within the same major version is an error, `UPG005`; changing
    //! a type without a new version is `UPG004`.)
    //!
    //! ## Example
    //! The previous version declares `<service id="mailboxes">`; the new one does not.
    //!
    //! ## Fix
    //! Keep the service or type (it may serve a new version of the type), or migrate the existing
    //! resources in `upgrade()` and lower this rule for the release (`--severity UPG006=info`).

    /// Something installed platforms hold resources of, gone from the new version.
    pub(crate) enum RemovedWithoutReplacement<'a> {
        Service { id: &'a str } => format!("service `{id}` of the previous version is removed"),
            help: format!(
                "installed platforms have resources of service `{id}`; keep it, or migrate them in `upgrade()` before dropping it"
            );
        /// A type with no version left.
        Type { id: &'a str } => format!("type `{id}` is removed: no version of it remains"),
            help: "installed platforms have resources of this type; keep a version of it, or migrate them in `upgrade()`".into();
        /// A property dropped in a new major version `id` of `old_id`.
        Property { name: &'a str, old_id: &'a str, id: &'a str }
            => format!("property `{name}` of `{old_id}` is removed in `{id}`"),
            help: format!(
                "resources of `{old_id}` hold values of `{name}`; they are lost on upgrade unless `upgrade()` migrates them"
            );
    }
}

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    let (old, new) = (&cmp.old.pkg.meta, &cmp.new.pkg.meta);
    for s in cmp.services.iter().filter(|s| s.change == Change::Removed) {
        let served = cmp.old.pkg.service_info(&s.id).and_then(|i| i.schema()).map(|t| t.id_str().to_string());
        let mut d = RemovedWithoutReplacement::Service { id: &s.id }
            .diagnostic()
            .at(&new.file, new.start_tag)
            .with_label(format!("no `<service id=\"{}\">` in this version", s.id));
        if let Some(id) = old.service(&s.id).and_then(|svc| svc.id.as_ref()) {
            d = d.with_secondary(&old.file, id.span, "declared in the previous version");
        }
        if let Some(ty) = served {
            d = d.with_note(format!("it served type `{ty}`"));
        }
        out.push(d);
    }
    for t in cmp.types.iter().filter(|t| t.change == Change::Removed && t.removed_entirely == Some(true)) {
        let Some(schema) = t.old_schema() else { continue };
        // A removed service already says so, with its type.
        let service_in_new = t.service.as_deref().and_then(|s| new.service(s));
        if t.service.is_some() && service_in_new.is_none() {
            continue;
        }
        let mut d = RemovedWithoutReplacement::Type { id: &t.id }.diagnostic();
        d = match service_in_new.and_then(|s| s.schema.as_ref()) {
            Some(path) => d.at(&new.file, path.span).with_label(format!(
                "service `{}` now serves another type",
                t.service.as_deref().unwrap_or_default()
            )),
            None => d.at(&new.file, new.start_tag).with_label("no version of this type in this package"),
        };
        if let Some(id) = &schema.id {
            d = d.with_secondary(&schema.file, id.span, "declared in the previous version");
        }
        out.push(d);
    }
    for t in cmp.types.iter().filter(|t| t.change == Change::Reversioned && t.same_major == Some(false)) {
        let (Some(os), Some(ns)) = (t.old_schema(), t.new_schema()) else { continue };
        let old_id = t.old_id.as_deref().unwrap_or_default();
        for m in t.members.iter().filter(|m| m.kind == MemberKind::Property) {
            for detail in &m.details {
                if detail.breaking != Some(Breaking::Removed { kind: MemberKind::Property, nested: false }) {
                    continue;
                }
                out.push(
                    RemovedWithoutReplacement::Property { name: &m.name, old_id, id: &t.id }
                        .diagnostic()
                        .at(&ns.file, detail.new_at.span)
                        .with_label(format!("no `{}` here any more", m.name))
                        .with_secondary(&os.file, detail.old_at.span, format!("declared in `{old_id}`")),
                );
            }
        }
    }
}

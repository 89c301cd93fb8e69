use crate::context::{INIT_WIZARD as INIT_WIZARD_TYPE, INIT_WIZARD_OPERATIONS};
use crate::lint::Cx;
use aps_diag::rule;

rule! { INIT_WIZARD;
    //! ## What it does
    //! With the package known, checks that the application's root type
    //! implements `http://odin.com/init-wizard/config/1.0` and has the
    //! operations the wizard calls: `getInitWizardConfig` and `testConnection`.
    //!
    //! ## Why
    //! The platform offers the wizard only for applications whose root type
    //! implements the init-wizard type; it reads the wizard data through
    //! `getInitWizardConfig` and checks the connection with `testConnection`.
    //! Without them the wizard data in the package is never used.
    //!
    //! ## Example
    //! A root type with `"implements": ["http://aps-standard.org/types/core/application/1.0"]` only.
    //!
    //! ## Fix
    //! Add `http://odin.com/init-wizard/config/1.0` to the root type's
    //! `implements` and implement both operations in its service.

    /// The root type cannot serve the initial wizard.
    pub(crate) enum InitWizard<'a> {
        /// It does not implement the wizard type.
        NotImplemented { root: &'a str }
            => format!("root type `{root}` does not implement `{INIT_WIZARD_TYPE}`"),
            help: format!(
                "add `{INIT_WIZARD_TYPE}` to the root type's `implements` and implement `getInitWizardConfig` and `testConnection`"
            );
        /// It lacks operations the wizard calls (each quoted).
        MissingOperations { root: &'a str, missing: &'a [String] }
            => format!("root type `{root}` lacks {}", crate::lint::join_and(missing)),
            help: "declare and implement the operations in the root type's service".into();
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let Some(app_id) = cx.w.app_id else { return };
    let Some(root) = cx.root_type(app_id.span) else { return };
    if !pkg.implements(&root, INIT_WIZARD_TYPE) {
        cx.report_at(
            &InitWizard::NotImplemented { root: &root },
            app_id.span,
            "the wizard is not offered for this application",
        );
        return;
    }
    let missing: Vec<String> = INIT_WIZARD_OPERATIONS
        .iter()
        .filter(|op| !pkg.has_operation(&root, op))
        .map(|op| format!("`{op}`"))
        .collect();
    if !missing.is_empty() {
        cx.report_at(
            &InitWizard::MissingOperations { root: &root, missing: &missing },
            app_id.span,
            "the wizard calls these operations",
        );
    }
}

use crate::context::CORE_APPLICATION;
use crate::lint::Cx;
use aps_diag::rule;

rule! { APP_ID;
    //! ## What it does
    //! With the package known, checks that `defaults.appId` is the id of the
    //! application's root type — the type that implements
    //! `http://aps-standard.org/types/core/application/1.0` and that
    //! `idglobals` stands for.
    //!
    //! ## Why
    //! The wizard uses `appId` to find the application instances it may
    //! configure; with another id it finds none (or the wrong application).
    //!
    //! ## Example
    //! ```json
    //! "appId": "http://example.com/app/Office365Adoption/app/1.0"
    //! ```
    //! while the root type is `http://example.com/app/Office365Adoption/application/1.0`.
    //!
    //! ## Fix
    //! Set `appId` to the root type's id as the message gives it.

    /// `appId` does not name the application's root type.
    pub(crate) enum AppId<'a> {
        /// No type of the package is an application.
        NoRoot => "no type of the package implements core/application/1.0".into(),
            help: format!("the application's root type must implement `{CORE_APPLICATION}`");
        /// `appId` names another type than the root type.
        NotRoot { app_id: &'a str, root: &'a str }
            => format!("`appId` is `{app_id}`, but the application's root type is `{root}`"),
            help: format!("set `\"appId\": \"{root}\"`");
        /// The root type is unknown, and the named type is not an application.
        NotApplication { app_id: &'a str } => format!("`appId` type `{app_id}` is not an application type"),
            help: "set `appId` to the application's root type".into();
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let Some(app_id) = cx.w.app_id else { return };
    if cx.root_missing() {
        cx.report_at(&AppId::NoRoot, app_id.span, "`appId` and `idglobals` have nothing to resolve to");
        return;
    }
    match cx.root_type(app_id.span) {
        Some(root) if root == app_id.value => {}
        Some(root) => {
            cx.report_at(
                &AppId::NotRoot { app_id: app_id.value, root: &root },
                app_id.span,
                "not the root type",
            );
        }
        None => {
            // Root type unknown (PHP): the named type, if the package knows it, must still be an application.
            if pkg.has_type(app_id.value) && !pkg.implements(app_id.value, CORE_APPLICATION) {
                cx.report_at(
                    &AppId::NotApplication { app_id: app_id.value },
                    app_id.span,
                    format!("does not implement `{CORE_APPLICATION}`"),
                );
            }
        }
    }
}

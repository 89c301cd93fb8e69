use crate::context::Relation;
use crate::lint::Cx;
use crate::wizard::{Profile, RelationRef, IDGLOBALS};
use aps_diag::rule;

rule! { RELATION_TARGET_TYPE;
    //! ## What it does
    //! With the package known, checks that the resource a relation points at
    //! has a type compatible with the relation's target type: the root type
    //! for `idglobals`, the `apsType` of a wizard resource. A later minor
    //! version of the target type (`…/2.4` for `…/2.0`) is compatible, as on
    //! the platform.
    //!
    //! ## Why
    //! The platform refuses to link a resource of the wrong type, and the
    //! wizard fails when it creates the profile.
    //!
    //! ## Example
    //! A relation `application` to `http://example.com/app/1.0` given the
    //! value `"offer-basic"`, an `http://example.com/offer/1.0` resource.
    //!
    //! ## Fix
    //! Point the relation at a resource of the right type (for the
    //! application instance, `idglobals`).

    /// A relation whose target is not of the type the relation needs.
    pub(crate) struct RelationTargetType<'a> {
        pub relation: &'a str,
        /// The wizard resource that has the relation.
        pub what: &'a str,
        /// The type the relation needs.
        pub needs: &'a str,
        pub target: &'a str,
        /// The target's type.
        pub actual: &'a str,
    } => {
        let shown = if *target == IDGLOBALS {
            "the application instance (`idglobals`)".to_string()
        } else {
            format!("`{target}`")
        };
        format!("relation `{relation}` of {what} needs a `{needs}`, but {shown} is a `{actual}`")
    },
        help: format!("point `{relation}` at a resource implementing `{needs}`");
}

/// Called by the relation check once the relation is known.
pub(crate) fn check_targets(
    cx: &mut Cx<'_, '_>,
    profile: &Profile<'_>,
    rel: &RelationRef<'_>,
    def: &Relation,
) {
    let Some(pkg) = cx.pkg else { return };
    if def.target_type.is_empty() {
        return;
    }
    for (_, target) in &rel.targets {
        let Some(actual) = cx.type_of_reference(target.value, target.span) else { continue };
        if pkg.implements(&actual, &def.target_type) {
            continue;
        }
        let v = RelationTargetType {
            relation: rel.name.value,
            what: &profile.what(),
            needs: &def.target_type,
            target: target.value,
            actual: &actual,
        };
        cx.report_at(&v, target.span, format!("a `{actual}`"));
    }
}

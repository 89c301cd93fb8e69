use crate::annotations::{list, KINDS, ROLES, VERBS};
use aps_diag::rule;

rule! { INEFFECTIVE_ANNOTATION;
    //! An APS annotation that has no effect where it is, or an unexpected value.
    //!
    //! ## What it does
    //! Reports annotations on the wrong element (`@verb` on a property,
    //! `@title` on a class), property annotations on a property without
    //! `@type` or `@link`, flags given arguments (`@required(true)`), `@param`
    //! annotations without a matching PHP parameter (and PHP parameters of an
    //! operation without `@param`), an operation without `@path`, and values
    //! outside the expected set: verbs other than GET, POST, PUT, DELETE,
    //! parameter kinds other than body, query, path, roles other than admin,
    //! owner, referrer, and PHP type names such as `int` or `bool`.
    //!
    //! ## Why
    //! The runtime silently ignores what it does not use, so the generated
    //! schema differs from what the code suggests.
    //!
    //! ## Example
    //! ```php
    //! /**
    //!  * @title("Company name")
    //!  */
    //! public $company;   // no @type: not part of the schema
    //! ```
    //!
    //! ## Fix
    //! Add the missing annotation (here `@type(string)`), move the annotation
    //! to the element it belongs to, or correct the value.

    impl IneffectiveAnnotation<'_> {
        message: |v| match v {
            Self::Misplaced { name, place, .. } => format!("`@{name}` has no effect on {place}"),
            Self::FlagWithArguments { name } => format!("`@{name}` takes no arguments"),
            Self::OnRelation { name } => format!("`@{name}` has no effect on a relation (`@link`)"),
            Self::Untyped { property, name } => {
                format!("property `${property}` has `@{name}` but no `@type` or `@link`")
            }
            Self::PhpTypeName { name, .. } => format!("`{name}` is a PHP type name, not an APS type"),
            Self::UnexpectedRole { role, .. } => format!("unexpected role `{role}` in `@access`"),
            Self::NoVerb { method, name } => format!("method `{method}` has `@{name}` but no `@verb`"),
            Self::UnexpectedVerb { verb, .. } => format!("unexpected HTTP verb `{verb}`"),
            Self::NoPath { method, .. } => format!("operation `{method}` has no `@path`"),
            Self::ParamWithoutPhp { number, method } => {
                format!("`@param` number {number} of `{method}` has no PHP parameter")
            }
            Self::UnexpectedKind { kind, .. } => format!("unexpected parameter kind `{kind}`"),
            Self::ParamWithoutAnnotation { param, method } => {
                format!("parameter `${param}` of operation `{method}` has no `@param`")
            }
        },
        help?: |v| {
            let or_list = |suggestion: &Option<String>, what: &str, items: &[&str]| {
                suggestion.clone().or_else(|| Some(format!("{what}: {}", list(items))))
            };
            match v {
                Self::Misplaced { place, allowed, .. } => {
                    Some(format!("annotations of {place}: {}", list(allowed)))
                }
                Self::FlagWithArguments { name } => {
                    Some(format!("write `@{name}` alone: the flag is set by its presence"))
                }
                Self::OnRelation { .. } => Some("a relation takes `@required` and `@allocate` only".into()),
                Self::Untyped { .. } => {
                    Some("add `@type(…)`: without it the property is not part of the schema".into())
                }
                Self::PhpTypeName { aps, .. } => Some(format!("did you mean `{aps}`?")),
                Self::UnexpectedRole { suggestion, .. } => or_list(suggestion, "roles", ROLES),
                Self::NoVerb { .. } => Some(
                    "add `@verb(GET)` (or POST, PUT, DELETE): only methods with `@verb` are operations".into(),
                ),
                Self::UnexpectedVerb { suggestion, .. } => or_list(suggestion, "verbs", VERBS),
                Self::NoPath { fallback, .. } => {
                    Some(format!("add `@path(\"{fallback}\")`; aps-pack assumes that path"))
                }
                Self::ParamWithoutPhp { .. } => {
                    Some("aps build matches `@param` annotations to the method's parameters by position".into())
                }
                Self::UnexpectedKind { suggestion, .. } => or_list(suggestion, "kinds", KINDS),
                Self::ParamWithoutAnnotation { .. } => {
                    Some("add `@param(type, kind)` for it, in the order of the parameters".into())
                }
            }
        },
    }
}

/// An annotation that changes nothing where it is, or a value outside its set.
pub enum IneffectiveAnnotation<'a> {
    /// On an element that does not read it: `place` (`a property`) allows `allowed`.
    Misplaced {
        name: &'a str,
        place: &'a str,
        allowed: &'a [&'a str],
    },
    /// A flag given arguments.
    FlagWithArguments {
        name: &'a str,
    },
    /// On a relation (`@link`), which reads `@required` and `@allocate` only.
    OnRelation {
        name: &'a str,
    },
    /// A property annotation on a property without `@type` or `@link`.
    Untyped {
        property: &'a str,
        name: &'a str,
    },
    /// A PHP type name (`int`) and the APS type meant (`integer`).
    PhpTypeName {
        name: &'a str,
        aps: &'a str,
    },
    /// A role of `@access` outside the roles; `suggestion` is "did you mean".
    UnexpectedRole {
        role: &'a str,
        suggestion: Option<String>,
    },
    /// Operation annotations on a method without `@verb`.
    NoVerb {
        method: &'a str,
        name: &'a str,
    },
    UnexpectedVerb {
        verb: &'a str,
        suggestion: Option<String>,
    },
    /// An operation without `@path`; `fallback` is the path assumed.
    NoPath {
        method: &'a str,
        fallback: &'a str,
    },
    /// `@param` number `number` (from 1) with no PHP parameter.
    ParamWithoutPhp {
        number: usize,
        method: &'a str,
    },
    UnexpectedKind {
        kind: &'a str,
        suggestion: Option<String>,
    },
    /// A PHP parameter of an operation with no `@param`.
    ParamWithoutAnnotation {
        param: &'a str,
        method: &'a str,
    },
}

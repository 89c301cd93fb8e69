use aps_diag::rule;

rule! { INVALID_NAME;
    //! Reports a property, relation, operation or structure name that is not a letter or `_` followed
    //! by letters, digits and `_`, and a type `name` that contains characters other than letters,
    //! digits, `_`, `-`, `.` and spaces.
    //!
    //! ## Why
    //! Names become JSON keys in REST calls, RQL filters and PHP members; other characters break those.
    //!
    //! ## Example
    //! ```json
    //! "properties": { "user-name": { "type": "string" } }
    //! ```
    //!
    //! ## Fix
    //! Use `userName` or `user_name`.

    impl InvalidName<'_> {
        message: |v| match v {
            Self::TypeName { name } => format!("type name `{name}` has characters APS does not allow"),
            Self::MemberName { kind, name } => {
                format!("{kind} name `{name}` does not match the APS name pattern")
            }
        },
        help?: |v| match v {
            Self::TypeName { .. } => None,
            Self::MemberName { name, .. } => {
                let s = suggestion(name);
                (!s.is_empty()).then(|| format!("for example `{s}`"))
            }
        },
    }
}

use crate::schema::{Property, TypeSchema};
use aps_diag::{Diagnostic, Violation};

/// Property, relation, operation and structure names: a letter or `_`, then letters, digits, `_`.
pub fn is_valid_member_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Type `name`: letters, digits, `_`, `-`, `.` and spaces, not empty.
pub fn is_valid_type_name(s: &str) -> bool {
    !s.trim().is_empty() && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

fn suggestion(s: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = !out.is_empty();
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

pub(crate) fn check(schema: &TypeSchema, out: &mut Vec<Diagnostic>) {
    let file = &schema.file;
    if let Some(name) = &schema.name {
        if !is_valid_type_name(&name.value) {
            out.push(
                InvalidName::TypeName { name: &name.value }
                    .diagnostic()
                    .at(file, name.span)
                    .with_label("expected letters, digits, `_`, `-`, `.` or spaces"),
            );
        }
    }
    let mut report = |kind: &str, n: &crate::Spanned<String>| {
        if !is_valid_member_name(&n.value) {
            let d = InvalidName::MemberName { kind, name: &n.value }
                .diagnostic()
                .at(file, n.span)
                .with_label("expected a letter or `_`, then letters, digits or `_`");
            out.push(d);
        }
    };
    fn props<'a>(ps: &'a [Property], acc: &mut Vec<&'a crate::Spanned<String>>) {
        for p in ps {
            acc.push(&p.name);
            props(&p.properties, acc);
        }
    }
    let mut names = Vec::new();
    props(&schema.properties, &mut names);
    for n in names {
        report("property", n);
    }
    for r in &schema.relations {
        report("relation", &r.name);
    }
    for o in &schema.operations {
        report("operation", &o.name);
    }
    for s in &schema.structures {
        report("structure", &s.name);
        let mut names = Vec::new();
        props(&s.properties, &mut names);
        for n in names {
            report("structure member", n);
        }
    }
}

/// A name APS does not allow.
pub(crate) enum InvalidName<'a> {
    /// The type's own name.
    TypeName { name: &'a str },
    /// A property, relation, operation or structure name (`kind`).
    MemberName { kind: &'a str, name: &'a str },
}

use crate::lint::JsonFile;
use aps_diag::{rule, Diagnostic, Span, Violation};
use std::collections::HashMap;

rule! { DUPLICATE_NAME;
    //! Two entries of `input.json` (or of `output.json`) have the same `name`.
    //!
    //! **Why:** parameters are passed to the Terraform templates by name; with two of
    //! the same name, one value silently overrides the other.
    //!
    //! **Fix:** rename or remove one of them.

    /// A second parameter or output with a name already used (`kind`: "parameter", "output").
    pub struct DuplicateName<'a> { pub kind: &'a str, pub name: &'a str }
        => format!("two {kind}s are named `{name}`"),
        help: "rename or remove one of them".into();
}

/// Names repeated among the items of input.json or output.json.
pub(crate) fn check(f: &JsonFile, kind: &str, diags: &mut Vec<Diagnostic>) {
    let Some(items) = f.value.as_array() else { return };
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for item in items {
        let Some(v) = item.get("name") else { continue };
        let Some(name) = v.as_str() else { continue };
        if let Some(first) = seen.get(name) {
            diags.push(
                DuplicateName { kind, name }
                    .diagnostic()
                    .at(&f.file, v.span)
                    .with_label("repeated here")
                    .with_secondary(&f.file, *first, "first defined here"),
            );
        } else {
            seen.insert(name, v.span);
        }
    }
}

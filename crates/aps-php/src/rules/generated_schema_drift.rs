use crate::package::GeneratedSchema;
use aps_diag::{rule, Diagnostic, Violation};
use aps_model::source::read_source_file;
use aps_model::PackageSource;

rule! { GENERATED_SCHEMA_DRIFT;
    //! A committed `.schema.gen` file no longer matches the PHP it is generated from.
    //!
    //! ## What it does
    //! `aps-pack schema gen --check` generates every service's schema from
    //! its PHP annotations in memory and compares it with the committed
    //! `schemas/<service>.schema.gen`: the JSON must be equal (key order and
    //! formatting do not matter). A missing file counts as drift.
    //!
    //! ## Why
    //! The committed file is what reviewers read and what tools that do not
    //! run PHP use; when the PHP changed and the file did not, both describe
    //! different types, and the package built from the scripts is not the one
    //! that was reviewed.
    //!
    //! ## Example
    //! A property was added to `scripts/tenants.php` but
    //! `schemas/tenants.schema.gen` was not regenerated.
    //!
    //! ## Fix
    //! Run `aps-pack schema gen` and commit the result.

    impl GeneratedSchemaDrift<'_> {
        message: |v| match v {
            Self::NotCommitted { schema: g } => {
                format!("`{}` is not committed: service `{}` generates it", g.path, g.service_id)
            }
            Self::NotJson { schema: g } => format!("`{}` is not valid JSON", g.path),
            Self::Stale { schema: g } => {
                format!("`{}` is stale: it differs from what {} generates", g.path, g.source_file)
            }
        },
        help?: |v| {
            let (Self::NotCommitted { schema } | Self::NotJson { schema } | Self::Stale { schema }) = v;
            Some(format!("run `aps-pack schema gen` to regenerate it from {}", schema.source_file))
        },
    }
}

/// A generated schema that the committed file does not match.
pub enum GeneratedSchemaDrift<'a> {
    NotCommitted {
        schema: &'a GeneratedSchema,
    },
    /// The committed file is not JSON.
    NotJson {
        schema: &'a GeneratedSchema,
    },
    /// The committed file differs.
    Stale {
        schema: &'a GeneratedSchema,
    },
}

/// Compare generated schemas with the committed files (`schema gen --check`):
/// one [`GENERATED_SCHEMA_DRIFT`] finding per file that is missing or
/// whose JSON differs (key order, formatting and the `//` header do not count).
pub fn check_drift(source: &dyn PackageSource, generated: &[GeneratedSchema]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for g in generated {
        let display = source.display_path(&g.path);
        let regenerate = aps_diag::Fix::write(
            format!("Regenerate `{}` from {}", g.path, g.source_file),
            display.clone(),
            g.text.clone(),
        );
        if !source.exists(&g.path) {
            diags.push(
                GeneratedSchemaDrift::NotCommitted { schema: g }
                    .diagnostic()
                    .at_path(display)
                    .with_fix(regenerate),
            );
            continue;
        }
        let committed = match read_source_file(source, &g.path, aps_json::MAX_SOURCE_BYTES) {
            Ok((file, _)) => file,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let parsed = aps_json::parse(&committed, &aps_json::Options::with_comments());
        let wanted = generated_value(&g.text);
        let Some(value) = parsed.value else {
            diags.push(
                GeneratedSchemaDrift::NotJson { schema: g }
                    .diagnostic()
                    .in_file(&committed)
                    .with_fix(regenerate),
            );
            continue;
        };
        if let Some((pointer, what)) = difference(&value.to_serde(), &wanted, "") {
            // Point at the deepest committed value that exists on the way to the difference.
            let mut target = pointer.as_str();
            let span = loop {
                if let Some(v) = value.pointer(target) {
                    break v.span;
                }
                match target.rfind('/') {
                    Some(i) => target = &target[..i],
                    None => break value.span,
                }
            };
            diags.push(
                GeneratedSchemaDrift::Stale { schema: g }
                    .diagnostic()
                    .at(&committed, span)
                    .with_label(what)
                    .with_fix(regenerate),
            );
        }
    }
    diags
}

fn generated_value(text: &str) -> serde_json::Value {
    let body: String = text.lines().skip_while(|l| l.starts_with("//")).collect::<Vec<_>>().join("\n");
    serde_json::from_str(&body).unwrap_or(serde_json::Value::Null)
}

/// The first difference between the committed and the generated value, as a
/// JSON pointer into the committed value and a description.
fn difference(
    committed: &serde_json::Value,
    generated: &serde_json::Value,
    at: &str,
) -> Option<(String, String)> {
    use serde_json::Value;
    match (committed, generated) {
        (Value::Object(c), Value::Object(g)) => {
            for (k, gv) in g {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match c.get(k) {
                    Some(cv) => {
                        if let Some(d) = difference(cv, gv, &here) {
                            return Some(d);
                        }
                    }
                    None => {
                        return Some((
                            at.to_string(),
                            format!("`{k}` is missing here; the PHP generates {gv}"),
                        ))
                    }
                }
            }
            c.keys().find(|k| !g.contains_key(*k)).map(|k| {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                (here, format!("`{k}` is no longer generated from the PHP"))
            })
        }
        (Value::Array(c), Value::Array(g)) if c.len() == g.len() => {
            c.iter().zip(g).enumerate().find_map(|(i, (cv, gv))| difference(cv, gv, &format!("{at}/{i}")))
        }
        _ if committed == generated => None,
        _ => Some((at.to_string(), format!("the PHP now generates {generated}"))),
    }
}

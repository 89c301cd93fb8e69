use super::short;
use crate::placeholder;
use crate::po::{Entry, PoFile};
use aps_diag::{rule, Diagnostic, Violation};

rule! { PLACEHOLDER;
    //! A translation that lacks a placeholder of its `msgid` (`${value}`, `__name__`, `%s`,
    //! `{0}`), or has one the `msgid` does not. The finding points at the `msgstr`.
    //!
    //! ## Why
    //! The UI fills placeholders in by name or position: a dropped `${maximum}` loses the
    //! number from the sentence, an invented one is shown literally.
    //!
    //! ## Example
    //! ```text
    //! msgid "${value} GB used of ${maximum} GB"
    //! msgstr "${value} GB verwendet"
    //! ```
    //!
    //! ## Fix
    //! Keep every placeholder of the `msgid`, spelt the same (their order may change).

    /// A translation that drops placeholders of its msgid, or has ones the msgid does not.
    pub struct Placeholder<'a> {
        pub msgid: &'a str,
        pub dropped: &'a [&'a String],
        pub invented: &'a [&'a String],
    } => {
        let mut parts = Vec::new();
        if !dropped.is_empty() {
            parts.push(format!("drops {}", list(dropped)));
        }
        if !invented.is_empty() {
            parts.push(format!("has {} that the msgid does not", list(invented)));
        }
        format!("the translation of `{}` {}", short(msgid), parts.join(" and "))
    },
        help: "keep every placeholder of the msgid, spelt the same (their order may change)".into();
}

fn list(items: &[&String]) -> String {
    items.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}

/// Each translation of `entry` against the placeholders of its msgid (and plural).
pub(crate) fn check(po: &PoFile, entry: &Entry, diags: &mut Vec<Diagnostic>) {
    let Some(id) = &entry.msgid else { return };
    let mut expected = placeholder::find(&id.value);
    let plural = entry.msgid_plural.is_some();
    if let Some(p) = &entry.msgid_plural {
        for x in placeholder::find(&p.value) {
            if !expected.contains(&x) {
                expected.push(x);
            }
        }
    }
    for msgstr in &entry.msgstr {
        if msgstr.value.is_empty() {
            continue;
        }
        let got = placeholder::find(&msgstr.value);
        // A plural form may leave the count out ("one file"): only invented ones count there.
        let dropped: Vec<&String> =
            if plural { Vec::new() } else { expected.iter().filter(|p| !got.contains(p)).collect() };
        let invented: Vec<&String> = got.iter().filter(|p| !expected.contains(p)).collect();
        if dropped.is_empty() && invented.is_empty() {
            continue;
        }
        diags.push(
            Placeholder { msgid: &id.value, dropped: &dropped, invented: &invented }
                .diagnostic()
                .at(&po.file, msgstr.span)
                .with_label("the translation")
                .with_secondary(&po.file, id.span, "the original"),
        );
    }
}

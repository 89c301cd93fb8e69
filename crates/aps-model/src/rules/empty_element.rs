use aps_diag::rule;

rule! { EMPTY_ELEMENT;
    //! Reports an optional element that is present but empty, such as `<homepage/>` or an empty vendor
    //! `<name>`.
    //!
    //! ## Why
    //! An empty value is shown as a blank in the catalog and control panels; it is almost always a
    //! placeholder someone forgot.
    //!
    //! ## Example
    //! ```xml
    //! <vendor><name>Company, Inc</name><homepage/></vendor>
    //! ```
    //!
    //! ## Fix
    //! Fill it in or remove the element.

    /// An element that holds no value.
    pub(crate) struct EmptyElement<'a> {
        /// The element as shown, e.g. `` `<presentation>/<summary>` ``.
        pub shown: &'a str,
        /// Its name.
        pub leaf: &'a str,
    } => format!("{shown} is empty"),
        help: format!("fill in `<{leaf}>` or remove the element");
}

use crate::lint::Cx;
use crate::Spanned;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.meta;
    let mut fields: Vec<(String, &Option<Spanned<String>>)> = vec![("homepage".into(), &m.homepage)];
    for (who, party) in [("vendor", &m.vendor), ("packager", &m.packager)] {
        if let Some(p) = party {
            fields.push((format!("{who}> `<name"), &p.name));
            fields.push((format!("{who}> `<homepage"), &p.homepage));
            fields.push((format!("{who}> `<uri"), &p.uri));
        }
    }
    if let Some(p) = &m.presentation {
        fields.push(("summary".into(), &p.summary));
        fields.push(("description".into(), &p.description));
    }
    for (name, value) in fields {
        if let Some(v) = value {
            if v.value.is_empty() {
                let (shown, leaf) = match name.rsplit_once("> `<") {
                    Some((parent, leaf)) => (format!("`<{parent}>` `<{leaf}>`"), leaf.to_string()),
                    None => (format!("`<{name}>`"), name.clone()),
                };
                out.push(
                    EmptyElement { shown: &shown, leaf: &leaf }
                        .diagnostic()
                        .at(cx.file(), v.span)
                        .with_label("no value"),
                );
            }
        }
    }
}

use aps_diag::rule;

rule! { LICENSE_FILE_IS_URL;
    //! Reports a licence agreement `<file>` element whose value is a URL.
    //!
    //! ## Why
    //! `<file>` names a file inside the package; a URL belongs in `<url>`. The official APS sample
    //! package writes a URL there, and packages built from it were accepted by controllers by the
    //! dozen, so this is a note on style rather than a defect (severity info).
    //!
    //! ## Example
    //! ```xml
    //! <text><name>EULA</name><file>https://opensource.org/licenses/MIT</file></text>
    //! ```
    //!
    //! ## Fix
    //! Use `<url>https://opensource.org/licenses/MIT</url>`, or ship the text and point `<file>` at it.

    /// A licence `<file>` that holds a URL.
    pub(crate) struct LicenseFileIsUrl<'a> { pub url: &'a str } => "the licence `<file>` holds a URL".into(),
        help: format!("write `<url>{url}</url>` instead");
}

use crate::lint::Cx;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn is_url(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ftp://")
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(file) = cx.meta.license.as_ref().and_then(|l| l.text.as_ref()).and_then(|t| t.file.as_ref())
    else {
        return;
    };
    if is_url(&file.value) {
        out.push(
            LicenseFileIsUrl { url: &file.value }
                .diagnostic()
                .at(cx.file(), file.span)
                .with_label("`<file>` names a file inside the package"),
        );
    }
}

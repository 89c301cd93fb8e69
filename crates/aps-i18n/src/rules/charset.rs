use crate::po::PoFile;
use aps_diag::{rule, Diagnostic, Severity, Violation};

rule! { CHARSET;
    //! A PO file whose bytes are not UTF-8 (an error), or whose `Content-Type` header declares
    //! another charset (a warning).
    //!
    //! ## Why
    //! UTF-8 is the only charset the APS platform supports; the catalog compiled from a file
    //! in another encoding shows garbled text. A header declaring `ISO-8859-1` over UTF-8
    //! bytes misleads editors into re-encoding the file.
    //!
    //! ## Example
    //! ```text
    //! "Content-Type: text/plain; charset=ISO-8859-1\n"
    //! ```
    //!
    //! ## Fix
    //! Convert the file (`iconv -f ISO-8859-1 -t UTF-8`) and declare
    //! `Content-Type: text/plain; charset=UTF-8`.

    impl Charset<'_> {
        message: |v| match v {
            Self::NotUtf8 => "the PO file is not UTF-8, the only charset the platform supports".into(),
            Self::Declared { charset } => {
                format!("the header declares charset `{charset}`; the platform supports only UTF-8")
            }
        },
        help: |v| match v {
            Self::NotUtf8 => {
                "convert the file to UTF-8 (e.g. `iconv -f ISO-8859-1 -t UTF-8`) and declare `charset=UTF-8`"
            }
            Self::Declared { .. } => {
                "declare `Content-Type: text/plain; charset=UTF-8` (the file's bytes are UTF-8 already)"
            }
        }
        .into(),
        diagnostic: |v, d| match v {
            Self::NotUtf8 => d,
            // The bytes are UTF-8: only the declaration misleads.
            Self::Declared { .. } => d.with_severity(Severity::Warning),
        },
    }
}

/// Bytes that are not UTF-8 (an error), or a header declaring another charset (a warning).
pub enum Charset<'a> {
    NotUtf8,
    Declared { charset: &'a str },
}

/// The charset the header's `Content-Type` declares, when it is not UTF-8.
pub(crate) fn check_declared(po: &PoFile, diags: &mut Vec<Diagnostic>) {
    let Some((content_type, span)) = po.header_field("Content-Type") else { return };
    let charset = content_type.split(';').find_map(|p| p.trim().strip_prefix("charset=")).unwrap_or("");
    if !charset.is_empty() && !charset.eq_ignore_ascii_case("UTF-8") && !charset.eq_ignore_ascii_case("utf8")
    {
        diags.push(Charset::Declared { charset }.diagnostic().at(&po.file, span));
    }
}

use crate::locale;
use crate::po::PoFile;
use aps_diag::{rule, Diagnostic, Violation};

rule! { LOCALE_NAME;
    //! A PO file whose name is not a platform locale name (`ll` or `ll_CC`: language in lower
    //! case, country in upper case, joined by `_`), or whose `Language` header names another
    //! locale than its file name.
    //!
    //! ## Why
    //! The platform's UI loads `i18n/<locale>.json` by the user's locale name; `pt-br.po`
    //! compiles to `pt-br.json`, which is never loaded. A `Language` header that disagrees
    //! with the file name shows a file copied from another locale and not updated.
    //!
    //! ## Example
    //! ```text
    //! i18n/pt-br.po
    //! ```
    //!
    //! ## Fix
    //! Rename the file to the platform's form (`i18n/pt_BR.po`) and make `Language` say the same.

    impl LocaleName<'_> {
        message: |v| match v {
            Self::FileName { name, .. } => {
                format!("`{name}` is not a locale name of the form `ll` or `ll_CC`")
            }
            Self::Header { language, name } => {
                format!("the `Language` header says `{language}` but the file is the `{name}` catalog")
            }
        },
        help: |v| match v {
            Self::FileName { fixed: Some(fixed), .. } => format!(
                "rename it to i18n/{fixed}.po (language in lower case, country in upper case, joined by `_`)"
            ),
            Self::FileName { fixed: None, .. } => {
                "name it after its locale: `ll` or `ll_CC`, e.g. i18n/de.po or i18n/pt_BR.po".to_string()
            }
            Self::Header { language, name } => {
                format!("set `Language: {name}` (or rename the file if it holds {language} texts)")
            }
        },
    }
}

/// A PO file named after no locale (with the name it probably means), or whose
/// `Language` header names another locale than its file name.
pub enum LocaleName<'a> {
    FileName { name: &'a str, fixed: Option<String> },
    Header { language: &'a str, name: &'a str },
}

/// The locale the file's name (`rel`) gives, and the one its `Language` header names.
pub(crate) fn check(po: &PoFile, rel: &str, diags: &mut Vec<Diagnostic>) {
    let name = locale::of_path(rel);
    if !locale::is_valid(name) {
        let v = LocaleName::FileName { name, fixed: locale::suggest(name) };
        diags.push(v.diagnostic().at_path(po.file.path().to_string()));
        return;
    }
    if let Some((language, span)) = po.header_field("Language") {
        if !language.is_empty() && language != name {
            diags.push(LocaleName::Header { language: &language, name }.diagnostic().at(&po.file, span));
        }
    }
}

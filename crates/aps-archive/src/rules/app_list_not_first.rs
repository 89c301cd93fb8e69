use crate::applist::APP_LIST;
use crate::zipread::ZipArchive;
use aps_diag::Diagnostic;
use aps_diag::{rule, Violation};

rule! { APP_LIST_NOT_FIRST;
    //! Reports an archive in which APP-LIST.xml is not the first entry.
    //!
    //! ## Why
    //! The official tools write it first, so that a reader streaming the archive knows the file list
    //! before the files. Some readers rely on that.
    //!
    //! ## Example
    //! ```text
    //! 1 APP-META.xml
    //! 2 APP-LIST.xml
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// An archive whose first entry is not APP-LIST.xml.
    pub struct AppListNotFirst<'a> {
        /// The entry that comes first.
        pub first: &'a str,
    } => format!("APP-LIST.xml is not the first entry (`{first}` is)"),
        help: "the official tools write APP-LIST.xml first; rebuild with `aps-pack build`".into();
}

/// Whether the archive holds APP-LIST.xml somewhere other than first.
pub(crate) fn check(archive: &ZipArchive, display: &str, diags: &mut Vec<Diagnostic>) {
    if let Some(first) = archive.entries.first() {
        if first.name != APP_LIST && archive.find(APP_LIST).is_some() {
            diags.push(AppListNotFirst { first: &first.name }.diagnostic().at_path(display));
        }
    }
}

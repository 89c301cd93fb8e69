use crate::applist::APS1_NS;
use aps_diag::rule;

rule! { INVALID_APP_LIST;
    //! Reports an APP-LIST.xml that is not well-formed XML, has a DOCTYPE, has the wrong root element
    //! or namespace, has a `<file>` without a valid `name`, `size` or `sha256`, lists a name twice,
    //! or lists itself.
    //!
    //! ## Why
    //! The file list is the package's table of contents; an unreadable one cannot be checked.
    //!
    //! ## Example
    //! ```xml
    //! <files xmlns="http://apstandard.com/ns/1">
    //!     <file name="APP-META.xml" size="12k" sha256="…"/>
    //! </files>
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    impl InvalidAppList<'_> {
        message: |v| match v {
            Self::Xml { what, error: roxmltree::Error::DtdDetected } => {
                format!("{what} has a DOCTYPE, which is not allowed (entities are never expanded)")
            }
            Self::Xml { what, error } => format!("{what} is not well-formed XML: {error}"),
            Self::NotUtf8 => "APP-LIST.xml is not UTF-8".into(),
            Self::Root { name, namespace: Some(ns) } => {
                format!("APP-LIST.xml's root element is <{name}> in namespace `{ns}`")
            }
            Self::Root { name, namespace: None } => {
                format!("APP-LIST.xml's root element is <{name}> without a namespace")
            }
            Self::UnexpectedElement { name } => format!("unexpected element <{name}> in APP-LIST.xml"),
            Self::MissingAttribute { name } => format!("<file> has no `{name}` attribute"),
            Self::Size { value } => format!("size `{value}` is not a whole number of bytes"),
            Self::Sha256 { value } => format!("sha256 `{value}` is not 64 hex digits"),
            Self::ListsItself => "APP-LIST.xml lists itself".into(),
            Self::ListedTwice { name } => format!("`{name}` is listed twice"),
        },
        help?: |v| match v {
            Self::Root { .. } => Some(format!("the root must be <files xmlns=\"{APS1_NS}\">")),
            Self::MissingAttribute { .. } => Some("every <file> needs name, size and sha256".into()),
            Self::ListsItself => {
                Some("remove this <file>; APP-LIST.xml lists every file except itself".into())
            }
            _ => None,
        },
    }
}

/// An APP-LIST.xml that is not a valid file list.
pub enum InvalidAppList<'a> {
    /// Not well-formed XML (`what` names the document).
    Xml {
        what: &'a str,
        error: &'a roxmltree::Error,
    },
    /// Not UTF-8.
    NotUtf8,
    /// The root is not `<files>` in the APS 1 namespace.
    Root {
        name: &'a str,
        namespace: Option<&'a str>,
    },
    UnexpectedElement {
        name: &'a str,
    },
    /// A `<file>` without the attribute `name`.
    MissingAttribute {
        name: &'a str,
    },
    Size {
        value: &'a str,
    },
    Sha256 {
        value: &'a str,
    },
    ListsItself,
    ListedTwice {
        name: &'a str,
    },
}

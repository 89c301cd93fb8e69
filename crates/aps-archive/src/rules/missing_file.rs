use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports a `<file>` of APP-LIST.xml with no matching entry in the archive.
    ///
    /// ## Why
    /// The package is incomplete: the controller refuses it, or installs an application that fails
    /// when it needs the file.
    ///
    /// ## Example
    /// ```xml
    /// <file name="ui/app.js" size="120" sha256="…"/>   <!-- no ui/app.js in the archive -->
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive with `aps-pack build`.
    pub static MISSING_FILE = {
        code: "PKG110", name: "missing-file", group: "archive",
        severity: Error, summary: "APP-LIST.xml lists a file the archive lacks",
    };
}

/// A listed file the archive does not hold.
pub struct MissingFile<'a> {
    pub name: &'a str,
}

violation! { MissingFile<'_> => MISSING_FILE,
    message: |v| format!("`{}` is listed in APP-LIST.xml but missing from the archive", v.name),
}

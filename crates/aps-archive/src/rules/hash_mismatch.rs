use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports a file whose SHA-256 differs from the `sha256` APP-LIST.xml gives for it.
    ///
    /// ## Why
    /// The file was changed after APP-LIST.xml was written (and after it was signed, if it was).
    ///
    /// ## Example
    /// ```xml
    /// <file name="scripts/app.php" size="200" sha256="aa…"/>   <!-- the content hashes to bb… -->
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive with `aps-pack build`.
    pub static HASH_MISMATCH = {
        code: "PKG112", name: "hash-mismatch", group: "archive",
        severity: Error, summary: "file SHA-256 differs from APP-LIST.xml",
    };
}

/// A file whose SHA-256 is not the listed one.
pub struct HashMismatch<'a> {
    pub name: &'a str,
}

violation! { HashMismatch<'_> => HASH_MISMATCH,
    message: |v| format!("the SHA-256 of `{}` differs from APP-LIST.xml", v.name),
}

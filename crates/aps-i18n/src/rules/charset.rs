aps_diag::declare_rule! {
    /// A PO file whose bytes are not UTF-8 (an error), or whose `Content-Type` header declares
    /// another charset (a warning).
    ///
    /// ## Why
    /// UTF-8 is the only charset the APS platform supports; the catalog compiled from a file
    /// in another encoding shows garbled text. A header declaring `ISO-8859-1` over UTF-8
    /// bytes misleads editors into re-encoding the file.
    ///
    /// ## Example
    /// ```text
    /// "Content-Type: text/plain; charset=ISO-8859-1\n"
    /// ```
    ///
    /// ## Fix
    /// Convert the file (`iconv -f ISO-8859-1 -t UTF-8`) and declare
    /// `Content-Type: text/plain; charset=UTF-8`.
    pub static CHARSET = {
        code: "LOC004", name: "po-charset", group: "i18n",
        severity: Error, summary: "PO file not in UTF-8",
    };
}

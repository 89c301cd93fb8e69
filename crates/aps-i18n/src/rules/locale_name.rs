aps_diag::declare_rule! {
    /// A PO file whose name is not a platform locale name (`ll` or `ll_CC`: language in lower
    /// case, country in upper case, joined by `_`), or whose `Language` header names another
    /// locale than its file name.
    ///
    /// ## Why
    /// The platform's UI loads `i18n/<locale>.json` by the user's locale name; `pt-br.po`
    /// compiles to `pt-br.json`, which is never loaded. A `Language` header that disagrees
    /// with the file name shows a file copied from another locale and not updated.
    ///
    /// ## Example
    /// ```text
    /// i18n/pt-br.po
    /// ```
    ///
    /// ## Fix
    /// Rename the file to the platform's form (`i18n/pt_BR.po`) and make `Language` say the same.
    pub static LOCALE_NAME = {
        code: "LOC003", name: "locale-name", group: "i18n",
        severity: Warning, summary: "locale name not `ll`/`ll_CC`, or not the one the file states",
    };
}

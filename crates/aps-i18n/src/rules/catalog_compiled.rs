aps_diag::declare_rule! {
    /// A PO file with no catalog beside it: `aps-pack build` compiles `i18n/<locale>.json` from
    /// it, as the official build does (and says so when it does, or when it replaces a stale one).
    ///
    /// ## Why
    /// Without the catalog the platform's UI is untranslated in that locale; the build adds it.
    ///
    /// ## Example
    /// ```text
    /// i18n/pt_BR.po   (no i18n/pt_BR.json)
    /// ```
    ///
    /// ## Fix
    /// Nothing to fix; commit the catalog (`aps-pack i18n compile`) if other tools build the package.
    pub static CATALOG_COMPILED = {
        code: "LOC009", name: "catalog-compiled", group: "i18n",
        severity: Info, summary: "catalog compiled from its PO file at build",
    };
}

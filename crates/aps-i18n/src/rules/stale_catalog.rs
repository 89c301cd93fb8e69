use aps_diag::rule;

rule! { STALE_CATALOG;
    //! An `i18n/<locale>.json` catalog that differs from what its `i18n/<locale>.po` compiles to.
    //!
    //! ## Why
    //! The UI loads the catalog, not the PO file: translations edited in the PO file and not
    //! compiled never show. `aps-pack build` replaces the catalog with the compiled one (and
    //! says so); an archive built elsewhere ships the stale one.
    //!
    //! ## Example
    //! ```text
    //! i18n/de_DE.po    msgstr "Speichern"
    //! i18n/de_DE.json  "Save" : "Sichern"
    //! ```
    //!
    //! ## Fix
    //! `aps-pack i18n compile`, or let `aps-pack build` compile the catalogs.

    /// A catalog (`json`) that differs from what its PO file (`po`) compiles to.
    pub struct StaleCatalog<'a> { pub json: &'a str, pub po: &'a str }
        => format!("{json} is not what {po} compiles to; the UI shows the catalog's texts"),
        help: "run `aps-pack i18n compile`; `aps-pack build` replaces it with the compiled catalog".into();
}

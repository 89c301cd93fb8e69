use aps_diag::rule;

rule! { CATALOG_COMPILED;
    //! A PO file with no catalog beside it: `aps-pack build` compiles `i18n/<locale>.json` from
    //! it, as the official build does (and says so when it does, or when it replaces a stale one).
    //!
    //! ## Why
    //! Without the catalog the platform's UI is untranslated in that locale; the build adds it.
    //!
    //! ## Example
    //! ```text
    //! i18n/pt_BR.po   (no i18n/pt_BR.json)
    //! ```
    //!
    //! ## Fix
    //! Nothing to fix; commit the catalog (`aps-pack i18n compile`) if other tools build the package.

    impl CatalogCompiled<'_> {
        message: |v| match v {
            Self::Missing { po, json } => format!("{po} has no catalog beside it; the build compiles {json}"),
            Self::Compiled { po, json } => format!("compiled {json} from {po}"),
            Self::Replaced { po, json } => {
                format!("replaced the stale {json} with the catalog compiled from {po}")
            }
        },
        help: |v| match v {
            Self::Missing { .. } => {
                "nothing to do for `aps-pack build`; run `aps-pack i18n compile` if other tools build the package"
            }
            Self::Compiled { .. } | Self::Replaced { .. } => {
                "commit the catalog (`aps-pack i18n compile`) to keep the tree and the archive alike"
            }
        }
        .into(),
    }
}

/// A PO file (`po`) and its catalog (`json`): none beside it in the tree (`Missing`,
/// from the lint), or compiled into the archive by `build` in place of none (`Compiled`) or
/// of a stale one (`Replaced`).
pub enum CatalogCompiled<'a> {
    Missing { po: &'a str, json: &'a str },
    Compiled { po: &'a str, json: &'a str },
    Replaced { po: &'a str, json: &'a str },
}

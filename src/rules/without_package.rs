use aps_diag::rule;

rule! { WITHOUT_PACKAGE;
    //! A wizard data file checked on its own, without the package it belongs to: the checks
    //! that need APP-META.xml and the type schemas (service ids, counters, profile types,
    //! `rtfor`, the root type) were skipped.
    //!
    //! ## Why
    //! "No problems found" would claim more than was checked: an unknown `service_id` is only
    //! visible against APP-META.xml.
    //!
    //! ## Example
    //! ```text
    //! aps-pack lint tools/wizard_data.json
    //! ```
    //!
    //! ## Fix
    //! Keep the file at `scripts/wizard_data.json` in its package, name it in `[package] wizard`
    //! of aps-pack.toml, or pass `--package DIR`.

    /// A wizard file checked without its package.
    pub struct WithoutPackage
        => "checked without its package: service ids, counters, profile types, `rtfor` and the root type were not checked"
            .into(),
        help: "keep it at scripts/wizard_data.json in its package, name it in `[package] wizard`, or pass `--package DIR`".into();
}

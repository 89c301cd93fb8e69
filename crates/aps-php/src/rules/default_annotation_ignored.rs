use aps_diag::rule;

rule! { DEFAULT_ANNOTATION_IGNORED;
    //! `@default(…)` on a property has no effect.
    //!
    //! ## What it does
    //! Reports every `@default` annotation.
    //!
    //! ## Why
    //! The APS PHP runtime takes a property's default from its initial value
    //! in PHP (`public $ssl = false;`), not from `@default`: official `aps build`
    //! output for `@default(false)` on `public $ssl;` has no `default` at all.
    //! The annotation suggests a default the platform never applies.
    //!
    //! ## Example
    //! ```php
    //! /**
    //!  * @type(boolean)
    //!  * @default(false)
    //!  */
    //! public $ssl;
    //! ```
    //!
    //! ## Fix
    //! Give the property an initial value: `public $ssl = false;` (and drop `@default`).

    /// A `@default` annotation.
    pub struct DefaultAnnotationIgnored {
        /// The value as a PHP literal, `…` when it has none.
        pub literal: String,
    } => "`@default` has no effect".into(),
        help: format!("give the property an initial value instead, e.g. `= {literal};`");
}

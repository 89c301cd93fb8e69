use crate::annotations::{list, PRIMITIVES};
use aps_diag::rule;

rule! { UNKNOWN_STRUCTURE;
    //! `@type(Name)` names neither an APS type nor a PHP class of the package.
    //!
    //! ## What it does
    //! A `@type` (or `@param`/`@return` type) that is not a primitive
    //! (`string`, `integer`, `number`, `boolean`, `array`, `object`), not a
    //! type id (`http://…`) and not the name of a class in `scripts/*.php`.
    //!
    //! ## Why
    //! Structure types are generated from the PHP class of that name; when
    //! there is none the schema refers to a structure it does not define, and
    //! the platform rejects it.
    //!
    //! ## Example
    //! ```php
    //! /** @type("slot_detail[]") */   // the class is called slot_details
    //! public $slots;
    //! ```
    //!
    //! ## Fix
    //! Correct the name, or declare the structure class (its properties
    //! annotated with `@type`) in the same script.

    /// A type name that is neither an APS type nor a class of the scripts.
    pub struct UnknownStructure<'a> {
        pub name: &'a str,
        /// "Did you mean" among the primitives and the classes.
        pub suggestion: Option<String>,
    } => format!("`{name}` is neither an APS type nor a class of the package's scripts"),
        help: suggestion.clone().unwrap_or_else(|| {
            format!("APS types: {}, a type id, or a structure class", list(PRIMITIVES))
        });
}

use aps_diag::rule;

rule! { MALFORMED_ANNOTATION;
    //! An APS annotation whose arguments cannot be read.
    //!
    //! ## What it does
    //! Reports an unterminated string or parenthesis, a missing argument
    //! (`@title` without `("…")`, `@type()`), a wrong number of arguments
    //! (`@option` takes a value and a title, `@access` a role and `true` or
    //! `false`), and text after the closing parenthesis on the same line.
    //!
    //! ## Why
    //! The APS runtime skips annotations it cannot read, so the schema that
    //! `aps build` generates lacks the property, relation or operation, and
    //! the mistake only shows when the package is imported or used.
    //!
    //! ## Example
    //! ```php
    //! /**
    //!  * @type(string)
    //!  * @title("API password)
    //!  */
    //! ```
    //!
    //! ## Fix
    //! Close the string or parenthesis, give the expected arguments, and move
    //! comments to a line of their own.

    /// An annotation that cannot be read as written.
    pub enum MalformedAnnotation<'a> {
        /// The docblock reader could not read it; `message` is the reader's.
        Unreadable { name: &'a str, message: &'a str } => format!("malformed `@{name}`: {message}"),
            help: "annotations must fit on one line: `@name(arg, \"quoted arg\")`".into();
        /// Text after `@name(…)` on the same line.
        TrailingText { name: &'a str } => format!("text after `@{name}(…)` on the same line"),
            help: "move the comment to a line of its own".into();
        /// An annotation that takes arguments, without `(…)`.
        NoParentheses { name: &'a str } => format!("`@{name}` needs its argument in parentheses"),
            help: format!("write `@{name}(\"…\")`");
        /// Arguments that do not fit the annotation.
        Arguments { name: &'a str, expected: Expected } => format!("malformed `@{name}`: {expected}");
    }
}

/// What the arguments of an annotation should have been.
pub enum Expected {
    OneArgument { found: usize },
    ClassTypeId,
    NonEmptyTypeId,
    NonEmptyType,
    ValueAndTitle { found: usize },
    ReturnType,
    ParamTypeAndKind,
    AccessRoleAndFlag,
    AccessFlag,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::OneArgument { found } => write!(f, "expected one argument, found {found}"),
            Expected::ClassTypeId => f.write_str("`@type` of a class takes one argument: the type id"),
            Expected::NonEmptyTypeId => f.write_str("the type id is empty"),
            Expected::NonEmptyType => f.write_str("the type is empty"),
            Expected::ValueAndTitle { found } => {
                write!(f, "expected a value and a title, found {found} arguments")
            }
            Expected::ReturnType => {
                f.write_str("expected a type and an optional content type, e.g. `@return(string, text/json)`")
            }
            Expected::ParamTypeAndKind => {
                f.write_str("expected a type and a kind, e.g. `@param(string, query)`")
            }
            Expected::AccessRoleAndFlag => {
                f.write_str("expected a role and `true` or `false`, e.g. `@access(referrer, true)`")
            }
            Expected::AccessFlag => f.write_str("the second argument must be `true` or `false`"),
        }
    }
}

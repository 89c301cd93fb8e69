aps_diag::declare_rule! {
    /// An APS annotation whose arguments cannot be read.
    ///
    /// ## What it does
    /// Reports an unterminated string or parenthesis, a missing argument
    /// (`@title` without `("…")`, `@type()`), a wrong number of arguments
    /// (`@option` takes a value and a title, `@access` a role and `true` or
    /// `false`), and text after the closing parenthesis on the same line.
    ///
    /// ## Why
    /// The APS runtime skips annotations it cannot read, so the schema that
    /// `aps build` generates lacks the property, relation or operation, and
    /// the mistake only shows when the package is imported or used.
    ///
    /// ## Example
    /// ```php
    /// /**
    ///  * @type(string)
    ///  * @title("API password)
    ///  */
    /// ```
    ///
    /// ## Fix
    /// Close the string or parenthesis, give the expected arguments, and move
    /// comments to a line of their own.
    pub static MALFORMED_ANNOTATION = {
        code: "PHP002", name: "malformed-annotation", group: "php",
        severity: Error, summary: "annotation arguments cannot be read",
    };
}

use aps_diag::rule;

rule! { TOO_DEEP;
    //! Arrays and objects are nested deeper than aps-pack accepts (128 levels).
    //!
    //! No real metadata file comes close; the limit keeps hostile input from
    //! exhausting the stack.

    /// Nesting past the parser's limit.
    pub struct TooDeep { pub max_depth: usize } => format!("nesting deeper than {max_depth} levels");
}

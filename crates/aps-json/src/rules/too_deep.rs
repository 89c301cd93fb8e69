use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Arrays and objects are nested deeper than aps-pack accepts (128 levels).
    ///
    /// No real metadata file comes close; the limit keeps hostile input from
    /// exhausting the stack.
    pub static TOO_DEEP = { code: "JSN003", name: "json-too-deep", group: "syntax", severity: Error, summary: "JSON nested too deeply" };
}

/// Nesting past the parser's limit.
pub struct TooDeep {
    pub max_depth: usize,
}

violation! { TooDeep => TOO_DEEP,
    message: |v| format!("nesting deeper than {} levels", v.max_depth),
}

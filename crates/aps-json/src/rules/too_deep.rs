use aps_diag::rule;

rule! {
    /// Arrays and objects are nested deeper than aps-pack accepts (128 levels).
    ///
    /// No real metadata file comes close; the limit keeps hostile input from
    /// exhausting the stack.
    pub static TOO_DEEP: "JSN003" "json-too-deep" syntax Error "JSON nested too deeply";

    /// Nesting past the parser's limit.
    pub struct TooDeep { pub max_depth: usize } => format!("nesting deeper than {max_depth} levels");
}

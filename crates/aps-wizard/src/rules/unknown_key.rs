use aps_diag::rule;

rule! {
    /// ## What it does
    /// Reports a key the wizard data format does not have at that place,
    /// with the closest known key as a suggestion.
    ///
    /// ## Why
    /// The platform ignores keys it does not know: a misspelt key such as
    /// `resclass` silently loses its value, and the real key is then missing.
    ///
    /// ## Example
    /// ```json
    /// { "id": -500002, "name": "Tenant", "resclass": "rc.saas.service", "actParams": {} }
    /// ```
    ///
    /// ## Fix
    /// Rename the key as suggested (`resClass`), or remove it.
    pub static UNKNOWN_KEY: "WIZ002" "unknown-wizard-key" wizard Warning "unknown key in wizard data";

    /// A key the wizard data format does not have at that place.
    pub(crate) struct UnknownKey<'a> {
        pub key: &'a str,
        /// Where, as shown in messages.
        pub place: &'a str,
        /// The keys allowed there, sorted.
        pub allowed: &'a [String],
    } => format!("unknown key `{key}` in {place}"),
        help: aps_diag::did_you_mean_help(key, allowed.iter().map(String::as_str)).unwrap_or_else(
            || {
                if allowed.is_empty() {
                    "remove it".to_string()
                } else {
                    let quoted: Vec<String> = allowed.iter().map(|s| format!("`{s}`")).collect();
                    format!("known keys here: {}", quoted.join(", "))
                }
            },
        );
}

use aps_diag::declare_rule;

declare_rule! {
    /// An object carries a key that is not part of the published schema.
    ///
    /// **Why:** it is most often a typo (`defualt_value`, `appid`), and the server
    /// silently ignores it: the intended setting is lost without a word.
    ///
    /// **Fix:** correct the spelling (the help suggests the closest known field) or remove it.
    pub static UNKNOWN_FIELD = {
        code: "ZST112", name: "unknown-field", group: "zstack",
        severity: Warning, summary: "a field the ZStack schema does not know",
    };
}

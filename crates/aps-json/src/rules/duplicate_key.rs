use aps_diag::{declare_rule, Rule, Violation};

declare_rule! {
    /// An object has the same key twice.
    ///
    /// JSON parsers disagree on what this means: most keep the last value
    /// silently, so the first one is lost without a word. The APS platform and
    /// aps-pack cannot know which one you meant.
    ///
    /// **Fix:** remove or rename one of them.
    pub static DUPLICATE_KEY = { code: "JSN002", name: "duplicate-key", group: "syntax", severity: Error, summary: "duplicate key in a JSON object" };
}

/// An object key seen before in the same object.
pub struct DuplicateKey<'a> {
    pub key: &'a str,
}

impl Violation for DuplicateKey<'_> {
    fn rule(&self) -> &'static Rule {
        &DUPLICATE_KEY
    }
    fn message(&self) -> String {
        format!("duplicate key \"{}\"", self.key)
    }
    fn help(&self) -> Option<String> {
        Some("most JSON readers keep only the last value; remove or rename one".into())
    }
}

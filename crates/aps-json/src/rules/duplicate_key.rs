use aps_diag::rule;

rule! { DUPLICATE_KEY;
    //! An object has the same key twice.
    //!
    //! JSON parsers disagree on what this means: most keep the last value
    //! silently, so the first one is lost without a word. The APS platform and
    //! aps-pack cannot know which one you meant.
    //!
    //! **Fix:** remove or rename one of them.

    /// An object key seen before in the same object.
    pub struct DuplicateKey<'a> { pub key: &'a str } => format!("duplicate key \"{key}\""),
        help: "most JSON readers keep only the last value; remove or rename one".into();
}

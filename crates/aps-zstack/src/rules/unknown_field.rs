use aps_diag::{did_you_mean, rule};

rule! { UNKNOWN_FIELD;
    //! An object carries a key that is not part of the published schema.
    //!
    //! **Why:** it is most often a typo (`defualt_value`, `appid`), and the server
    //! silently ignores it: the intended setting is lost without a word.
    //!
    //! **Fix:** correct the spelling (the help suggests the closest known field) or remove it.

    /// A key the schema does not know, with the keys it allows there.
    pub struct UnknownField<'a> { pub key: &'a str, pub owner: &'a str, pub allowed: &'a [String] }
        => format!("unknown field `{key}` in {owner}"),
        help: match did_you_mean(key, allowed.iter().map(String::as_str)) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "known fields: {}",
                allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
}

use aps_diag::rule;
use std::path::Path;

rule! { CONFIG_INVALID;
    //! `aps-pack.toml` is not valid TOML, or a value has the wrong type.
    //!
    //! The message says what was expected where. Nothing is built or linted
    //! with a configuration that could not be read, since every setting in it
    //! might matter.

    impl ConfigInvalid<'_> {
        message: |v| match v {
            Self::ExtendMissing { path } => {
                format!("`extend` names {}, which does not exist", path.display())
            }
            Self::ExtendNotFile { path } => {
                format!("`extend` names {}, which is not a regular file", path.display())
            }
            Self::ExtendLoop { file } => {
                format!("`extend` of {file} leads back to a file already read: a loop")
            }
            Self::ExtendTooDeep { max } => format!("more than {max} files extend one another"),
            Self::Toml { message } => format!("invalid TOML: {message}"),
            Self::Value { message } => message.to_string(),
        },
        help?: |v| match v {
            Self::Toml { .. } | Self::Value { .. } => None,
            _ => Some("give the path of another aps-pack.toml, relative to this file".into()),
        },
    }
}

/// A configuration that cannot be read: an `extend` that leads nowhere (or in a
/// circle), TOML syntax, or a value of the wrong type (the parser's words).
pub enum ConfigInvalid<'a> {
    ExtendMissing { path: &'a Path },
    ExtendNotFile { path: &'a Path },
    ExtendLoop { file: &'a str },
    ExtendTooDeep { max: usize },
    Toml { message: &'a str },
    Value { message: &'a str },
}

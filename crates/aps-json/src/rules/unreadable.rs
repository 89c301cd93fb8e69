use aps_diag::rule;

rule! { UNREADABLE;
    //! A file that should be read could not be (permissions, I/O error, a folder where a file was expected).

    impl Unreadable<'_> {
        message: |v| match v {
            Unreadable::Io { what, error } => format!("cannot read {what}: {error}"),
            Unreadable::Folder => "expected a file, found a folder".into(),
            Unreadable::NotRegular { what } => format!("{what} is not a regular file"),
            Unreadable::ConfiguredOutside { key, path } => {
                format!("the {key} file `{path}` named in aps-pack.toml is not inside the package")
            }
            Unreadable::ConfiguredMissing { what } => {
                format!("the {what} file named in aps-pack.toml does not exist")
            }
        },
        help?: |v| match v {
            Unreadable::Folder => Some("name the file itself".into()),
            _ => None,
        },
    }
}

/// Why a file could not be read.
pub enum Unreadable<'a> {
    /// Reading `what` (a file, the image, …) failed with `error`.
    Io { what: &'a str, error: &'a dyn std::fmt::Display },
    /// A folder where a file was expected.
    Folder,
    /// `what` is there but not a regular file.
    NotRegular { what: &'a str },
    /// A file named in aps-pack.toml (as `key`) that is not inside the package.
    ConfiguredOutside { key: &'a str, path: &'a str },
    /// A file named in aps-pack.toml that does not exist.
    ConfiguredMissing { what: &'a str },
}

use aps_diag::{declare_rule, violation};
use std::path::Path;

declare_rule! {
    /// Reports something in the package folder that is not a regular file, a folder or a link to
    /// one: a broken symbolic link, a link loop, a FIFO, a socket or a device.
    ///
    /// ## Why
    /// None of these has content that can be archived; a broken link usually means the package
    /// relies on something that only exists on one machine.
    ///
    /// ## Example
    /// ```text
    /// scripts/vendor -> ../vendor   (target missing)
    /// ```
    ///
    /// ## Fix
    /// Remove it, fix the link, or exclude it in `aps-pack.toml`.
    pub static UNSUPPORTED_FILE = {
        code: "PKG007", name: "unsupported-file", group: "archive",
        severity: Error, summary: "file cannot be packaged",
    };
}

/// A file of the package folder that cannot be packed.
pub enum UnsupportedFile<'a> {
    /// The package folder itself cannot be read.
    UnreadableRoot {
        error: &'a std::io::Error,
    },
    /// A symbolic link whose target cannot be resolved.
    Unfollowable {
        name: &'a str,
        error: &'a std::io::Error,
    },
    LinkLoop {
        name: &'a str,
        ancestor: &'a Path,
    },
    BrokenLink {
        name: &'a str,
    },
    Unreadable {
        name: &'a str,
        cause: &'a str,
    },
    /// A FIFO, socket or device.
    NotRegular {
        name: &'a str,
    },
}

violation! { UnsupportedFile<'_> => UNSUPPORTED_FILE,
    message: |v| match v {
        Self::UnreadableRoot { error } => format!("cannot read the package folder: {error}"),
        Self::Unfollowable { name, error } => format!("cannot follow symbolic link `{name}`: {error}"),
        Self::LinkLoop { name, ancestor } => {
            format!("symbolic link `{name}` loops back to {}", ancestor.display())
        }
        Self::BrokenLink { name } => {
            format!("symbolic link `{name}` is broken (its target does not exist)")
        }
        Self::Unreadable { name, cause } => format!("cannot read `{name}`: {cause}"),
        Self::NotRegular { name } => format!("`{name}` is not a regular file (a FIFO, socket or device)"),
    },
    help?: |v| match v {
        Self::UnreadableRoot { .. } | Self::Unfollowable { .. } => None,
        Self::LinkLoop { .. } | Self::BrokenLink { .. } | Self::Unreadable { .. } => {
            Some("fix or remove it, or exclude it in aps-pack.toml".into())
        }
        Self::NotRegular { .. } => Some("remove it, or exclude it in aps-pack.toml".into()),
    },
}

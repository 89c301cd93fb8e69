use aps_diag::rule;
use std::path::Path;

rule! { UNSUPPORTED_FILE;
    //! Reports something in the package folder that is not a regular file, a folder or a link to
    //! one: a broken symbolic link, a link loop, a FIFO, a socket or a device.
    //!
    //! ## Why
    //! None of these has content that can be archived; a broken link usually means the package
    //! relies on something that only exists on one machine.
    //!
    //! ## Example
    //! ```text
    //! scripts/vendor -> ../vendor   (target missing)
    //! ```
    //!
    //! ## Fix
    //! Remove it, fix the link, or exclude it in `aps-pack.toml`.

    /// A file of the package folder that cannot be packed.
    pub enum UnsupportedFile<'a> {
        /// The package folder itself cannot be read.
        UnreadableRoot { error: &'a std::io::Error } => format!("cannot read the package folder: {error}");
        /// A symbolic link whose target cannot be resolved.
        Unfollowable { name: &'a str, error: &'a std::io::Error }
            => format!("cannot follow symbolic link `{name}`: {error}");
        LinkLoop { name: &'a str, ancestor: &'a Path }
            => format!("symbolic link `{name}` loops back to {}", ancestor.display()),
            help: "fix or remove it, or exclude it in aps-pack.toml".into();
        BrokenLink { name: &'a str }
            => format!("symbolic link `{name}` is broken (its target does not exist)"),
            help: "fix or remove it, or exclude it in aps-pack.toml".into();
        Unreadable { name: &'a str, cause: &'a str } => format!("cannot read `{name}`: {cause}"),
            help: "fix or remove it, or exclude it in aps-pack.toml".into();
        /// A FIFO, socket or device.
        NotRegular { name: &'a str } => format!("`{name}` is not a regular file (a FIFO, socket or device)"),
            help: "remove it, or exclude it in aps-pack.toml".into();
    }
}

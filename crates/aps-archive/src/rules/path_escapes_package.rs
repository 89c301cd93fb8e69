use aps_diag::rule;
use std::path::Path;

rule! { PATH_ESCAPES_PACKAGE;
    //! Reports a symbolic link inside the package folder that leads outside it.
    //!
    //! ## Why
    //! Links are followed when packaging, so a link to `../../secrets` or `/etc` would copy files
    //! from outside the package into the archive. Links inside the package (for example a shared
    //! `ui/lib` linked into two places) are followed and packaged as ordinary files.
    //!
    //! ## Example
    //! ```text
    //! scripts/config.php -> /home/me/prod-config.php
    //! ```
    //!
    //! ## Fix
    //! Copy the file into the package, or exclude the link in `aps-pack.toml`.

    /// A symbolic link to a target outside the package.
    pub struct PathEscapesPackage<'a> { pub name: &'a str, pub target: &'a Path }
        => format!("symbolic link `{}` leads outside the package, to {}", name, target.display()),
        help: "copy the target into the package, or exclude the link in aps-pack.toml".into();
}

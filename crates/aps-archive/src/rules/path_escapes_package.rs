use aps_diag::{declare_rule, violation};
use std::path::Path;

declare_rule! {
    /// Reports a symbolic link inside the package folder that leads outside it.
    ///
    /// ## Why
    /// Links are followed when packaging, so a link to `../../secrets` or `/etc` would copy files
    /// from outside the package into the archive. Links inside the package (for example a shared
    /// `ui/lib` linked into two places) are followed and packaged as ordinary files.
    ///
    /// ## Example
    /// ```text
    /// scripts/config.php -> /home/me/prod-config.php
    /// ```
    ///
    /// ## Fix
    /// Copy the file into the package, or exclude the link in `aps-pack.toml`.
    pub static PATH_ESCAPES_PACKAGE = {
        code: "PKG004", name: "build-path-escapes-package", group: "archive",
        severity: Error, summary: "symbolic link points outside the package",
    };
}

/// A symbolic link to a target outside the package.
pub struct PathEscapesPackage<'a> {
    pub name: &'a str,
    pub target: &'a Path,
}

violation! { PathEscapesPackage<'_> => PATH_ESCAPES_PACKAGE,
    message: |v| format!("symbolic link `{}` leads outside the package, to {}", v.name, v.target.display()),
    help: |_| "copy the target into the package, or exclude the link in aps-pack.toml".into(),
}

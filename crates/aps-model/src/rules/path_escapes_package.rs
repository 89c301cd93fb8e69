use aps_diag::rule;

rule! { PATH_ESCAPES_PACKAGE;
    //! Reports a path in APP-META.xml that is absolute, contains `..`, uses `\` separators or a drive
    //! letter, so that it does not name a file inside the package.
    //!
    //! ## Why
    //! The package is a self-contained archive: the controller resolves paths inside it only. A path
    //! leaving the tree either breaks at import or reads something it should not.
    //!
    //! ## Example
    //! ```xml
    //! <code engine="php" path="../shared/app.php"/>
    //! ```
    //!
    //! ## Fix
    //! Copy the file into the package and use a relative path with `/` separators.

    impl PathEscapesPackage<'_> {
        message: |v| format!("{} `{}` {}", v.what, v.path, v.why_and_help().0),
        help: |v| v.why_and_help().1,
    }
}

use crate::lint::Cx;
use crate::meta::AppMeta;
use crate::source::is_safe_relative_path;
use crate::Spanned;
use aps_diag::{Diagnostic, Violation};

/// A path APP-META.xml refers to.
pub(crate) struct PathRef<'a> {
    /// What refers to it, for messages (`<code path>`).
    pub what: &'static str,
    pub path: &'a Spanned<String>,
}

/// Every package path APP-META.xml refers to. URLs in places that accept
/// them (views, icons) are left out; `<schema path>` is included.
pub(crate) fn referenced_paths(m: &AppMeta) -> Vec<PathRef<'_>> {
    fn push<'a>(
        what: &'static str,
        p: Option<&'a Spanned<String>>,
        url_ok: bool,
        out: &mut Vec<PathRef<'a>>,
    ) {
        if let Some(p) = p {
            let external = url_ok && super::license_file_is_url::is_url(&p.value);
            if !external && !p.value.trim().is_empty() {
                out.push(PathRef { what, path: p });
            }
        }
    }
    let mut out = Vec::new();
    for s in &m.services {
        push("<schema path>", s.schema.as_ref(), false, &mut out);
        push("<code path>", s.code.as_ref().and_then(|c| c.path.as_ref()), false, &mut out);
        push("service <icon path>", s.presentation.as_ref().and_then(|p| p.icon.as_ref()), true, &mut out);
    }
    for party in [&m.vendor, &m.packager].into_iter().flatten() {
        push("<icon path>", party.icon.as_ref(), true, &mut out);
    }
    if let Some(p) = &m.presentation {
        push("<icon path>", p.icon.as_ref(), true, &mut out);
        for s in &p.screenshots {
            push("<screenshot path>", s.path.as_ref(), true, &mut out);
        }
        for n in p.navigation.iter().flat_map(|n| n.walk()) {
            let what = match n.kind {
                crate::NavKind::ViewPlugin => "<view-plugin src>",
                crate::NavKind::Popup => "<popup src>",
                _ => "<view src>",
            };
            push(what, n.src.as_ref(), true, &mut out);
            push("navigation `icon`", n.icon.as_ref(), true, &mut out);
        }
    }
    if let Some(t) = m.license.as_ref().and_then(|l| l.text.as_ref()) {
        // A URL here is reported by license-file-is-url instead.
        push("licence <file>", t.file.as_ref(), true, &mut out);
    }
    out
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    for r in referenced_paths(cx.meta) {
        let p = r.path.value.trim();
        if is_safe_relative_path(p) {
            continue;
        }
        out.push(
            PathEscapesPackage { what: r.what, path: p }
                .diagnostic()
                .at(cx.file(), r.path.span)
                .with_label("expected a path inside the package"),
        );
    }
}

/// The folders of an APS package by convention (code, UI, images, translations, types).
pub const STANDARD_FOLDERS: &[&str] = &["i18n", "images", "schemas", "scripts", "ui"];

/// Where the application keeps its own files, sorted: the package's standard folders
/// and the top-level folders of the paths APP-META.xml refers to.
pub fn declared_folders(m: &AppMeta) -> Vec<String> {
    let mut out: Vec<String> = STANDARD_FOLDERS.iter().map(|s| s.to_string()).collect();
    out.extend(referenced_paths(m).iter().filter_map(|r| {
        let p = r.path.value.trim();
        let (first, _) = p.split_once('/')?;
        is_safe_relative_path(p).then(|| first.to_string())
    }));
    out.sort();
    out.dedup();
    out
}

/// A referenced path that is not a plain relative path inside the package.
pub(crate) struct PathEscapesPackage<'a> {
    /// What refers to it, e.g. `` `<icon path>` ``.
    pub what: &'a str,
    pub path: &'a str,
}

impl PathEscapesPackage<'_> {
    /// Why the path leaves the package, and how to write it instead.
    fn why_and_help(&self) -> (&'static str, String) {
        let p = self.path;
        if p.starts_with('/') {
            ("is absolute", format!("write it relative to the package root: `{}`", p.trim_start_matches('/')))
        } else if p.contains('\\') {
            ("uses `\\` separators", format!("use `/`: `{}`", aps_diag::slashes(p)))
        } else if p.split('/').any(|s| s == "..") {
            (
                "leaves the package through `..`",
                "copy the file into the package and refer to it there".to_string(),
            )
        } else if p.len() >= 2 && p.as_bytes()[1] == b':' {
            ("has a drive letter", "write it relative to the package root".to_string())
        } else {
            (
                "is not a plain relative path (empty, `.` or `//` segments)",
                "write it as `folder/file`".to_string(),
            )
        }
    }
}

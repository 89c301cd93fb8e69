//! Accepting known findings without turning their rules off everywhere: per-file ignores
//! (`[lint.per-file-ignores]` of aps-pack.toml), inline `aps-pack: ignore` comments
//! (`inline`) and a baseline of accepted findings (`baseline`). Suppressions act on findings
//! as they are found, before severity overrides; unused and unreadable ones are findings of
//! their own (`LNT003`, `LNT004`), reported by `lint`.

pub mod baseline;
pub mod inline;

use crate::config::Loaded;
use crate::CliError;
use aps_diag::{Diagnostic, Selector, Severity, SourceFile, Violation};
use inline::{FileDirectives, Syntax};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// One `[lint.per-file-ignores]` entry.
struct PerFileIgnore {
    /// As written (or made absolute, when inherited through `extend`).
    pattern: String,
    matcher: globset::GlobMatcher,
    /// How the pattern is matched against a finding's file.
    against: Against,
    selectors: Vec<Selector>,
}

enum Against {
    /// A pattern without `/`: the file name, wherever the file is.
    Name,
    /// Relative to the configuration's folder.
    Relative,
    /// An absolute pattern (an inherited one).
    Absolute,
}

/// A command's suppressions.
pub struct Suppressions {
    per_file: Vec<PerFileIgnore>,
    /// The configuration file, as it is named when it lowers an error.
    source: String,
    /// The configuration's folder, canonical.
    base: Option<PathBuf>,
    cwd: Option<PathBuf>,
    /// Each file's comments, read once, by shown path.
    files: BTreeMap<String, FileDirectives>,
    /// Files whose unused and unreadable comments were reported.
    reported: std::collections::BTreeSet<String>,
    /// What this run checked (canonical files and folders), for the baseline.
    checked: Vec<PathBuf>,
    /// Archives this run checks, as shown: their comments are the packager's, not the
    /// checker's, and are held to [`Suppressions::by_comment`]'s limits.
    archives: Vec<String>,
    /// The lowest severity comments inside an archive may not hide (errors under `verify
    /// --trust` or `--require-signature`; warnings too with `--deny-warnings`).
    packaged_floor: Option<Severity>,
}

impl Suppressions {
    /// The per-file ignores of the configuration; inline comments are read as files come.
    pub fn from_config(loaded: &Loaded) -> Result<Suppressions, CliError> {
        let rules = crate::registry();
        let source = loaded
            .file
            .as_ref()
            .map_or_else(|| crate::config::FILE_NAME.to_string(), |f| f.path().to_string());
        let mut per_file = Vec::new();
        for (pattern, names) in &loaded.config.lint.per_file_ignores {
            let matcher = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    CliError::new(format!("{source}: [lint.per-file-ignores] \"{pattern}\": {}", e.kind()))
                        .with_help("write a glob such as \"schemas/*.schema\" or \"**/APP-META.xml\"")
                })?
                .compile_matcher();
            let against = if std::path::Path::new(pattern).is_absolute() {
                Against::Absolute
            } else if pattern.contains('/') {
                Against::Relative
            } else {
                Against::Name
            };
            // Unknown names were reported when the configuration was read (CFG003).
            let selectors = names.iter().filter_map(|n| Selector::parse(rules, n).ok()).collect();
            per_file.push(PerFileIgnore { pattern: pattern.clone(), matcher, against, selectors });
        }
        let cwd = std::env::current_dir().ok();
        let base = loaded.base_dir().map(|b| {
            let b = if b.as_os_str().is_empty() { std::path::Path::new(".") } else { b };
            std::fs::canonicalize(b).unwrap_or_else(|_| b.to_path_buf())
        });
        Ok(Suppressions {
            per_file,
            source,
            base,
            cwd,
            files: BTreeMap::new(),
            reported: Default::default(),
            checked: Vec::new(),
            archives: Vec::new(),
            packaged_floor: None,
        })
    }

    /// Inline comments only: what travels inside a package (`verify` of an archive, where a
    /// configuration lying around must not weaken the checks). `floor`: the lowest severity
    /// they may not hide (`None`: any; errors hidden are named on stderr). Severities are
    /// the final ones: filter findings after severity overrides.
    pub fn comments_only(floor: Option<Severity>) -> Suppressions {
        Suppressions {
            per_file: Vec::new(),
            source: String::new(),
            base: None,
            cwd: std::env::current_dir().ok(),
            files: BTreeMap::new(),
            reported: Default::default(),
            checked: Vec::new(),
            archives: Vec::new(),
            packaged_floor: floor,
        }
    }

    /// Note an archive this run checks (`shown` as its findings name it).
    pub fn checking_archive(&mut self, shown: &str) {
        self.archives.push(shown.trim_end_matches('/').to_string());
    }

    /// Read the comments of the package's APP-META.xml and type schemas.
    pub fn read_package(&mut self, pkg: &aps_model::Package) {
        self.read(&pkg.app_meta_file, Some(Syntax::Xml));
        for schema in pkg.services.iter().filter_map(|s| s.schema()) {
            self.read(&schema.file, Some(Syntax::JsonComments));
        }
    }

    /// Read the suppression comments of a file that was checked, findings or not (so that
    /// an unused comment in a clean file is seen). `syntax` says how, when its name does not.
    pub fn read(&mut self, file: &Arc<SourceFile>, syntax: Option<Syntax>) {
        let Some(syntax) = syntax.or_else(|| Syntax::of_path(file.path())) else { return };
        if !self.files.contains_key(file.path()) {
            let found = inline::read(file, syntax, crate::registry());
            self.files.insert(file.path().to_string(), found);
        }
    }

    /// Note a file or folder this run checks as a whole.
    pub fn checked(&mut self, path: &std::path::Path) {
        let shown = aps_diag::display_path(path);
        if let Some(full) = crate::output::resolve_shown(&shown, self.cwd.as_deref()) {
            self.checked.push(full);
        }
    }

    /// Did this run check `path` (absolute): is it, or is it inside, something checked?
    pub fn covers(&self, path: &std::path::Path) -> bool {
        self.checked.iter().any(|c| path.starts_with(c))
    }

    /// The findings no suppression takes in.
    pub fn filter(&mut self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if diags.is_empty() {
            return diags;
        }
        let mut kept = Vec::with_capacity(diags.len());
        for d in diags {
            if let Some(file) = &d.file {
                let file = file.clone();
                self.read(&file, None);
            }
            if !self.by_comment(&d) && !self.by_per_file(&d) {
                kept.push(d);
            }
        }
        kept
    }

    /// Every comment of `d`'s file that covers it is marked used (so that two comments
    /// suppressing the same finding are both in use).
    ///
    /// A comment inside an archive was written by whoever packaged it, so it never hides
    /// what vouches for the archive (the archive and signature rules, and aps-pack's own
    /// findings); an error it hides is named on stderr, and with `packaged_errors` off it
    /// hides none.
    fn by_comment(&mut self, d: &Diagnostic) -> bool {
        let Some(file) = &d.file else { return false };
        let packaged = self
            .archives
            .iter()
            .any(|a| file.path().strip_prefix(a.as_str()).is_some_and(|rest| rest.starts_with('/')));
        let Some(found) = self.files.get_mut(file.path()) else { return false };
        let at = d.span.map(|s| s.start);
        let mut hit = false;
        for directive in &mut found.directives {
            hit |= directive.suppresses(d.rule, at);
        }
        if !hit || !packaged {
            return hit;
        }
        let place = match d.span {
            Some(span) => {
                let at = file.line_col(span.start);
                format!("{}:{}:{}", file.path(), at.line, at.column)
            }
            None => file.path().to_string(),
        };
        let (code, name) = (d.rule.code, d.rule.name);
        if matches!(d.rule.group, aps_diag::Group::Archive | aps_diag::Group::Lint) {
            crate::output::announce(format!(
                "a comment in the archive cannot turn {code} ({name}) off at {place}: \
                 archive and signature findings are never suppressed from inside the archive"
            ));
            return false;
        }
        if self.packaged_floor.is_some_and(|floor| d.severity >= floor) {
            let what = if d.severity == Severity::Error { "errors" } else { "denied warnings" };
            crate::output::announce(format!(
                "a comment in the archive cannot turn {code} ({name}) off at {place}: \
                 with --trust or --require-signature, comments in the archive hide no {what}"
            ));
            return false;
        }
        if d.severity == Severity::Error {
            crate::output::announce(format!("a comment in the archive turns {code} ({name}) off at {place}"));
        }
        true
    }

    fn by_per_file(&self, d: &Diagnostic) -> bool {
        if self.per_file.is_empty() {
            return false;
        }
        let Some(shown) = d.display_path() else { return false };
        let Some(full) = crate::output::resolve_shown(shown, self.cwd.as_deref()) else { return false };
        let relative = self.base.as_ref().and_then(|b| full.strip_prefix(b).ok());
        let name = full.file_name();
        for entry in &self.per_file {
            let path_matches = match entry.against {
                Against::Name => name.is_some_and(|n| entry.matcher.is_match(n)),
                Against::Relative => relative.is_some_and(|r| entry.matcher.is_match(r)),
                Against::Absolute => entry.matcher.is_match(&full),
            };
            if path_matches && entry.selectors.iter().any(|s| s.matches(d.rule)) {
                if d.severity == Severity::Error {
                    crate::output::announce(format!(
                        "using {}: per-file-ignores \"{}\" {} off in {shown}",
                        self.source, entry.pattern, d.rule.code
                    ));
                }
                return true;
            }
        }
        false
    }

    /// `LNT003` for the codes of each comment read that matched nothing, `LNT004` for each
    /// unreadable comment; once per file.
    pub fn report(&mut self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (path, found) in &mut self.files {
            if !self.reported.insert(path.clone()) {
                continue;
            }
            out.append(&mut found.invalid);
            for directive in &found.directives {
                let unused: Vec<String> =
                    directive.codes.iter().filter(|c| !c.used).map(|c| c.text.clone()).collect();
                if unused.is_empty() {
                    continue;
                }
                let Some(file) = found.file.as_ref() else { continue };
                let label =
                    if directive.file_level { "for the whole file" } else { "nothing to suppress here" };
                out.push(
                    crate::rules::Unused::Comment { codes: &unused, file_level: directive.file_level }
                        .diagnostic()
                        .at(file, directive.comment)
                        .with_label(label),
                );
            }
        }
        out
    }
}

//! Running the wizard rules over one file.

use crate::context::{PackageContext, RootType, ServiceType};
use crate::rules::php_types::TypesDefinedInPhp;
use crate::wizard::{Wizard, IDGLOBALS};
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What every rule sees: the file, its typed view, the package (if known),
/// and the findings so far.
pub(crate) struct Cx<'a, 'v> {
    pub file: &'a Arc<SourceFile>,
    pub w: &'a Wizard<'v>,
    pub pkg: Option<&'a dyn PackageContext>,
    pub diags: Vec<Diagnostic>,
    /// Services whose types are defined in PHP and that some check needed:
    /// service id -> where it was first needed.
    php_unknown: BTreeMap<String, Span>,
    skipped_checks: usize,
    root: Option<RootType>,
    php_services: Option<Vec<String>>,
}

impl<'a, 'v> Cx<'a, 'v> {
    pub fn new(file: &'a Arc<SourceFile>, w: &'a Wizard<'v>, pkg: Option<&'a dyn PackageContext>) -> Self {
        Cx {
            file,
            w,
            pkg,
            diags: Vec::new(),
            php_unknown: BTreeMap::new(),
            skipped_checks: 0,
            root: None,
            php_services: None,
        }
    }

    pub fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Report a violation at `span` in this file, labelled.
    pub fn report_at(&mut self, violation: &impl Violation, span: Span, label: impl Into<String>) {
        let d = self.diag(violation, span).with_label(label);
        self.report(d);
    }

    /// The diagnostic of a violation, pointing at `span` in this file.
    pub fn diag(&self, violation: &impl Violation, span: Span) -> Diagnostic {
        violation.diagnostic().at(self.file, span)
    }

    /// The type a service serves; records (for the one info per file) when
    /// it is defined in PHP.
    pub fn service_type(&mut self, service_id: &str, needed_at: Span) -> ServiceType {
        let Some(pkg) = self.pkg else { return ServiceType::DefinedInPhp };
        let t = pkg.service_type(service_id);
        if t == ServiceType::DefinedInPhp {
            self.php_unknown.entry(service_id.to_string()).or_insert(needed_at);
            self.skipped_checks += 1;
        }
        t
    }

    /// The application's root type, if known; records the PHP services when it is not.
    pub fn root_type(&mut self, needed_at: Span) -> Option<String> {
        let pkg = self.pkg?;
        let root = self.root.get_or_insert_with(|| pkg.root_type()).clone();
        match root {
            RootType::Known(t) => Some(t),
            RootType::Unknown { php_services } => {
                for s in php_services {
                    self.php_unknown.entry(s).or_insert(needed_at);
                }
                self.skipped_checks += 1;
                None
            }
            RootType::Missing => None,
        }
    }

    /// A type the package does not know may be one of its PHP-defined types:
    /// records those services (for the info) and returns true when there are any.
    pub fn maybe_php_type(&mut self, needed_at: Span) -> bool {
        let Some(pkg) = self.pkg else { return false };
        let php = self.php_services.get_or_insert_with(|| {
            pkg.service_ids()
                .into_iter()
                .filter(|s| pkg.service_type(s) == ServiceType::DefinedInPhp)
                .collect()
        });
        if php.is_empty() {
            return false;
        }
        for s in php.iter() {
            self.php_unknown.entry(s.clone()).or_insert(needed_at);
        }
        self.skipped_checks += 1;
        true
    }

    /// The root type is missing altogether (every service type known, none an application).
    pub fn root_missing(&mut self) -> bool {
        let Some(pkg) = self.pkg else { return false };
        matches!(self.root.get_or_insert_with(|| pkg.root_type()), RootType::Missing)
    }

    /// The APS type of the resource a wizard reference names: the root type
    /// for `idglobals`, the `apsType` of a wizard resource; `None` when not
    /// known (no package, PHP types, a UUID of an existing resource).
    pub fn type_of_reference(&mut self, reference: &str, needed_at: Span) -> Option<String> {
        if reference == IDGLOBALS {
            return self.root_type(needed_at);
        }
        let profile = self.w.profile_by_id(reference)?;
        profile.aps_type.map(|t| t.value.to_string())
    }

    /// The single info of a file about the checks skipped for PHP-defined types.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        if let Some((_, &first)) = self.php_unknown.iter().min_by_key(|(_, s)| s.start) {
            let names: Vec<String> = self.php_unknown.keys().map(|s| format!("`{s}`")).collect();
            let skipped = self.skipped_checks;
            let d = self
                .diag(&TypesDefinedInPhp { services: &names }, first)
                .with_label("this check needs a PHP-defined type")
                .with_note(format!(
                    "{skipped} check{} that need{} these types {} skipped",
                    if skipped == 1 { "" } else { "s" },
                    if skipped == 1 { "s" } else { "" },
                    if skipped == 1 { "was" } else { "were" }
                ));
            self.diags.push(d);
        }
        self.diags
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `did you mean …?` for a failing item, computed only when it fails.
pub(crate) fn suggest<I, S>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let owned: Vec<S> = candidates.into_iter().collect();
    aps_diag::did_you_mean_help(input, owned.iter().map(|s| s.as_ref()))
}

/// `` `a`, `b`, `c` ``: every item, quoted.
pub(crate) fn quote_all<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|s| format!("`{}`", s.as_ref())).collect::<Vec<_>>().join(", ")
}

/// The help for a name that is none of `known`: `did you mean …?` when one is close, else `listed`
/// followed by all of them, quoted, or `none` when there are none.
pub(crate) fn suggest_or_list<S: AsRef<str>>(input: &str, known: &[S], listed: &str, none: &str) -> String {
    suggest(input, known).unwrap_or_else(|| {
        if known.is_empty() {
            none.to_string()
        } else {
            format!("{listed}{}", quote_all(known))
        }
    })
}

/// `did you mean …?` for a numeric id: the closest id by edit distance of
/// the decimal forms (at most 2 edits), ties broken by numeric distance.
/// Jaro-Winkler favours shared prefixes, which all `-5000NN` ids have.
pub(crate) fn suggest_id(input: i64, candidates: impl IntoIterator<Item = i64>) -> Option<String> {
    let text = input.to_string();
    candidates
        .into_iter()
        .filter(|c| *c != input)
        .map(|c| (strsim::levenshtein(&text, &c.to_string()), c.abs_diff(input), c))
        .filter(|(d, _, _)| *d <= 2)
        .min()
        .map(|(_, _, c)| format!("did you mean `{c}`?"))
}

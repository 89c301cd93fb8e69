use crate::{Diagnostic, Severity};
use std::collections::BTreeMap;

/// A registered check. A crate declares its rules in one code table,
/// [`rules!`](crate::rules); each rule's file gives its documentation with
/// [`rule!`](crate::rule), which becomes [`Rule::docs`], shown by `aps-pack explain CODE`
/// and in the generated `docs/rules.md`.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `APS101`. Never reused for a different meaning.
    pub code: &'static str,
    /// Short kebab-case name, e.g. `missing-schema-file`.
    pub name: &'static str,
    /// Which part of aps-pack owns it.
    pub group: Group,
    pub default_severity: Severity,
    /// One line: what it reports.
    pub summary: &'static str,
    /// Markdown documentation (the rule file's `//!` comment).
    pub docs: &'static str,
}

/// The part of aps-pack a rule belongs to: what `rules --group`, SARIF tags and the
/// documentation group by. The code table names it ([`rules!`](crate::rules)); a name that is
/// not one of these is a compile-time error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Reading files: encodings, JSON and XML syntax.
    Syntax,
    /// APP-META.xml and the package's files.
    Package,
    /// APS type schemas and the type registry.
    Types,
    /// Wizard data.
    Wizard,
    /// Types generated from PHP annotations.
    Php,
    /// Archives, APP-LIST.xml and signatures.
    Archive,
    /// Upgrades from a previous version.
    Upgrade,
    /// Translations.
    I18n,
    /// ZStack application versions and repositories.
    Zstack,
    /// aps-pack.toml.
    Config,
    /// The command line's own findings.
    Lint,
    /// Rules that exist only in tests and examples.
    #[doc(hidden)]
    Test,
}

impl Group {
    pub const ALL: &'static [Group] = &[
        Group::Syntax,
        Group::Package,
        Group::Types,
        Group::Wizard,
        Group::Php,
        Group::Archive,
        Group::Upgrade,
        Group::I18n,
        Group::Zstack,
        Group::Config,
        Group::Lint,
    ];

    /// The group called `name`; unknown names panic, which in a `static` initialiser
    /// (as [`rules!`](crate::rules) writes) stops the build:
    ///
    /// ```compile_fail
    /// static MISFILED: aps_diag::Group = aps_diag::Group::named("wizzard");
    /// ```
    pub const fn named(name: &str) -> Group {
        match name.as_bytes() {
            b"syntax" => Group::Syntax,
            b"package" => Group::Package,
            b"types" => Group::Types,
            b"wizard" => Group::Wizard,
            b"php" => Group::Php,
            b"archive" => Group::Archive,
            b"upgrade" => Group::Upgrade,
            b"i18n" => Group::I18n,
            b"zstack" => Group::Zstack,
            b"config" => Group::Config,
            b"lint" => Group::Lint,
            b"test" => Group::Test,
            _ => panic!("unknown rule group; add it to aps_diag::Group"),
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Group::Syntax => "syntax",
            Group::Package => "package",
            Group::Types => "types",
            Group::Wizard => "wizard",
            Group::Php => "php",
            Group::Archive => "archive",
            Group::Upgrade => "upgrade",
            Group::I18n => "i18n",
            Group::Zstack => "zstack",
            Group::Config => "config",
            Group::Lint => "lint",
            Group::Test => "test",
        }
    }
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Group {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A collection of rules from every crate, looked up by code or name.
#[derive(Debug, Default, Clone)]
pub struct RuleSet {
    rules: Vec<&'static Rule>,
}

impl RuleSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a crate's rules. Panics on a duplicate code: that is a programming
    /// error caught by the registry test, never by user input.
    pub fn extend(&mut self, rules: &[&'static Rule]) -> &mut Self {
        for r in rules {
            assert!(self.get(r.code).is_none(), "duplicate rule code {}", r.code);
            self.rules.push(r);
        }
        self.rules.sort_by_key(|r| r.code);
        self
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        self.rules.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// By code (case-insensitive) or by name.
    pub fn get(&self, key: &str) -> Option<&'static Rule> {
        self.rules.iter().copied().find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
    }

    /// Render the whole registry as Markdown (the content of `docs/rules.md`).
    /// `docs/rules.md`: the severity policy, a table of every rule, then each rule's documentation.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from(
            "# aps-pack rules\n\n<!-- Generated by `cargo xtask codegen` from the rule registry. Do not edit. -->\n\n",
        );
        out.push_str(SEVERITY_POLICY);
        out.push_str("\n## All rules\n\n");
        out.push_str("| code | name | group | default | summary |\n|---|---|---|---|---|\n");
        for r in &self.rules {
            out.push_str(&format!(
                "| [{}](#{}) | `{}` | {} | {} | {} |\n",
                r.code,
                r.code.to_lowercase(),
                r.name,
                r.group,
                r.default_severity,
                r.summary.replace('|', "\\|")
            ));
        }
        for r in &self.rules {
            out.push_str(&format!(
                "\n## {}\n\n`{}` · group `{}` · default severity **{}**\n\n{}\n\n{}",
                r.code,
                r.name,
                r.group,
                r.default_severity,
                r.summary,
                dedent(r.docs)
            ));
        }
        out
    }
}

/// Strip the single leading space that `///` comments leave on every line.
pub(crate) fn dedent(docs: &str) -> String {
    let mut out = String::new();
    for line in docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

impl Rule {
    /// A rule declared by hand, outside a code table (tests, examples).
    pub const fn new(
        code: &'static str,
        name: &'static str,
        group: Group,
        default_severity: Severity,
        summary: &'static str,
        docs: &'static str,
    ) -> Rule {
        Rule { code, name, group, default_severity, summary, docs }
    }

    /// The documentation as Markdown without the doc-comment indentation.
    pub fn docs_markdown(&self) -> String {
        dedent(self.docs)
    }
}

/// A configured level for a rule: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "off" | "allow" | "ignore" | "none" => Ok(Level::Off),
            other => other.parse().map(Level::On),
        }
    }
}

/// Why an override could not be applied.
pub type OverrideError = crate::Failure;

/// Per-code severity overrides. Later insertions win, so apply config first
/// and command-line flags after.
#[derive(Debug, Default, Clone)]
pub struct SeverityOverrides {
    by_code: BTreeMap<&'static str, Level>,
}

impl SeverityOverrides {
    /// Set the level of the rule named by `key` (a code or a rule name).
    pub fn set(&mut self, rules: &RuleSet, key: &str, level: Level) -> Result<(), OverrideError> {
        match rules.get(key) {
            Some(rule) => {
                self.by_code.insert(rule.code, level);
                Ok(())
            }
            None => Err(OverrideError {
                message: format!("unknown rule `{key}`"),
                help: crate::did_you_mean_help(key, rules.iter().flat_map(|r| [r.code, r.name])),
            }),
        }
    }

    /// Parse `CODE=LEVEL` (as given on the command line).
    pub fn set_from_arg(&mut self, rules: &RuleSet, arg: &str) -> Result<(), OverrideError> {
        let Some((key, level)) = arg.split_once('=') else {
            return Err(OverrideError {
                message: format!("`{arg}` is not of the form CODE=LEVEL"),
                help: Some("for example `--severity WIZ117=error` or `--severity APS113=off` (`aps-pack rules` lists the codes)".into()),
            });
        };
        let level: Level =
            level.trim().parse().map_err(|e: String| OverrideError { message: e, help: None })?;
        self.set(rules, key.trim(), level)
    }

    pub fn level_of(&self, rule: &Rule) -> Level {
        self.by_code.get(rule.code).copied().unwrap_or(Level::On(rule.default_severity))
    }

    /// Apply to a batch: re-grade each diagnostic, dropping the ones turned off.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.by_code.is_empty() {
            return diags;
        }
        diags
            .into_iter()
            .filter_map(|mut d| match self.by_code.get(d.rule.code) {
                Some(Level::Off) => None,
                Some(Level::On(sev)) => {
                    d.severity = *sev;
                    Some(d)
                }
                None => Some(d),
            })
            .collect()
    }
}

/// How a rule's default severity is chosen; the head of `docs/rules.md`.
pub const SEVERITY_POLICY: &str = "## Severity policy

Every rule's default severity follows one policy:

- **error**: a controller would refuse the import, provisioning or an upgrade would
  fail, or the artefact is unsafe (a forged signature, a path leaving the package, a
  zip that readers disagree on).
- **warning**: likely wrong, but a controller accepts it.
- **info**: a fact worth knowing, or a matter of style.

Evidence outranks inference: packages that real controllers accepted (official builds
their vendors published) come first, then the platform documentation, then reasoning.
Whatever a published package does is at most a warning: aps-pack's conformance test runs
`verify`, `lint` and `build` over such packages and fails on any error. Where a rule's
severity is not obvious, or depends on where the finding is (an unresolved type is an
error in `implements` or a required relation, a warning in an optional relation or a
navigation variable), its documentation says why.

Severities can be changed per rule in `aps-pack.toml` (`[rules]`) or with
`--severity CODE=LEVEL`; a configuration that lowers an error is named on standard error.
";

//! The checks of the annotations a schema is generated from, and every message
//! they report. The generator ([`super::generate`]) reads what goes into the
//! schema; whatever it finds wrong on the way, and everything that would be
//! silently ignored or change nothing, is reported from here.

use super::Script;
use crate::annotations::{self as names};
use crate::docblock::Annotation;
use crate::reader::{PhpMethod, PhpParam, PhpProperty};
use crate::rules;
use aps_diag::{did_you_mean_help, Diagnostic, SourceFile, Span};
use std::collections::HashSet;
use std::sync::Arc;

/// Where an annotation sits.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Place {
    Class,
    Property,
    Method,
}

impl Place {
    fn allowed(self) -> &'static [&'static str] {
        match self {
            Place::Class => names::CLASS,
            Place::Property => names::PROPERTY,
            Place::Method => names::METHOD,
        }
    }
    fn noun(self) -> &'static str {
        match self {
            Place::Class => "a class",
            Place::Property => "a property",
            Place::Method => "a method",
        }
    }
}

/// A `@link` whose type is checked once every type of the package is known.
pub(super) struct LinkCheck {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub id: String,
    pub required: bool,
}

/// Collects the findings of one generation.
#[derive(Default)]
pub(super) struct Checker {
    pub diags: Vec<Diagnostic>,
}

impl Checker {
    /// Scripts the reader could not read to the end.
    pub fn syntax(&mut self, scripts: &[Script]) {
        for s in scripts {
            for p in &s.php.problems {
                self.diags.push(
                    Diagnostic::new(&rules::PHP_SYNTAX, format!("unterminated {} in a PHP script", p.what))
                        .at(&s.file, p.span)
                        .with_label(format!("this {} is never closed", p.what))
                        .with_note("the rest of the file is not read: declarations after this point are missing from the generated schema"),
                );
            }
        }
    }

    /// A second class declaring a type id.
    pub fn duplicate_type_id(
        &mut self,
        id: &str,
        class_name: &str,
        at: (&Arc<SourceFile>, Span),
        first: (&Arc<SourceFile>, Span),
    ) {
        self.diags.push(
            Diagnostic::new(
                &rules::DUPLICATE_TYPE_ID,
                format!("type id `{id}` is already declared by another class"),
            )
            .at(at.0, at.1)
            .with_label(format!("class `{class_name}` declares it again here"))
            .with_secondary(first.0, first.1, "first declared here")
            .with_help("give each class its own type id (or raise the version of the new one)"),
        );
    }

    /// Links to types neither the package nor the registry declares.
    pub fn links(
        &mut self,
        link_checks: Vec<LinkCheck>,
        own_ids: &HashSet<String>,
        is_known_type: &dyn Fn(&str) -> bool,
    ) {
        // A link without a version (`http://vendor/app`) names any version of
        // the type: the platform resolves it, real packages rely on it.
        let known = |id: &str| {
            own_ids.contains(id)
                || is_known_type(id)
                || own_ids.iter().any(|own| own.strip_prefix(id).is_some_and(|rest| rest.starts_with('/')))
        };
        let mut candidates: Vec<&str> = own_ids.iter().map(String::as_str).collect();
        candidates.sort_unstable();
        // Judged as a relation in a schema file is (TYP205/TYP211): a type outside the
        // package's namespaces and the standard ones belongs to the platform or another
        // application and is not checked; an unresolved one of ours breaks provisioning
        // only when the relation is required.
        let namespaces: Vec<String> = own_ids
            .iter()
            .filter_map(|own| own.rsplit_once('/').and_then(|(base, _)| base.rsplit_once('/')))
            .map(|(ns, _)| format!("{ns}/"))
            .filter(|ns| ns.matches('/').count() > 3)
            .collect();
        let checkable = |id: &str| {
            id.starts_with(aps_model::typeid::STANDARD_PREFIX)
                || namespaces.iter().any(|ns| id.starts_with(ns.as_str()))
        };
        for check in link_checks {
            let LinkCheck { file, span, id, required } = check;
            if known(&id) || !checkable(&id) {
                continue;
            }
            let d = Diagnostic::new(&rules::UNKNOWN_LINK_TYPE, format!("`@link` to unknown type `{id}`"))
                .at(&file, span)
                .with_label("no type of the package or of the registry has this id")
                .with_help_opt(did_you_mean_help(&id, candidates.iter().copied()));
            // A standard id aps-pack does not know may be newer than its list (TYP212).
            let standard = id.starts_with(aps_model::typeid::STANDARD_PREFIX);
            self.diags.push(if required && !standard {
                d.with_severity(aps_diag::Severity::Error)
            } else {
                d
            });
        }
    }

    pub fn malformed(&mut self, file: &Arc<SourceFile>, a: &Annotation, message: &str) {
        self.diags.push(
            Diagnostic::new(&rules::MALFORMED_ANNOTATION, format!("malformed `@{}`: {message}", a.name))
                .at(file, a.span)
                .with_label("aps build skips this annotation"),
        );
    }

    fn ineffective(&mut self, file: &Arc<SourceFile>, span: Span, message: String, help: Option<String>) {
        self.diags.push(
            Diagnostic::new(&rules::INEFFECTIVE_ANNOTATION, message).at(file, span).with_help_opt(help),
        );
    }

    /// Whether an annotation can be used at all; reports why not.
    pub fn usable(&mut self, file: &Arc<SourceFile>, a: &Annotation) -> bool {
        if let Some(m) = &a.malformed {
            self.diags.push(
                Diagnostic::new(
                    &rules::MALFORMED_ANNOTATION,
                    format!("malformed `@{}`: {}", a.name, m.message),
                )
                .at(file, m.span)
                .with_label("aps build skips this annotation")
                .with_help("annotations must fit on one line: `@name(arg, \"quoted arg\")`"),
            );
            return false;
        }
        if let (Some(t), Some(_)) = (a.trailing, &a.args) {
            self.diags.push(
                Diagnostic::new(
                    &rules::MALFORMED_ANNOTATION,
                    format!("text after `@{}(…)` on the same line", a.name),
                )
                .at(file, t)
                .with_label("aps build does not read an annotation followed by other text")
                .with_help("move the comment to a line of its own"),
            );
            return false;
        }
        true
    }

    /// The single argument of a one-argument annotation.
    pub fn one_arg(&mut self, file: &Arc<SourceFile>, a: &Annotation) -> Option<String> {
        if !self.usable(file, a) {
            return None;
        }
        if a.arg_count() != 1 {
            self.malformed(file, a, &format!("expected one argument, found {}", a.arg_count()));
            return None;
        }
        a.arg(0).map(|x| x.value.clone())
    }

    /// Every annotation of a docblock: unknown names, misplaced annotations, flags
    /// with arguments, `@default`.
    pub fn annotations(&mut self, file: &Arc<SourceFile>, anns: &[Annotation], place: Place) {
        for a in anns {
            self.annotation(file, a, place);
        }
    }

    fn annotation(&mut self, file: &Arc<SourceFile>, a: &Annotation, place: Place) {
        let name = a.name.as_str();
        if !names::is_aps(name) {
            if names::is_foreign(name) {
                return;
            }
            let suggestion = did_you_mean_help(name, names::all());
            if suggestion.is_some() || a.args.is_some() {
                self.diags.push(
                    Diagnostic::new(&rules::UNKNOWN_ANNOTATION, format!("unknown annotation `@{name}`"))
                        .at(file, a.name_span)
                        .with_label("the APS runtime ignores this annotation")
                        .with_help_opt(suggestion.or_else(|| {
                            Some(format!("annotations of {}: {}", place.noun(), list(place.allowed())))
                        })),
                );
            }
            return;
        }
        // phpDocumentor forms of shared names (`@param $x`, `@return array`,
        // `@access private`, `@link https://…`, `@var`) are not APS annotations.
        if a.args.is_none() && !names::FLAGS.contains(&name) {
            if names::is_foreign(name) {
                return;
            }
            self.diags.push(
                Diagnostic::new(
                    &rules::MALFORMED_ANNOTATION,
                    format!("`@{name}` needs its argument in parentheses"),
                )
                .at(file, a.span)
                .with_label("no `(…)` after the name")
                .with_help(format!("write `@{name}(\"…\")`")),
            );
            return;
        }
        if !place.allowed().contains(&name) {
            // Flags such as `@final`/`@static` double as phpDocumentor tags on classes and methods.
            if a.args.is_none() && names::is_foreign(name) {
                return;
            }
            self.ineffective(
                file,
                a.name_span,
                format!("`@{name}` has no effect on {}", place.noun()),
                Some(format!("annotations of {}: {}", place.noun(), list(place.allowed()))),
            );
            return;
        }
        if names::FLAGS.contains(&name) && a.arg_count() > 0 {
            self.ineffective(
                file,
                a.span,
                format!("`@{name}` takes no arguments"),
                Some(format!("write `@{name}` alone: the flag is set by its presence")),
            );
        }
        if name == "default" {
            self.diags.push(
                Diagnostic::new(&rules::DEFAULT_ANNOTATION_IGNORED, "`@default` has no effect")
                    .at(file, a.span)
                    .with_label("the APS runtime takes the default from the property's initial value")
                    .with_help(format!(
                        "give the property an initial value instead, e.g. `= {};`",
                        a.arg(0).map(|x| php_literal(&x.value, x.quoted)).unwrap_or_else(|| "…".into())
                    )),
            );
        }
    }

    /// Annotations a relation (`@link`) does not read.
    pub fn relation_extras(&mut self, file: &Arc<SourceFile>, anns: &[Annotation]) {
        for a in anns {
            if !matches!(a.name.as_str(), "link" | "required" | "allocate" | "access")
                && names::is_aps(a.name.as_str())
            {
                if a.args.is_none() && !names::FLAGS.contains(&a.name.as_str()) {
                    continue;
                }
                self.ineffective(
                    file,
                    a.name_span,
                    format!("`@{}` has no effect on a relation (`@link`)", a.name),
                    Some("a relation takes `@required` and `@allocate` only".into()),
                );
            }
        }
    }

    /// Property annotations without `@type`: the runtime leaves the property out.
    pub fn untyped_property(&mut self, file: &Arc<SourceFile>, prop: &PhpProperty, anns: &[Annotation]) {
        if let Some(a) = anns.iter().find(|a| {
            names::PROPERTY.contains(&a.name.as_str())
                && !matches!(a.name.as_str(), "type" | "link" | "default")
                && (a.args.is_some() || names::FLAGS.contains(&a.name.as_str()))
        }) {
            self.ineffective(
                file,
                a.name_span,
                format!("property `${}` has `@{}` but no `@type` or `@link`", prop.name, a.name),
                Some("add `@type(…)`: without it the property is not part of the schema".into()),
            );
        }
    }

    /// A type name that is neither an APS type nor a class of the scripts. `is_class`:
    /// whether a class of that name exists (then it is a structure).
    pub fn type_name(
        &mut self,
        file: &Arc<SourceFile>,
        base: &str,
        span: Span,
        is_class: bool,
        class_names: &dyn Fn() -> Vec<String>,
    ) {
        let php_alias = match base.to_ascii_lowercase().as_str() {
            "int" => Some("integer"),
            "bool" => Some("boolean"),
            "float" | "double" => Some("number"),
            "str" => Some("string"),
            _ => None,
        };
        if let (Some(alias), false) = (php_alias, is_class) {
            self.ineffective(
                file,
                span,
                format!("`{base}` is a PHP type name, not an APS type"),
                Some(format!("did you mean `{alias}`?")),
            );
            return;
        }
        if is_class {
            return;
        }
        let class_names = class_names();
        let help = did_you_mean_help(
            base,
            names::PRIMITIVES.iter().copied().chain(class_names.iter().map(String::as_str)),
        )
        .unwrap_or_else(|| {
            format!("APS types: {}, a type id, or a structure class", list(names::PRIMITIVES))
        });
        self.diags.push(
            Diagnostic::new(
                &rules::UNKNOWN_STRUCTURE,
                format!("`{base}` is neither an APS type nor a class of the package's scripts"),
            )
            .at(file, span)
            .with_label("no structure class of this name")
            .with_help(help),
        );
    }

    /// The role and flag of an `@access`; reports what is wrong with them.
    pub fn access<'a>(&mut self, file: &Arc<SourceFile>, a: &'a Annotation) -> Option<(&'a str, bool)> {
        if !self.usable(file, a) {
            return None;
        }
        let (Some(role), Some(flag), 2) = (a.arg(0), a.arg(1), a.arg_count()) else {
            self.malformed(file, a, "expected a role and `true` or `false`, e.g. `@access(referrer, true)`");
            return None;
        };
        let value = match flag.value.to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => {
                self.malformed(file, a, "the second argument must be `true` or `false`");
                return None;
            }
        };
        if !names::ROLES.contains(&role.value.as_str()) {
            self.ineffective(
                file,
                role.span,
                format!("unexpected role `{}` in `@access`", role.value),
                did_you_mean_help(&role.value, names::ROLES.iter().copied())
                    .or_else(|| Some(format!("roles: {}", list(names::ROLES)))),
            );
        }
        Some((role.value.as_str(), value))
    }

    /// Operation annotations on a method without `@verb`.
    pub fn no_verb(&mut self, file: &Arc<SourceFile>, m: &PhpMethod, anns: &[Annotation]) {
        if let Some(a) =
            anns.iter().find(|a| matches!(a.name.as_str(), "path" | "param" | "return") && a.args.is_some())
        {
            self.ineffective(
                file,
                a.name_span,
                format!("method `{}` has `@{}` but no `@verb`", m.name, a.name),
                Some(
                    "add `@verb(GET)` (or POST, PUT, DELETE): only methods with `@verb` are operations"
                        .into(),
                ),
            );
        }
    }

    pub fn verb(&mut self, file: &Arc<SourceFile>, verb: &str, verb_ann: &Annotation) {
        if !names::VERBS.contains(&verb) {
            let span = verb_ann.arg(0).map_or(verb_ann.span, |a| a.span);
            self.ineffective(
                file,
                span,
                format!("unexpected HTTP verb `{verb}`"),
                did_you_mean_help(verb, names::VERBS.iter().copied())
                    .or_else(|| Some(format!("verbs: {}", list(names::VERBS)))),
            );
        }
    }

    pub fn no_path(&mut self, file: &Arc<SourceFile>, m: &PhpMethod, verb_ann: &Annotation, fallback: &str) {
        self.ineffective(
            file,
            verb_ann.span,
            format!("operation `{}` has no `@path`", m.name),
            Some(format!("add `@path(\"{fallback}\")`; aps-pack assumes that path")),
        );
    }

    /// `@param` number `index` (from 0) with no PHP parameter to match.
    pub fn param_without_php(&mut self, file: &Arc<SourceFile>, a: &Annotation, index: usize, m: &PhpMethod) {
        self.ineffective(
            file,
            a.span,
            format!("`@param` number {} of `{}` has no PHP parameter", index + 1, m.name),
            Some("aps build matches `@param` annotations to the method's parameters by position".into()),
        );
    }

    pub fn param_kind(&mut self, file: &Arc<SourceFile>, a: &Annotation) {
        if let Some(k) = a.arg(1).filter(|k| !names::KINDS.contains(&k.value.as_str())) {
            self.ineffective(
                file,
                k.span,
                format!("unexpected parameter kind `{}`", k.value),
                did_you_mean_help(&k.value, names::KINDS.iter().copied())
                    .or_else(|| Some(format!("kinds: {}", list(names::KINDS)))),
            );
        }
    }

    /// PHP parameters past the last `@param`.
    pub fn params_without_annotation(&mut self, file: &Arc<SourceFile>, m: &PhpMethod, rest: &[PhpParam]) {
        for php in rest {
            self.ineffective(
                file,
                php.span,
                format!("parameter `${}` of operation `{}` has no `@param`", php.name, m.name),
                Some("add `@param(type, kind)` for it, in the order of the parameters".into()),
            );
        }
    }
}

fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

fn php_literal(raw: &str, quoted: bool) -> String {
    if quoted {
        format!("'{}'", raw.replace('\\', "\\\\").replace('\'', "\\'"))
    } else {
        raw.to_string()
    }
}

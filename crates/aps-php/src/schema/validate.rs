//! The checks of the annotations a schema is generated from, and every message
//! they report. The generator ([`super::generate`]) reads what goes into the
//! schema; whatever it finds wrong on the way, and everything that would be
//! silently ignored or change nothing, is reported from here.

use super::Script;
use crate::annotations::{self as names};
use crate::docblock::Annotation;
use crate::reader::{PhpMethod, PhpParam, PhpProperty};
use crate::rules::{
    DefaultAnnotationIgnored, DuplicateTypeId, Expected, IneffectiveAnnotation, MalformedAnnotation,
    PhpSyntax, UnknownAnnotation, UnknownLinkType, UnknownStructure,
};
use aps_diag::{did_you_mean_help, Diagnostic, SourceFile, Span, Violation};
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
                    PhpSyntax { what: p.what }
                        .diagnostic()
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
            DuplicateTypeId { id }
                .diagnostic()
                .at(at.0, at.1)
                .with_label(format!("class `{class_name}` declares it again here"))
                .with_secondary(first.0, first.1, "first declared here"),
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
            let suggestion = did_you_mean_help(&id, candidates.iter().copied());
            let d = UnknownLinkType { id: &id, suggestion }
                .diagnostic()
                .at(&file, span)
                .with_label("no type of the package or of the registry has this id");
            // A standard id aps-pack does not know may be newer than its list (TYP212).
            let standard = id.starts_with(aps_model::typeid::STANDARD_PREFIX);
            self.diags.push(if required && !standard {
                d.with_severity(aps_diag::Severity::Error)
            } else {
                d
            });
        }
    }

    pub fn malformed(&mut self, file: &Arc<SourceFile>, a: &Annotation, expected: Expected) {
        self.diags.push(
            MalformedAnnotation::Arguments { name: &a.name, expected }
                .diagnostic()
                .at(file, a.span)
                .with_label("aps build skips this annotation"),
        );
    }

    fn ineffective(&mut self, file: &Arc<SourceFile>, span: Span, violation: IneffectiveAnnotation<'_>) {
        self.diags.push(violation.diagnostic().at(file, span));
    }

    /// Whether an annotation can be used at all; reports why not.
    pub fn usable(&mut self, file: &Arc<SourceFile>, a: &Annotation) -> bool {
        if let Some(m) = &a.malformed {
            self.diags.push(
                MalformedAnnotation::Unreadable { name: &a.name, message: m.message }
                    .diagnostic()
                    .at(file, m.span)
                    .with_label("aps build skips this annotation"),
            );
            return false;
        }
        if let (Some(t), Some(_)) = (a.trailing, &a.args) {
            self.diags.push(
                MalformedAnnotation::TrailingText { name: &a.name }
                    .diagnostic()
                    .at(file, t)
                    .with_label("aps build does not read an annotation followed by other text"),
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
            self.malformed(file, a, Expected::OneArgument { found: a.arg_count() });
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
                    UnknownAnnotation { name, suggestion, place: place.noun(), allowed: place.allowed() }
                        .diagnostic()
                        .at(file, a.name_span)
                        .with_label("the APS runtime ignores this annotation"),
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
                MalformedAnnotation::NoParentheses { name }
                    .diagnostic()
                    .at(file, a.span)
                    .with_label("no `(…)` after the name"),
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
                IneffectiveAnnotation::Misplaced { name, place: place.noun(), allowed: place.allowed() },
            );
            return;
        }
        if names::FLAGS.contains(&name) && a.arg_count() > 0 {
            self.ineffective(file, a.span, IneffectiveAnnotation::FlagWithArguments { name });
        }
        if name == "default" {
            self.diags.push(
                DefaultAnnotationIgnored {
                    literal: a.arg(0).map(|x| php_literal(&x.value, x.quoted)).unwrap_or_else(|| "…".into()),
                }
                .diagnostic()
                .at(file, a.span)
                .with_label("the APS runtime takes the default from the property's initial value"),
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
                self.ineffective(file, a.name_span, IneffectiveAnnotation::OnRelation { name: &a.name });
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
                IneffectiveAnnotation::Untyped { property: &prop.name, name: &a.name },
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
            self.ineffective(file, span, IneffectiveAnnotation::PhpTypeName { name: base, aps: alias });
            return;
        }
        if is_class {
            return;
        }
        let class_names = class_names();
        let suggestion = did_you_mean_help(
            base,
            names::PRIMITIVES.iter().copied().chain(class_names.iter().map(String::as_str)),
        );
        self.diags.push(
            UnknownStructure { name: base, suggestion }
                .diagnostic()
                .at(file, span)
                .with_label("no structure class of this name"),
        );
    }

    /// The role and flag of an `@access`; reports what is wrong with them.
    pub fn access<'a>(&mut self, file: &Arc<SourceFile>, a: &'a Annotation) -> Option<(&'a str, bool)> {
        if !self.usable(file, a) {
            return None;
        }
        let (Some(role), Some(flag), 2) = (a.arg(0), a.arg(1), a.arg_count()) else {
            self.malformed(file, a, Expected::AccessRoleAndFlag);
            return None;
        };
        let value = match flag.value.to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => {
                self.malformed(file, a, Expected::AccessFlag);
                return None;
            }
        };
        if !names::ROLES.contains(&role.value.as_str()) {
            let suggestion = did_you_mean_help(&role.value, names::ROLES.iter().copied());
            self.ineffective(
                file,
                role.span,
                IneffectiveAnnotation::UnexpectedRole { role: &role.value, suggestion },
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
                IneffectiveAnnotation::NoVerb { method: &m.name, name: &a.name },
            );
        }
    }

    pub fn verb(&mut self, file: &Arc<SourceFile>, verb: &str, verb_ann: &Annotation) {
        if !names::VERBS.contains(&verb) {
            let span = verb_ann.arg(0).map_or(verb_ann.span, |a| a.span);
            let suggestion = did_you_mean_help(verb, names::VERBS.iter().copied());
            self.ineffective(file, span, IneffectiveAnnotation::UnexpectedVerb { verb, suggestion });
        }
    }

    pub fn no_path(&mut self, file: &Arc<SourceFile>, m: &PhpMethod, verb_ann: &Annotation, fallback: &str) {
        self.ineffective(file, verb_ann.span, IneffectiveAnnotation::NoPath { method: &m.name, fallback });
    }

    /// `@param` number `index` (from 0) with no PHP parameter to match.
    pub fn param_without_php(&mut self, file: &Arc<SourceFile>, a: &Annotation, index: usize, m: &PhpMethod) {
        self.ineffective(
            file,
            a.span,
            IneffectiveAnnotation::ParamWithoutPhp { number: index + 1, method: &m.name },
        );
    }

    pub fn param_kind(&mut self, file: &Arc<SourceFile>, a: &Annotation) {
        if let Some(k) = a.arg(1).filter(|k| !names::KINDS.contains(&k.value.as_str())) {
            let suggestion = did_you_mean_help(&k.value, names::KINDS.iter().copied());
            self.ineffective(
                file,
                k.span,
                IneffectiveAnnotation::UnexpectedKind { kind: &k.value, suggestion },
            );
        }
    }

    /// PHP parameters past the last `@param`.
    pub fn params_without_annotation(&mut self, file: &Arc<SourceFile>, m: &PhpMethod, rest: &[PhpParam]) {
        for php in rest {
            self.ineffective(
                file,
                php.span,
                IneffectiveAnnotation::ParamWithoutAnnotation { param: &php.name, method: &m.name },
            );
        }
    }
}

fn php_literal(raw: &str, quoted: bool) -> String {
    if quoted {
        format!("'{}'", raw.replace('\\', "\\\\").replace('\'', "\\'"))
    } else {
        raw.to_string()
    }
}

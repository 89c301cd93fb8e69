//! Reading APP-META.xml's elements into the model of [`super`]: known elements,
//! required values and their spans, with a diagnostic for each problem.

use super::*;
use crate::rql::parse_match;
use crate::rules::aps1_package::Aps1Package;
use crate::rules::duplicate_element::DuplicateElement;
use crate::rules::invalid_attribute_value::InvalidBoolean;
use crate::rules::invalid_match::InvalidMatch;
use crate::rules::missing_attribute::MissingAttribute;
use crate::rules::not_app_meta::NotAppMeta;
use crate::rules::unknown_element::UnknownElement;
use crate::xml::Element;
use crate::Spanned;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use std::sync::Arc;

pub(super) struct Builder<'a> {
    pub(super) file: &'a Arc<SourceFile>,
    pub(super) diags: &'a mut Vec<Diagnostic>,
}

fn is_aps(e: &Element) -> bool {
    e.namespace.as_deref() == Some(APS2_NS)
}

/// The children of `e` in the APS namespace; others are extensions the controller ignores.
fn aps_children(e: &Element) -> impl Iterator<Item = &Element> {
    e.elements().filter(|c| is_aps(c))
}

impl Builder<'_> {
    fn text(&self, e: &Element) -> Spanned<String> {
        e.text_trimmed(self.file)
    }

    /// The texts of `e`'s children named `child`, in order; any other child is unknown in `parent`.
    fn texts(&mut self, e: &Element, parent: &str, child: &str) -> Vec<Spanned<String>> {
        let mut texts = Vec::new();
        for c in e.elements() {
            if is_aps(c) && c.name == child {
                texts.push(self.text(c));
            } else {
                self.unknown(c, parent, &[child]);
            }
        }
        texts
    }

    fn unknown(&mut self, e: &Element, parent: &str, known: &[&str]) {
        if !is_aps(e) {
            // Other namespaces are extensions the controller ignores by design.
            return;
        }
        let d = UnknownElement { name: &e.name, parent, known }
            .diagnostic()
            .at(self.file, e.name_span)
            .with_label("not an APS 2 element here");
        self.diags.push(d);
    }

    /// Whether a walk over children passes `c` by: it is not an APS element, or it is a
    /// second one of the `singles` (reported).
    fn passed_over(&mut self, seen: &mut Vec<(String, Span)>, c: &Element, singles: &[&str]) -> bool {
        !is_aps(c) || (singles.contains(&c.name.as_str()) && !self.once(seen, c))
    }

    /// Report a second occurrence of a singleton element; returns whether it is the first.
    fn once(&mut self, seen: &mut Vec<(String, Span)>, e: &Element) -> bool {
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == e.name) {
            let first = *first;
            let d = DuplicateElement { name: &e.name }
                .diagnostic()
                .at(self.file, e.name_span)
                .with_label("second occurrence");
            self.diags.push(crate::related(d, self.file, e.name_span, first, "first occurrence"));
            false
        } else {
            seen.push((e.name.clone(), e.name_span));
            true
        }
    }

    fn bool_attr(&mut self, e: &Element, name: &str) -> Option<Spanned<bool>> {
        let a = e.attr(name)?;
        match a.value.trim() {
            "true" => Some(Spanned::new(true, a.value_span)),
            "false" => Some(Spanned::new(false, a.value_span)),
            other => {
                self.diags.push(
                    InvalidBoolean { name, found: other }
                        .diagnostic()
                        .at(self.file, a.value_span)
                        .with_label("expected `true` or `false`"),
                );
                None
            }
        }
    }

    fn attr(&self, e: &Element, name: &str) -> Option<Spanned<String>> {
        e.attr_spanned(name)
    }

    /// An attribute that must be present and non-empty.
    fn required_attr(&mut self, e: &Element, name: &str) -> Option<Spanned<String>> {
        match e.attr(name) {
            Some(a) if !a.value.trim().is_empty() => {
                Some(Spanned::new(a.value.trim().to_string(), a.value_span))
            }
            found => {
                let (at, label) = match found {
                    Some(a) => (a.value_span, format!("expected a value for `{name}`")),
                    None => (e.name_span, format!("expected `{name}=\"…\"`")),
                };
                let violation = MissingAttribute { element: &e.name, name, empty: found.is_some() };
                self.diags.push(violation.diagnostic().at(self.file, at).with_label(label));
                None
            }
        }
    }

    pub(super) fn application(&mut self, root: &Element) -> Option<AppMeta> {
        match root.namespace.as_deref() {
            Some(APS1_NS) => {
                self.diags.push(
                    Aps1Package.diagnostic().at(self.file, root.name_span).with_label("APS 1 metadata"),
                );
                return None;
            }
            Some(APS2_NS) if root.name == "application" => {}
            ns => {
                let violation = if root.name != "application" {
                    NotAppMeta::OtherRoot { name: &root.name }
                } else if ns.is_none() {
                    NotAppMeta::NoNamespace
                } else {
                    NotAppMeta::OtherNamespace { ns: ns.unwrap_or("") }
                };
                self.diags.push(
                    violation
                        .diagnostic()
                        .at(self.file, root.name_span)
                        .with_label("expected an APS 2 `<application>`"),
                );
                return None;
            }
        }
        let mut meta = AppMeta {
            file: self.file.clone(),
            span: root.span,
            start_tag: root.start_tag,
            aps_version: self.attr(root, "version"),
            packaged: self.attr(root, "packaged"),
            id: None,
            name: None,
            version: None,
            release: None,
            homepage: None,
            vendor: None,
            packager: None,
            presentation: None,
            license: None,
            upgrade: None,
            patch: None,
            services: Vec::new(),
            privileges: Vec::new(),
            master_package: None,
        };
        #[rustfmt::skip]
        const KNOWN: &[&str] = &[
            "id", "name", "version", "release", "homepage", "vendor", "packager", "presentation",
            "license-agreement", "upgrade", "patch", "service", "privileges", "master-package",
        ];
        let mut seen = Vec::new();
        for e in aps_children(root) {
            match e.name.as_str() {
                "service" => meta.services.push(self.service(e)),
                "privileges" => {
                    for p in e.elements() {
                        if is_aps(p) && p.name == "privilege" {
                            meta.privileges.push(Privilege { span: p.span, name: self.attr(p, "name") });
                        } else {
                            self.unknown(p, "privileges", &["privilege"]);
                        }
                    }
                }
                name if KNOWN.contains(&name) => {
                    if !self.once(&mut seen, e) {
                        continue;
                    }
                    match name {
                        "id" => meta.id = Some(self.text(e)),
                        "name" => meta.name = Some(self.text(e)),
                        "version" => meta.version = Some(self.text(e)),
                        "release" => meta.release = Some(self.text(e)),
                        "homepage" => meta.homepage = Some(self.text(e)),
                        "vendor" => meta.vendor = Some(self.party(e)),
                        "packager" => meta.packager = Some(self.party(e)),
                        "presentation" => meta.presentation = Some(self.presentation(e)),
                        "license-agreement" => meta.license = Some(self.license(e)),
                        "upgrade" => meta.upgrade = Some(self.match_spec(e)),
                        "patch" => meta.patch = Some(self.match_spec(e)),
                        "master-package" => meta.master_package = Some(e.span),
                        _ => {}
                    }
                }
                _ => self.unknown(e, "application", KNOWN),
            }
        }
        Some(meta)
    }

    fn party(&mut self, e: &Element) -> Party {
        let mut p = Party { span: e.span, name: None, homepage: None, uri: None, icon: None };
        const KNOWN: &[&str] = &["name", "homepage", "uri", "icon"];
        let mut seen = Vec::new();
        for c in e.elements() {
            if self.passed_over(&mut seen, c, KNOWN) {
                continue;
            }
            match c.name.as_str() {
                "name" => p.name = Some(self.text(c)),
                "homepage" => p.homepage = Some(self.text(c)),
                "uri" => p.uri = Some(self.text(c)),
                "icon" => p.icon = self.attr(c, "path").or_else(|| Some(self.text(c))),
                _ => self.unknown(c, &e.name, KNOWN),
            }
        }
        p
    }

    fn presentation(&mut self, e: &Element) -> Presentation {
        let mut p = Presentation { span: e.span, ..Default::default() };
        #[rustfmt::skip]
        const KNOWN: &[&str] = &[
            "summary", "description", "icon", "screenshot", "changelog", "categories", "languages",
            "navigation", "infolinks",
        ];
        let mut seen = Vec::new();
        for c in e.elements() {
            const SINGLE: &[&str] =
                &["summary", "description", "icon", "changelog", "categories", "languages"];
            if self.passed_over(&mut seen, c, SINGLE) {
                continue;
            }
            match c.name.as_str() {
                "summary" => p.summary = Some(self.text(c)),
                "description" => p.description = Some(self.text(c)),
                "icon" => p.icon = self.required_attr(c, "path"),
                "screenshot" => {
                    let path = self.required_attr(c, "path");
                    // The last description counts.
                    let description = self.texts(c, "screenshot", "description").pop();
                    p.screenshots.push(Screenshot { span: c.span, path, description });
                }
                "changelog" => {
                    for v in c.elements() {
                        if !(is_aps(v) && v.name == "version") {
                            self.unknown(v, "changelog", &["version"]);
                            continue;
                        }
                        let cv = ChangelogVersion {
                            span: v.span,
                            version: self.attr(v, "version"),
                            release: self.attr(v, "release"),
                            entries: self.texts(v, "version", "entry"),
                        };
                        p.changelog.push(cv);
                    }
                }
                "categories" => {
                    let categories = self.texts(c, "categories", "category");
                    p.categories.extend(categories);
                }
                "languages" => {
                    let languages = self.texts(c, "languages", "language");
                    p.languages.extend(languages);
                }
                "navigation" => {
                    if let Some(n) = self.nav_tree(c) {
                        p.navigation.push(n);
                    }
                }
                "infolinks" => {
                    let _ = self.infolinks(c);
                }
                _ => self.unknown(c, "presentation", KNOWN),
            }
        }
        p
    }

    /// Navigation trees are built with an explicit stack: their depth is
    /// bounded by the XML parser, but recursion would still cost stack per level.
    fn nav_tree(&mut self, root: &Element) -> Option<NavNode> {
        // (element, index of parent in `built`)
        let mut order: Vec<(&Element, Option<usize>)> = vec![(root, None)];
        let mut built: Vec<(NavNode, Option<usize>)> = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let (e, parent) = order[i];
            let kind = NavKind::from_element(&e.name).unwrap_or(NavKind::Item);
            let mut node = NavNode {
                kind,
                span: e.span,
                name_span: e.name_span,
                id: self.attr(e, "id"),
                label: self.attr(e, "label"),
                src: self.attr(e, "src"),
                icon: self.attr(e, "icon"),
                visible: self.attr(e, "visible"),
                vars: Vec::new(),
                plugs_to: Vec::new(),
                controls: Vec::new(),
                params: Vec::new(),
                placeholders: Vec::new(),
                children: Vec::new(),
            };
            if kind != NavKind::Navigation && node.id.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
                let _ = self.required_attr(e, "id");
            }
            #[rustfmt::skip]
            const KNOWN: &[&str] = &[
                "var", "plugs-to", "view", "view-plugin", "popup", "item", "wizard", "wizard-view",
                "controls", "params", "placeholder", "plugin-placeholder",
            ];
            let me = built.len();
            for c in aps_children(e) {
                match c.name.as_str() {
                    "var" => node.vars.push(Var {
                        span: c.span,
                        name: self.required_attr(c, "name"),
                        type_id: self.required_attr(c, "type-id"),
                        required: self.bool_attr(c, "required"),
                        collection: self.bool_attr(c, "collection"),
                        filter: self.attr(c, "filter"),
                    }),
                    "plugs-to" => {
                        if let Some(id) = self.required_attr(c, "id") {
                            node.plugs_to.push(id);
                        }
                    }
                    // `<plugin-placeholder>` is where other packages' view plugins go (the
                    // SpamExperts package declares one in a service-user wizard view).
                    "placeholder" | "plugin-placeholder" => {
                        if let Some(id) = self.required_attr(c, "id") {
                            node.placeholders.push(id);
                        }
                    }
                    "controls" => {
                        for ctl in aps_children(c) {
                            node.controls.push(Control {
                                span: ctl.span,
                                kind: Spanned::new(ctl.name.clone(), ctl.name_span),
                                id: self.attr(ctl, "id"),
                                label: self.attr(ctl, "label"),
                            });
                        }
                    }
                    "params" => {
                        for prm in c.elements() {
                            if !(is_aps(prm) && prm.name == "param") {
                                self.unknown(prm, "params", &["param"]);
                                continue;
                            }
                            node.params.push(Param {
                                span: prm.span,
                                name: self.required_attr(prm, "name"),
                                ty: self.attr(prm, "type"),
                                required: self.bool_attr(prm, "required"),
                            });
                        }
                    }
                    name if NavKind::from_element(name).is_some_and(|k| k != NavKind::Navigation) => {
                        order.push((c, Some(me)));
                    }
                    _ => self.unknown(c, &e.name, KNOWN),
                }
            }
            built.push((node, parent));
            i += 1;
        }
        // Every descendant comes after its ancestors in `built`: folding from the
        // end attaches each node complete, its children collected in reverse.
        while built.len() > 1 {
            let (mut node, parent) = built.pop()?;
            node.children.reverse();
            let p = parent?;
            built[p].0.children.push(node);
        }
        built.pop().map(|(mut n, _)| {
            n.children.reverse();
            n
        })
    }

    fn infolinks(&mut self, e: &Element) -> Vec<InfoLink> {
        let mut out = Vec::new();
        for l in e.elements() {
            if !(is_aps(l) && l.name == "link") {
                self.unknown(l, "infolinks", &["link"]);
                continue;
            }
            out.push(InfoLink {
                span: l.span,
                class: self.attr(l, "class"),
                href: self.required_attr(l, "href"),
                text: self.text(l),
            });
        }
        out
    }

    fn license(&mut self, e: &Element) -> LicenseAgreement {
        let mut lic = LicenseAgreement {
            span: e.span,
            must_accept: self.bool_attr(e, "must-accept"),
            ..Default::default()
        };
        for c in aps_children(e) {
            match c.name.as_str() {
                "free" => lic.free = Some(c.span),
                // The alternative to `<free/>` (APS 1 heritage); published packages carry it
                // and the controller accepts it. Its content is the vendor's business.
                "commercial" => {}
                "text" => {
                    let mut t = LicenseText { span: c.span, name: None, file: None, url: None };
                    for x in aps_children(c) {
                        match x.name.as_str() {
                            "name" => t.name = Some(self.text(x)),
                            "file" => t.file = Some(self.text(x)),
                            "url" => t.url = Some(self.text(x)),
                            _ => self.unknown(x, "text", &["name", "file", "url"]),
                        }
                    }
                    lic.text = Some(t);
                }
                _ => self.unknown(c, "license-agreement", &["free", "commercial", "text"]),
            }
        }
        lic
    }

    fn match_spec(&mut self, e: &Element) -> MatchSpec {
        let text = self.required_attr(e, "match");
        let expr = text.as_ref().and_then(|t| {
            let a = e.attr("match")?;
            // Offsets map 1:1 onto the source only when the value has no references.
            let raw = self.file.slice(a.value_span);
            let exact = raw == a.value;
            let lead = a.value.len() - a.value.trim_start().len();
            match parse_match(&t.value, a.value_span.start + lead) {
                Ok(expr) => Some(expr),
                Err(err) => {
                    let span = if exact { err.span } else { a.value_span };
                    self.diags.push(
                        InvalidMatch { element: &e.name, problem: &err.message }
                            .diagnostic()
                            .at(self.file, span)
                            .with_label(format!("expected {}", err.expected)),
                    );
                    None
                }
            }
        });
        MatchSpec { span: e.span, text, expr }
    }

    fn service(&mut self, e: &Element) -> Service {
        let mut s = Service { span: e.span, id: self.required_attr(e, "id"), ..Default::default() };
        const KNOWN: &[&str] = &["schema", "code", "presentation"];
        let mut seen = Vec::new();
        for c in e.elements() {
            if self.passed_over(&mut seen, c, KNOWN) {
                continue;
            }
            match c.name.as_str() {
                "schema" => s.schema = self.required_attr(c, "path"),
                "code" => {
                    s.code = Some(Code {
                        span: c.span,
                        engine: self.required_attr(c, "engine"),
                        path: self.required_attr(c, "path"),
                    })
                }
                "presentation" => s.presentation = Some(self.service_presentation(c)),
                _ => self.unknown(c, "service", KNOWN),
            }
        }
        s
    }

    fn service_presentation(&mut self, e: &Element) -> ServicePresentation {
        let mut p = ServicePresentation { span: e.span, ..Default::default() };
        const KNOWN: &[&str] =
            &["name", "summary", "description", "icon", "infolinks", "entry-points", "color", "font-color"];
        for c in aps_children(e) {
            match c.name.as_str() {
                "name" => p.name = Some(self.text(c)),
                "summary" => p.summary = Some(self.text(c)),
                "description" => p.description = Some(self.text(c)),
                "icon" => p.icon = self.attr(c, "path"),
                "infolinks" => p.infolinks = self.infolinks(c),
                "entry-points" => {
                    for en in c.elements() {
                        if !(is_aps(en) && en.name == "entry") {
                            self.unknown(en, "entry-points", &["entry"]);
                            continue;
                        }
                        let label = en.child(Some(APS2_NS), "label").map(|l| self.text(l));
                        p.entry_points.push(EntryPoint {
                            span: en.span,
                            class: self.attr(en, "class"),
                            dst: self.attr(en, "dst"),
                            label,
                        });
                    }
                }
                // Tile colours of the service in control panels.
                "color" | "font-color" => {}
                _ => self.unknown(c, "presentation", KNOWN),
            }
        }
        p
    }
}

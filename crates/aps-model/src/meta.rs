//! APP-META.xml (APS 2) as a typed model. Every value keeps its span: text
//! values span the trimmed text (or the start tag when empty), attribute
//! values span the text between the quotes.

mod builder;

use crate::rql::MatchExpr;
use crate::xml::{parse_xml, Element};
use crate::Spanned;
use aps_diag::{Diagnostic, SourceFile, Span};
use builder::Builder;
use std::sync::Arc;

/// The APS 2 metadata namespace.
pub const APS2_NS: &str = "http://aps-standard.org/ns/2";
/// The APS 1.x metadata namespace (recognised, not supported).
pub const APS1_NS: &str = "http://apstandard.com/ns/1";

/// The model of an APP-META.xml file.
#[derive(Debug, Clone)]
pub struct AppMeta {
    pub file: Arc<SourceFile>,
    /// The `<application>` element.
    pub span: Span,
    /// Its start tag.
    pub start_tag: Span,
    /// `<application version="2.0">`: the APS version the package targets.
    pub aps_version: Option<Spanned<String>>,
    /// `<application packaged="…">`, set by build tools.
    pub packaged: Option<Spanned<String>>,
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub release: Option<Spanned<String>>,
    pub homepage: Option<Spanned<String>>,
    pub vendor: Option<Party>,
    pub packager: Option<Party>,
    pub presentation: Option<Presentation>,
    pub license: Option<LicenseAgreement>,
    pub upgrade: Option<MatchSpec>,
    pub patch: Option<MatchSpec>,
    pub services: Vec<Service>,
    pub privileges: Vec<Privilege>,
    /// `<master-package>`: the package is an add-on of another (a localisation add-on
    /// made by `aps localize`), and declares no services of its own.
    pub master_package: Option<Span>,
}

/// `<vendor>` or `<packager>`.
#[derive(Debug, Clone)]
pub struct Party {
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub homepage: Option<Spanned<String>>,
    pub uri: Option<Spanned<String>>,
    pub icon: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Presentation {
    pub span: Span,
    pub summary: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    /// `<icon path>`.
    pub icon: Option<Spanned<String>>,
    pub screenshots: Vec<Screenshot>,
    pub changelog: Vec<ChangelogVersion>,
    pub categories: Vec<Spanned<String>>,
    pub languages: Vec<Spanned<String>>,
    /// `<navigation>` trees (each a [`NavNode`] of kind [`NavKind::Navigation`]).
    pub navigation: Vec<NavNode>,
}

#[derive(Debug, Clone)]
pub struct Screenshot {
    pub span: Span,
    pub path: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct ChangelogVersion {
    pub span: Span,
    pub version: Option<Spanned<String>>,
    pub release: Option<Spanned<String>>,
    pub entries: Vec<Spanned<String>>,
}

/// Kinds of node in a navigation tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NavKind {
    Navigation,
    Item,
    View,
    ViewPlugin,
    Popup,
    Wizard,
    WizardView,
}

impl NavKind {
    pub fn element_name(self) -> &'static str {
        match self {
            NavKind::Navigation => "navigation",
            NavKind::Item => "item",
            NavKind::View => "view",
            NavKind::ViewPlugin => "view-plugin",
            NavKind::Popup => "popup",
            NavKind::Wizard => "wizard",
            NavKind::WizardView => "wizard-view",
        }
    }
    fn from_element(name: &str) -> Option<NavKind> {
        Some(match name {
            "navigation" => NavKind::Navigation,
            "item" => NavKind::Item,
            "view" => NavKind::View,
            "view-plugin" => NavKind::ViewPlugin,
            "popup" => NavKind::Popup,
            "wizard" => NavKind::Wizard,
            "wizard-view" => NavKind::WizardView,
            _ => return None,
        })
    }
}

/// A `<navigation>`, `<item>`, `<view>`, `<view-plugin>` or `<popup>` and what it holds.
#[derive(Debug, Clone)]
pub struct NavNode {
    pub kind: NavKind,
    pub span: Span,
    pub name_span: Span,
    pub id: Option<Spanned<String>>,
    pub label: Option<Spanned<String>>,
    /// The UI file (`ui/servers.js`), for views, popups and view-plugins.
    pub src: Option<Spanned<String>>,
    pub icon: Option<Spanned<String>>,
    pub visible: Option<Spanned<String>>,
    pub vars: Vec<Var>,
    pub plugs_to: Vec<Spanned<String>>,
    pub controls: Vec<Control>,
    pub params: Vec<Param>,
    pub placeholders: Vec<Spanned<String>>,
    pub children: Vec<NavNode>,
}

impl NavNode {
    /// This node and every descendant, depth first.
    pub fn walk(&self) -> Vec<&NavNode> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(n.children.iter().rev());
        }
        out
    }
}

/// A navigation variable: `<var name type-id required collection filter/>`.
#[derive(Debug, Clone)]
pub struct Var {
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub type_id: Option<Spanned<String>>,
    pub required: Option<Spanned<bool>>,
    pub collection: Option<Spanned<bool>>,
    pub filter: Option<Spanned<String>>,
}

/// A view control (`<submit label="Save"/>`, `<cancel/>`, …).
#[derive(Debug, Clone)]
pub struct Control {
    pub span: Span,
    pub kind: Spanned<String>,
    pub id: Option<Spanned<String>>,
    pub label: Option<Spanned<String>>,
}

/// A view parameter: `<param name type required/>`.
#[derive(Debug, Clone)]
pub struct Param {
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub ty: Option<Spanned<String>>,
    pub required: Option<Spanned<bool>>,
}

#[derive(Debug, Clone, Default)]
pub struct LicenseAgreement {
    pub span: Span,
    pub must_accept: Option<Spanned<bool>>,
    /// The `<free/>` element, when present.
    pub free: Option<Span>,
    pub text: Option<LicenseText>,
}

/// `<text><name/><file/> | <url/></text>`.
#[derive(Debug, Clone)]
pub struct LicenseText {
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub file: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
}

/// `<upgrade match="…"/>` or `<patch match="…"/>`.
#[derive(Debug, Clone)]
pub struct MatchSpec {
    pub span: Span,
    /// The attribute as written.
    pub text: Option<Spanned<String>>,
    /// The parsed expression (None when absent or malformed; the problem is reported).
    pub expr: Option<MatchExpr>,
}

#[derive(Debug, Clone, Default)]
pub struct Service {
    pub span: Span,
    pub id: Option<Spanned<String>>,
    /// `<schema path>`.
    pub schema: Option<Spanned<String>>,
    pub code: Option<Code>,
    pub presentation: Option<ServicePresentation>,
}

impl Service {
    pub fn id_str(&self) -> &str {
        self.id.as_ref().map_or("", |s| s.value.as_str())
    }
    /// Is the service implemented in PHP (so `aps build` can derive its schema)?
    pub fn is_php(&self) -> bool {
        self.code
            .as_ref()
            .and_then(|c| c.engine.as_ref())
            .is_some_and(|e| e.value.eq_ignore_ascii_case("php"))
    }
}

/// `<code engine="php" path="scripts/apps.php"/>`.
#[derive(Debug, Clone)]
pub struct Code {
    pub span: Span,
    pub engine: Option<Spanned<String>>,
    pub path: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct ServicePresentation {
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub icon: Option<Spanned<String>>,
    pub infolinks: Vec<InfoLink>,
    pub entry_points: Vec<EntryPoint>,
}

#[derive(Debug, Clone)]
pub struct InfoLink {
    pub span: Span,
    pub class: Option<Spanned<String>>,
    pub href: Option<Spanned<String>>,
    pub text: Spanned<String>,
}

/// `<entry-points><entry class dst><label/></entry></entry-points>`.
#[derive(Debug, Clone)]
pub struct EntryPoint {
    pub span: Span,
    pub class: Option<Spanned<String>>,
    pub dst: Option<Spanned<String>>,
    pub label: Option<Spanned<String>>,
}

/// `<privileges><privilege name="…"/></privileges>`.
#[derive(Debug, Clone)]
pub struct Privilege {
    pub span: Span,
    pub name: Option<Spanned<String>>,
}

impl AppMeta {
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id_str() == id)
    }
    pub fn id_str(&self) -> &str {
        self.id.as_ref().map_or("", |s| s.value.as_str())
    }
    /// Every navigation node of every tree.
    pub fn nav_nodes(&self) -> Vec<&NavNode> {
        self.presentation.iter().flat_map(|p| p.navigation.iter()).flat_map(|n| n.walk()).collect()
    }
    /// Every navigation variable with the node declaring it.
    pub fn vars(&self) -> Vec<(&NavNode, &Var)> {
        self.nav_nodes().into_iter().flat_map(|n| n.vars.iter().map(move |v| (n, v))).collect()
    }
}

/// Parse an APP-META.xml file into the model. Returns `None` when the file
/// is not well-formed XML or not an APS 2 `<application>` (the reason is a
/// diagnostic). Unknown elements, malformed values and missing required
/// elements are reported, and the model is still returned.
pub fn parse_app_meta(file: &Arc<SourceFile>) -> (Option<AppMeta>, Vec<Diagnostic>) {
    let (doc, mut diags) = parse_xml(file);
    let Some(doc) = doc else { return (None, diags) };
    let meta = app_meta_from_xml(file, &doc.root, &mut diags);
    (meta, diags)
}

/// Build the model from a parsed XML root element.
pub fn app_meta_from_xml(
    file: &Arc<SourceFile>,
    root: &Element,
    diags: &mut Vec<Diagnostic>,
) -> Option<AppMeta> {
    let mut b = Builder { file, diags };
    b.application(root)
}

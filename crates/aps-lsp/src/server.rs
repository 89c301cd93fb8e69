//! The main loop: documents in, findings out, requests answered from the last check.

use crate::convert::{self, LineIndex};
use crate::{nav, uri, Checker};
use aps_diag::{Diagnostic, Rule};
use aps_model::{DirSource, OverlaySource, Package, PackageSource};
use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    CompletionOptions, HoverProviderCapability, InitializeParams, OneOf, PublishDiagnosticsParams,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the server behaves; clients may change each setting through `initializationOptions`
/// (`debounceMs`, `rulesDocsUrl`).
#[derive(Debug, Clone)]
pub struct Options {
    /// Quiet period after a change before the package is checked again; changes arriving
    /// within it are checked together.
    pub debounce: Duration,
    /// The page a code's `codeDescription` links to (`#<code>` is appended); empty sends none.
    pub docs_url: String,
}

impl Default for Options {
    fn default() -> Self {
        Options { debounce: Duration::from_millis(30), docs_url: String::new() }
    }
}

/// What is checked together: a package (the folder holding APP-META.xml), or one file
/// outside any package.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Unit {
    Package(PathBuf),
    Lone(PathBuf),
}

pub(crate) struct Doc {
    version: i32,
    pub text: String,
    unit: Unit,
}

/// A published finding, kept for hover and code actions.
pub(crate) struct Stored {
    pub lsp: lsp_types::Diagnostic,
    pub rule: &'static Rule,
    /// The file the finding is in, as checked, and its fix.
    pub file: Option<std::sync::Arc<aps_diag::SourceFile>>,
    pub fix: Option<aps_diag::Fix>,
}

#[derive(Default)]
pub(crate) struct UnitState {
    pub package: Option<Package>,
    pub diags: BTreeMap<PathBuf, Vec<Stored>>,
}

pub(crate) struct Server<'a> {
    conn: &'a Connection,
    checker: &'a dyn Checker,
    opts: Options,
    pub docs: HashMap<PathBuf, Doc>,
    pub units: HashMap<Unit, UnitState>,
    dirty: HashMap<Unit, Instant>,
}

/// Serve one client on `conn` until it says `exit` (or goes away). Fails only when the
/// client breaks the protocol (no `initialize` first, a closed channel mid-handshake).
pub fn run(conn: Connection, checker: &dyn Checker, defaults: Options) -> Result<(), ProtocolError> {
    let (id, params) = conn.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let opts = options_from(defaults, params.initialization_options.as_ref());
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".into(), ":".into(), " ".into()]),
            ..Default::default()
        }),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo { name: "aps-pack".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    conn.initialize_finish(id, result)?;
    let mut server = Server {
        conn: &conn,
        checker,
        opts,
        docs: HashMap::new(),
        units: HashMap::new(),
        dirty: HashMap::new(),
    };
    server.main_loop()
}

fn options_from(mut opts: Options, init: Option<&Value>) -> Options {
    if let Some(ms) = init.and_then(|v| v.get("debounceMs")).and_then(Value::as_u64) {
        opts.debounce = Duration::from_millis(ms.min(10_000));
    }
    if let Some(url) = init.and_then(|v| v.get("rulesDocsUrl")).and_then(Value::as_str) {
        opts.docs_url = url.to_string();
    }
    opts
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), ProtocolError> {
        loop {
            let next = self.dirty.values().min().copied();
            let msg = match next {
                Some(at) => {
                    match self.conn.receiver.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(msg) => Some(msg),
                        Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
                        Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                None => match self.conn.receiver.recv() {
                    Ok(msg) => Some(msg),
                    Err(_) => return Ok(()),
                },
            };
            match msg {
                Some(Message::Request(req)) => {
                    if self.conn.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    self.request(req);
                }
                Some(Message::Notification(n)) => {
                    if n.method == lsp_types::notification::Exit::METHOD {
                        return Ok(());
                    }
                    self.notification(n);
                }
                Some(Message::Response(_)) => {}
                None => {}
            }
            self.check_due();
        }
    }

    /// Check every unit whose quiet period is over.
    fn check_due(&mut self) {
        let now = Instant::now();
        let due: BTreeSet<Unit> =
            self.dirty.iter().filter(|(_, at)| **at <= now).map(|(u, _)| u.clone()).collect();
        for unit in due {
            self.dirty.remove(&unit);
            self.check(&unit);
        }
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = uri::to_path(&p.text_document.uri) else { return };
                let unit = self.unit_of(&path);
                self.docs.insert(
                    path,
                    Doc { version: p.text_document.version, text: p.text_document.text, unit: unit.clone() },
                );
                self.dirty.insert(unit, Instant::now());
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = uri::to_path(&p.text_document.uri) else { return };
                let debounce = self.opts.debounce;
                let Some(doc) = self.docs.get_mut(&path) else { return };
                // Full sync: the last change holds the whole text.
                if let Some(change) = p.content_changes.into_iter().rev().find(|c| c.range.is_none()) {
                    doc.text = change.text;
                    doc.version = p.text_document.version;
                    let unit = doc.unit.clone();
                    self.dirty.insert(unit, Instant::now() + debounce);
                }
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                if let Some(doc) = uri::to_path(&p.text_document.uri).and_then(|path| self.docs.get(&path)) {
                    self.dirty.insert(doc.unit.clone(), Instant::now() + self.opts.debounce);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = uri::to_path(&p.text_document.uri) else { return };
                let Some(doc) = self.docs.remove(&path) else { return };
                if self.docs.values().any(|d| d.unit == doc.unit) {
                    // The file is read from disk again: its saved text may differ.
                    self.dirty.insert(doc.unit, Instant::now() + self.opts.debounce);
                } else {
                    // Nothing of the package is open: forget it, and clear what it showed.
                    self.dirty.remove(&doc.unit);
                    if let Some(state) = self.units.remove(&doc.unit) {
                        for file in state.diags.keys() {
                            self.publish(file, Vec::new(), None);
                        }
                    }
                    self.publish(&path, Vec::new(), None);
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, req: Request) {
        use lsp_types::request::*;
        let id = req.id.clone();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| match req.method.as_str() {
            HoverRequest::METHOD => self.answer::<HoverRequest>(req, nav::hover),
            GotoDefinition::METHOD => self.answer::<GotoDefinition>(req, nav::definition),
            Completion::METHOD => self.answer::<Completion>(req, nav::completion),
            CodeActionRequest::METHOD => self.answer::<CodeActionRequest>(req, crate::actions::code_actions),
            _ => Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("unknown method {}", req.method),
            ),
        }));
        let response = match result {
            Ok(r) => r,
            // A bug must not take the editor's server down: the request gets an empty answer.
            Err(_) => {
                eprintln!("aps-pack server: internal error while answering a request");
                Response::new_ok(id, Value::Null)
            }
        };
        let _ = self.conn.sender.send(Message::Response(response));
    }

    /// Decode a request's parameters, bring its document's findings up to date, answer.
    fn answer<R: lsp_types::request::Request>(
        &mut self,
        req: Request,
        f: fn(&Server<'_>, R::Params) -> R::Result,
    ) -> Response
    where
        R::Params: DocumentOf,
    {
        let params: R::Params = match serde_json::from_value(req.params) {
            Ok(p) => p,
            Err(e) => return Response::new_err(req.id, ErrorCode::InvalidParams as i32, e.to_string()),
        };
        if let Some(unit) = params.document().and_then(|p| self.docs.get(&p)).map(|d| d.unit.clone()) {
            if self.dirty.remove(&unit).is_some() {
                self.check(&unit);
            }
        }
        let result = f(self, params);
        Response::new_ok(req.id, serde_json::to_value(result).unwrap_or(Value::Null))
    }

    /// The package a file belongs to: the nearest folder above it holding APP-META.xml
    /// (on disk or open).
    fn unit_of(&self, path: &Path) -> Unit {
        let mut dir = path.parent();
        while let Some(d) = dir {
            let meta = d.join(aps_model::APP_META);
            if self.docs.contains_key(&meta) || meta.is_file() {
                return Unit::Package(d.to_path_buf());
            }
            dir = d.parent();
        }
        Unit::Lone(path.to_path_buf())
    }

    /// Check a unit and publish what changed.
    fn check(&mut self, unit: &Unit) {
        let checked = std::panic::catch_unwind(AssertUnwindSafe(|| self.run_checker(unit)));
        let (package, diagnostics, fallback) = match checked {
            Ok(found) => found,
            Err(_) => {
                eprintln!("aps-pack server: internal error while checking {unit:?}");
                return;
            }
        };
        let mut by_file: BTreeMap<PathBuf, Vec<Stored>> = BTreeMap::new();
        let mut indexes: HashMap<String, LineIndex> = HashMap::new();
        for d in &diagnostics {
            let path = d.display_path().map(PathBuf::from).unwrap_or_else(|| fallback.clone());
            let index = d
                .file
                .as_ref()
                .map(|f| &*indexes.entry(f.path().to_string()).or_insert_with(|| convert::index_of(f)));
            by_file.entry(path).or_default().push(stored(d, index, &self.opts.docs_url));
        }
        for list in by_file.values_mut() {
            list.sort_by(|a, b| {
                let key = |s: &Stored| (s.lsp.range.start.line, s.lsp.range.start.character, s.rule.code);
                key(a).cmp(&key(b))
            });
        }
        let old = self.units.remove(unit).unwrap_or_default();
        let files: BTreeSet<PathBuf> = old.diags.keys().chain(by_file.keys()).cloned().collect();
        for file in files {
            let new: Vec<lsp_types::Diagnostic> =
                by_file.get(&file).map(|l| l.iter().map(|s| s.lsp.clone()).collect()).unwrap_or_default();
            let before: Vec<&lsp_types::Diagnostic> =
                old.diags.get(&file).map(|l| l.iter().map(|s| &s.lsp).collect()).unwrap_or_default();
            let open = self.docs.get(&file).map(|d| d.version);
            if open.is_some() || before.len() != new.len() || before.iter().zip(&new).any(|(a, b)| *a != b) {
                self.publish(&file, new, open);
            }
        }
        // An open file of the unit without findings was never published: say it is clean.
        let open_clean: Vec<(PathBuf, i32)> = self
            .docs
            .iter()
            .filter(|(p, d)| d.unit == *unit && !by_file.contains_key(*p) && !old.diags.contains_key(*p))
            .map(|(p, d)| (p.clone(), d.version))
            .collect();
        for (path, version) in open_clean {
            self.publish(&path, Vec::new(), Some(version));
        }
        by_file.retain(|_, l| !l.is_empty());
        self.units.insert(unit.clone(), UnitState { package, diags: by_file });
    }

    fn run_checker(&self, unit: &Unit) -> (Option<Package>, Vec<Diagnostic>, PathBuf) {
        match unit {
            Unit::Package(root) => {
                let overlay: BTreeMap<String, Arc<[u8]>> = self
                    .docs
                    .iter()
                    .filter(|(_, d)| d.unit == *unit)
                    .filter_map(|(p, d)| {
                        let rel = p.strip_prefix(root).ok()?.to_str()?.replace('\\', "/");
                        Some((rel, Arc::from(d.text.as_bytes())))
                    })
                    .collect();
                let base: Arc<dyn PackageSource> =
                    Arc::new(DirSource::new(root, root.to_string_lossy().into_owned()));
                let source: Arc<dyn PackageSource> = Arc::new(OverlaySource::new(base, overlay));
                let checked = self.checker.check_package(root, source);
                (checked.package, checked.diagnostics, root.join(aps_model::APP_META))
            }
            Unit::Lone(path) => {
                let text = self.docs.get(path).map(|d| d.text.as_str()).unwrap_or_default();
                (None, self.checker.check_file(path, text), path.clone())
            }
        }
    }

    fn publish(&self, path: &Path, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let Some(uri) = uri::from_path(path) else { return };
        let params = PublishDiagnosticsParams { uri, diagnostics, version };
        let n = Notification::new(lsp_types::notification::PublishDiagnostics::METHOD.into(), params);
        let _ = self.conn.sender.send(Message::Notification(n));
    }

    /// The open document at `path`, with the state of its unit.
    pub(crate) fn doc(&self, path: &Path) -> Option<(&Doc, Option<&UnitState>)> {
        let doc = self.docs.get(path)?;
        Some((doc, self.units.get(&doc.unit)))
    }

    /// The package root of an open document, if it is in one.
    pub(crate) fn root_of(doc: &Doc) -> Option<&Path> {
        match &doc.unit {
            Unit::Package(root) => Some(root),
            Unit::Lone(_) => None,
        }
    }
}

fn stored(d: &Diagnostic, index: Option<&LineIndex>, docs_url: &str) -> Stored {
    Stored {
        lsp: convert::diagnostic(d, index, docs_url),
        rule: d.rule,
        file: d.file.clone(),
        fix: d.fix.clone(),
    }
}

/// The document a request is about.
pub(crate) trait DocumentOf {
    fn document(&self) -> Option<PathBuf>;
}

impl DocumentOf for lsp_types::HoverParams {
    fn document(&self) -> Option<PathBuf> {
        uri::to_path(&self.text_document_position_params.text_document.uri)
    }
}
impl DocumentOf for lsp_types::GotoDefinitionParams {
    fn document(&self) -> Option<PathBuf> {
        uri::to_path(&self.text_document_position_params.text_document.uri)
    }
}
impl DocumentOf for lsp_types::CompletionParams {
    fn document(&self) -> Option<PathBuf> {
        uri::to_path(&self.text_document_position.text_document.uri)
    }
}
impl DocumentOf for lsp_types::CodeActionParams {
    fn document(&self) -> Option<PathBuf> {
        uri::to_path(&self.text_document.uri)
    }
}

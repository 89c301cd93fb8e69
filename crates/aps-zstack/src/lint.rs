//! Lint of a ZStack application version folder.

use crate::appdir::{self, Listing, SkipReason};
use crate::rules::{self, InvalidValue, MissingField, NotPacked, UnknownField, UnsafeName, UnsupportedEntry};
use crate::schema::{self, Violation, ViolationKind, Which};
use crate::{names, qcow2, terraform};
use aps_diag::Violation as _;
use aps_diag::{did_you_mean, Diagnostic, SourceFile, Span};
use aps_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the caller knows beyond the folder itself.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// The repository folder the version will be published under
    /// (`REPO/<app>/<arch>/<version>`), such as `--app-id`. When `None`, it is
    /// taken from the folder's own place if that looks like `<app>/<arch>/<version>`.
    pub app_folder: Option<String>,
    /// The disk image that will ship with this version (`--image`).
    pub image: Option<PathBuf>,
}

/// Whether `dir` is a ZStack application version folder (it holds `application.json`).
pub fn is_app_dir(dir: &Path) -> bool {
    appdir::is_app_dir(dir)
}

/// Check the version folder `dir`, shown as `display` in diagnostics.
pub fn lint_app_dir(dir: &Path, display: &str, opts: &LintOptions) -> Vec<Diagnostic> {
    analyse(dir, display, opts).diagnostics
}

/// The result of reading a version folder: findings and what packaging needs.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub diagnostics: Vec<Diagnostic>,
    /// `appId` of application.json, if it is a string.
    pub app_id: Option<String>,
    pub listing: Option<Listing>,
}

/// `display/rel`, without doubled separators.
pub(crate) use aps_diag::join_display;

/// A JSON file of the folder, parsed.
pub(crate) struct JsonFile {
    pub file: Arc<SourceFile>,
    pub value: Value,
}

pub(crate) fn analyse(dir: &Path, display: &str, opts: &LintOptions) -> Analysis {
    let mut a = Analysis::default();
    let listing = match appdir::list(dir) {
        Ok(l) => l,
        Err(e) => {
            a.diagnostics.push(
                aps_json::rules::Unreadable::Io { what: "the application folder", error: &e }
                    .diagnostic()
                    .at_path(display),
            );
            return a;
        }
    };
    check_layout(&listing, display, &mut a.diagnostics);

    let app = load_json(dir, display, "application.json", Which::Application, &mut a.diagnostics);
    let input = load_json(dir, display, "input.json", Which::Input, &mut a.diagnostics);
    let output = load_json(dir, display, "output.json", Which::Output, &mut a.diagnostics);
    if dir.join("steps.json").is_file() {
        load_json(dir, display, "steps.json", Which::Steps, &mut a.diagnostics);
    }

    if let Some(app) = &app {
        a.app_id = app.value.get("appId").and_then(Value::as_str).map(str::to_string);
        rules::app_id_folder_mismatch::check(dir, app, opts, &mut a.diagnostics);
    }
    let params = input.as_ref().map(|f| check_params(f, &mut a.diagnostics));
    if let Some(output) = &output {
        rules::duplicate_name::check(output, "output", &mut a.diagnostics);
    }
    rules::logo_not_png::check(dir, display, &listing, &mut a.diagnostics);
    check_terraform(
        dir,
        display,
        &listing,
        input.as_ref(),
        params.as_ref(),
        output.as_ref(),
        &mut a.diagnostics,
    );
    if let Some(image) = &opts.image {
        let image_display = image.display().to_string();
        let inspection = qcow2::inspect(image, &image_display);
        a.diagnostics.extend(inspection.diagnostics);
        if let (Some(header), Some(Some(root)), Some(input)) =
            (inspection.header, params.as_ref().map(|p| p.min_root_disk.as_ref()), &input)
        {
            rules::image_exceeds_root_disk::check(&header, root, input, &image_display, &mut a.diagnostics);
        }
    }
    a.listing = Some(listing);
    a
}

fn check_layout(listing: &Listing, display: &str, diags: &mut Vec<Diagnostic>) {
    // The packer's walk says why it leaves an entry out; the findings keep its order.
    for s in &listing.skipped {
        let path = join_display(display, &s.rel);
        let rel = s.rel.as_str();
        diags.push(match &s.why {
            SkipReason::NotPacked(why) => NotPacked { rel }.diagnostic().at_path(path).with_note(*why),
            SkipReason::Unsupported(why) => UnsupportedEntry { rel, why }.diagnostic().at_path(path),
        });
    }
    let top: HashMap<&str, bool> =
        listing.entries.iter().filter(|e| !e.rel.contains('/')).map(|e| (e.rel.as_str(), e.is_dir)).collect();
    rules::missing_app_file::check(&top, display, diags);
    rules::missing_src::check(&top, display, diags);
    rules::unexpected_entry::check(&top, display, diags);
}

fn load_json(
    dir: &Path,
    display: &str,
    name: &str,
    which: Which,
    diags: &mut Vec<Diagnostic>,
) -> Option<JsonFile> {
    let path = dir.join(name);
    if !path.is_file() {
        return None; // reported by check_layout
    }
    let shown = join_display(display, name);
    let (file, mut read_diags) = match aps_json::read_source(&path, &shown) {
        Ok(x) => x,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    diags.append(&mut read_diags);
    let parsed = aps_json::parse(&file, &aps_json::Options::default());
    diags.extend(parsed.diagnostics);
    let value = parsed.value?;
    for v in schema::validate(which, &value) {
        diags.push(violation_diagnostic(which, &file, &value, v));
    }
    Some(JsonFile { file, value })
}

/// "parameter `cpu_num`" / "output #2" / "application.json" for messages.
fn owner_of(which: Which, root: &Value, pointer: &str) -> (String, String) {
    let mut tokens = pointer.split('/').skip(1).map(aps_json::schema::unescape_token);
    let (owner, rest): (String, Vec<String>) = match which {
        Which::Input | Which::Output => {
            let kind = if which == Which::Input { "parameter" } else { "output" };
            match tokens.next() {
                Some(idx) => {
                    let label = idx
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| root.as_array()?.get(i))
                        .and_then(|item| item.get("name")?.as_str().map(|n| format!("{kind} `{n}`")))
                        .unwrap_or_else(|| {
                            format!("{kind} #{}", idx.parse::<usize>().map(|i| i + 1).unwrap_or(0))
                        });
                    (label, tokens.collect())
                }
                None => (which_file(which).to_string(), Vec::new()),
            }
        }
        _ => (which_file(which).to_string(), tokens.collect()),
    };
    (owner, rest.join("."))
}

fn which_file(which: Which) -> &'static str {
    match which {
        Which::Application => "application.json",
        Which::Input => "input.json",
        Which::Output => "output.json",
        Which::Steps => "steps.json",
    }
}

/// The schema's refusals as findings: the one pass over the schema's output, where a
/// refusal's kind (and, for a pattern, the field) chooses the code.
fn violation_diagnostic(which: Which, file: &Arc<SourceFile>, root: &Value, v: Violation) -> Diagnostic {
    let Violation { pointer, span, kind } = v;
    let at = root.pointer(&pointer);
    let span = span.unwrap_or(root.span);
    let (owner, field) = owner_of(which, root, &pointer);
    let (owner, field) = (owner.as_str(), field.as_str());
    let minimum = matches!(kind, ViolationKind::Minimum { .. });
    match kind {
        ViolationKind::Type { expected } => {
            let expected = expected.join(" or ");
            let found = at.map_or("null", Value::type_name);
            InvalidValue::Type { field, owner, expected: &expected, found }
                .diagnostic()
                .at(file, span)
                .with_label(format!("expected {expected}"))
        }
        ViolationKind::Required { field } => {
            let present: Vec<&str> =
                at.and_then(Value::as_object).map(|o| o.keys().collect()).unwrap_or_default();
            let describe = schema::describe(which, &pointer, &field);
            MissingField {
                owner,
                field: &field,
                present: did_you_mean(&field, present.iter().copied()),
                describe,
            }
            .diagnostic()
            .at(file, Span::new(span.start, span.start + 1))
            .with_label("in this object")
        }
        ViolationKind::Unknown { key, key_span, allowed } => {
            UnknownField { key: &key, owner, allowed: &allowed }
                .diagnostic()
                .at(file, key_span.unwrap_or(span))
                .with_label("not part of the schema; the server ignores it")
        }
        ViolationKind::MinLength { .. } => {
            InvalidValue::Empty { field, owner }.diagnostic().at(file, span).with_label("empty")
        }
        ViolationKind::Pattern { pattern } => {
            let value = at.and_then(Value::as_str).unwrap_or_default();
            let explain = schema::explain(&pattern);
            if which == Which::Application && pointer == "/appId" {
                let reason = names::unsafe_name_reason(value).unwrap_or_default();
                UnsafeName { app_id: value, reason: &reason, explain }
                    .diagnostic()
                    .at(file, span)
                    .with_label("used as REPO/<appId>/… and in the installer")
            } else {
                InvalidValue::Pattern { field, owner, value, explain }
                    .diagnostic()
                    .at(file, span)
                    .with_label("not allowed here")
            }
        }
        ViolationKind::Minimum { limit } | ViolationKind::Maximum { limit } if limit.as_f64().is_some() => {
            let limit = limit.as_f64().unwrap_or_default();
            InvalidValue::OutOfRange { field, owner, minimum, limit }
                .diagnostic()
                .at(file, span)
                .with_label("out of range")
        }
        _ => InvalidValue::Mismatch { field, owner, file: which_file(which) }
            .diagnostic()
            .at(file, span)
            .with_label("not allowed here"),
    }
}

/// The smallest root disk `input.json` allows.
#[derive(Debug, Clone)]
pub(crate) struct RootDisk {
    pub bytes: u64,
    pub span: Span,
    pub field: &'static str,
    pub param: String,
}

/// What the parameters of `input.json` declare.
#[derive(Debug, Default)]
pub(crate) struct Params {
    /// Names with the span of their value in input.json, and whether they carry a `ZStack::` tag.
    pub names: Vec<(String, Span, bool)>,
    pub min_root_disk: Option<RootDisk>,
}

/// The parameters of input.json: their names and bounds checked, what the other checks need.
fn check_params(input: &JsonFile, diags: &mut Vec<Diagnostic>) -> Params {
    let mut params = Params::default();
    rules::duplicate_name::check(input, "parameter", diags);
    let Some(items) = input.value.as_array() else { return params };
    for item in items {
        let Some(obj) = item.as_object() else { continue };
        let name = obj.get("name").and_then(|v| v.as_str().map(|s| (s.to_string(), v.span)));
        let tag = obj.get("tag").and_then(Value::as_str);
        if let Some((n, span)) = &name {
            params.names.push((n.clone(), *span, tag.is_some_and(|t| t.starts_with("ZStack::"))));
        }
        let label = name.as_ref().map(|(n, _)| format!("`{n}`")).unwrap_or_else(|| "this parameter".into());
        rules::parameter_range::check(input, obj, &label, diags);
        let is_root_disk =
            tag == Some("ZStack::rootDiskSize") || name.as_ref().is_some_and(|(n, _)| n == "root_disk_size");
        if is_root_disk && params.min_root_disk.is_none() {
            let min = obj.get_member("min").filter(|m| m.value.as_f64().is_some());
            let bound = min
                .map(|m| ("min", &m.value))
                .or_else(|| obj.get_member("default_value").map(|m| ("default_value", &m.value)));
            if let Some((field, v)) = bound {
                if let Some(x) = v.as_f64().filter(|x| *x > 0.0 && x.is_finite()) {
                    params.min_root_disk = Some(RootDisk {
                        bytes: x as u64,
                        span: v.span,
                        field,
                        param: name.as_ref().map(|(n, _)| n.clone()).unwrap_or_default(),
                    });
                }
            }
        }
    }
    params
}

fn check_terraform(
    dir: &Path,
    display: &str,
    listing: &Listing,
    input: Option<&JsonFile>,
    params: Option<&Params>,
    output: Option<&JsonFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let tf_files: Vec<&str> = listing
        .entries
        .iter()
        .filter(|e| !e.is_dir && e.rel.starts_with("src/") && e.rel.ends_with(".tf"))
        .map(|e| e.rel.as_str())
        .collect();
    if tf_files.is_empty() {
        return;
    }
    let mut used = BTreeSet::new();
    let mut outputs = BTreeSet::new();
    let declared: Vec<&str> =
        params.map(|p| p.names.iter().map(|(n, _, _)| n.as_str()).collect()).unwrap_or_default();
    let input_is_list = input.is_some_and(|f| f.value.as_array().is_some());
    for rel in tf_files {
        let shown = join_display(display, rel);
        let (file, read_diags) = match aps_json::read_source(&dir.join(rel), &shown) {
            Ok(x) => x,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        diags.extend(read_diags);
        let refs = terraform::template_refs(file.text());
        if input_is_list {
            rules::undeclared_template_variable::check(&file, &refs, &declared, diags);
        }
        used.extend(refs.into_iter().map(|r| r.name));
        outputs.extend(terraform::output_blocks(file.text()).into_iter().map(|b| b.name));
    }
    if let (Some(input), Some(params)) = (input, params) {
        rules::unused_parameter::check(input, params, &used, diags);
    }
    if let Some(output) = output {
        rules::output_not_in_terraform::check(output, &outputs, diags);
    }
}

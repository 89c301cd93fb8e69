//! Lint of a ZStack application version folder.

use crate::appdir::{self, Listing, SkipReason, OPTIONAL_FILES, REQUIRED_FILES, SRC_DIR};
use crate::schema::{self, Violation, ViolationKind, Which};
use crate::{names, png, qcow2, rules, terraform};
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
struct JsonFile {
    file: Arc<SourceFile>,
    value: Value,
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
        check_app_folder(dir, app, opts, &mut a.diagnostics);
    }
    let params = input.as_ref().map(|f| check_params(f, &mut a.diagnostics));
    if let Some(output) = &output {
        check_duplicate_names(output, "output", &mut a.diagnostics);
    }
    check_logo(dir, display, &listing, &mut a.diagnostics);
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
            if header.size > root.bytes {
                a.diagnostics.push(
                    Diagnostic::new(
                        &rules::IMAGE_EXCEEDS_ROOT_DISK,
                        format!(
                            "the image's virtual size ({}) exceeds the smallest root disk input.json allows ({})",
                            qcow2::human_size(header.size),
                            qcow2::human_size(root.bytes)
                        ),
                    )
                    .at_path(image_display.clone())
                    .with_secondary(&input.file, root.span, "smallest root disk size declared here")
                    .with_help(format!(
                        "raise `{}` of `{}` to at least {} (bytes), or shrink the image",
                        root.field, root.param, header.size
                    )),
                );
            }
        }
    }
    a.listing = Some(listing);
    a
}

fn check_layout(listing: &Listing, display: &str, diags: &mut Vec<Diagnostic>) {
    for s in &listing.skipped {
        let path = join_display(display, &s.rel);
        match &s.why {
            SkipReason::NotPacked(why) => diags.push(
                Diagnostic::new(
                    &rules::NOT_PACKED,
                    format!("`{}` is not packed into application.tar.gz", s.rel),
                )
                .at_path(path)
                .with_note(*why)
                .with_help("move it out of the application folder"),
            ),
            SkipReason::Unsupported(why) => diags.push(
                Diagnostic::new(&rules::UNSUPPORTED_ENTRY, format!("`{}` cannot be packed: {why}", s.rel))
                    .at_path(path)
                    .with_help(
                        "replace a link by the file it points to; remove special files; rename the entry",
                    ),
            ),
        }
    }
    let top: HashMap<&str, bool> =
        listing.entries.iter().filter(|e| !e.rel.contains('/')).map(|e| (e.rel.as_str(), e.is_dir)).collect();
    for name in REQUIRED_FILES {
        match top.get(name) {
            None => diags.push(
                Diagnostic::new(&rules::MISSING_APP_FILE, format!("`{name}` is missing"))
                    .at_path(join_display(display, name))
                    .with_help(match *name {
                        "logo.png" => "add the application's logo as a PNG image",
                        _ => "the marketplace server reads this file when it imports the version",
                    }),
            ),
            Some(true) => diags.push(
                Diagnostic::new(&rules::MISSING_APP_FILE, format!("`{name}` is a folder, expected a file"))
                    .at_path(join_display(display, name)),
            ),
            Some(false) => {}
        }
    }
    match top.get(SRC_DIR) {
        None => diags.push(
            Diagnostic::new(&rules::MISSING_SRC, "the `src/` folder with the Terraform files is missing")
                .at_path(join_display(display, "src"))
                .with_help("add `src/` with the `.tf` files that deploy the application"),
        ),
        Some(false) => diags.push(
            Diagnostic::new(&rules::MISSING_SRC, "`src` is a file, expected the folder of Terraform files")
                .at_path(join_display(display, "src")),
        ),
        Some(true) => {}
    }
    let known: Vec<&str> = REQUIRED_FILES.iter().chain(OPTIONAL_FILES).copied().chain([SRC_DIR]).collect();
    for (name, _) in top.iter().filter(|(n, _)| !known.contains(n)) {
        diags.push(
            Diagnostic::new(
                &rules::UNEXPECTED_ENTRY,
                format!("`{name}` is packed, but the marketplace server does not read it"),
            )
            .at_path(join_display(display, name))
            .with_help_opt(
                did_you_mean(name, known.iter().copied())
                    .map(|k| format!("did you mean `{k}`?"))
                    .or_else(|| Some("move it into `src/` or out of the application folder".into())),
            ),
        );
    }
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

fn violation_diagnostic(which: Which, file: &Arc<SourceFile>, root: &Value, v: Violation) -> Diagnostic {
    let Violation { pointer, span, kind } = v;
    let at = root.pointer(&pointer);
    let span = span.unwrap_or(root.span);
    match kind {
        ViolationKind::Type { expected } => {
            let expected = expected.join(" or ");
            let found = at.map_or("null", Value::type_name);
            let (owner, field) = owner_of(which, root, &pointer);
            let what = if field.is_empty() { owner } else { format!("`{field}` of {owner}") };
            let what = if pointer.is_empty() { which_file(which).to_string() } else { what };
            Diagnostic::new(
                &rules::INVALID_VALUE,
                format!("{what} must be {}, found {found}", article(&expected)),
            )
            .at(file, span)
            .with_label(format!("expected {expected}"))
            .with_help_opt(if expected == "number" && found == "string" {
                Some("write the number without quotes".to_string())
            } else {
                None
            })
        }
        ViolationKind::Required { field } => {
            let (owner, _) = owner_of(which, root, &pointer);
            let present: Vec<&str> =
                at.and_then(Value::as_object).map(|o| o.keys().collect()).unwrap_or_default();
            let close = did_you_mean(&field, present.iter().copied());
            let help = match close {
                Some(k) => format!("`{k}` is present: did you mean `{field}`?"),
                None => match schema::describe(which, &pointer, &field) {
                    Some(d) => format!("add `\"{field}\"`: {d}"),
                    None => format!("add `\"{field}\"`"),
                },
            };
            Diagnostic::new(&rules::MISSING_FIELD, format!("{owner} is missing the required field `{field}`"))
                .at(file, Span::new(span.start, span.start + 1))
                .with_label("in this object")
                .with_help(help)
        }
        ViolationKind::Unknown { key, key_span, allowed } => {
            let (owner, _) = owner_of(which, root, &pointer);
            let help = match did_you_mean(&key, allowed.iter().map(String::as_str)) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!(
                    "known fields: {}",
                    allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            Diagnostic::new(&rules::UNKNOWN_FIELD, format!("unknown field `{key}` in {owner}"))
                .at(file, key_span.unwrap_or(span))
                .with_label("not part of the schema; the server ignores it")
                .with_help(help)
        }
        ViolationKind::MinLength { .. } => {
            let (owner, field) = owner_of(which, root, &pointer);
            let what = if field.is_empty() { owner } else { format!("`{field}` of {owner}") };
            Diagnostic::new(&rules::INVALID_VALUE, format!("{what} must not be empty"))
                .at(file, span)
                .with_label("empty")
        }
        ViolationKind::Pattern { pattern } => {
            let value = at.and_then(Value::as_str).unwrap_or_default().to_string();
            let explain = schema::explain(&pattern);
            if which == Which::Application && pointer == "/appId" {
                let reason = names::unsafe_name_reason(&value).unwrap_or_default();
                Diagnostic::new(
                    &rules::UNSAFE_NAME,
                    format!(
                        "`appId` {} cannot be a repository folder name: {reason}",
                        names::json_string(&value)
                    ),
                )
                .at(file, span)
                .with_label("used as REPO/<appId>/… and in the installer")
                .with_help(format!("use {explain}"))
            } else {
                let (owner, field) = owner_of(which, root, &pointer);
                Diagnostic::new(
                    &rules::INVALID_VALUE,
                    format!("`{field}` of {owner} is {}: expected {explain}", names::json_string(&value)),
                )
                .at(file, span)
                .with_label("not allowed here")
            }
        }
        other => {
            let bound = match &other {
                ViolationKind::Minimum { limit } => limit.as_f64().map(|l| format!("at least {l}")),
                ViolationKind::Maximum { limit } => limit.as_f64().map(|l| format!("at most {l}")),
                _ => None,
            };
            let (owner, field) = owner_of(which, root, &pointer);
            match bound {
                Some(bound) => {
                    Diagnostic::new(&rules::INVALID_VALUE, format!("`{field}` of {owner} must be {bound}"))
                        .at(file, span)
                        .with_label("out of range")
                }
                None => Diagnostic::new(
                    &rules::INVALID_VALUE,
                    format!("`{field}` of {owner} does not match its schema"),
                )
                .at(file, span)
                .with_label("not allowed here")
                .with_help(format!(
                    "see schemas/zstack/{}",
                    which_file(which).replace(".json", ".schema.json")
                )),
            }
        }
    }
}

fn article(t: &str) -> String {
    match t {
        "object" | "array" | "integer" => format!("an {t}"),
        "boolean" | "string" | "number" => format!("a {t}"),
        other => other.to_string(),
    }
}

/// Where the version will be published, from the options or the folder's own place.
fn app_folder(dir: &Path, opts: &LintOptions) -> Option<(String, bool)> {
    if let Some(f) = &opts.app_folder {
        return Some((f.clone(), true));
    }
    let canonical = std::fs::canonicalize(dir).ok()?;
    let arch = canonical.parent()?;
    if !names::ARCHES.contains(&arch.file_name()?.to_str()?) {
        return None;
    }
    Some((arch.parent()?.file_name()?.to_str()?.to_string(), false))
}

fn check_app_folder(dir: &Path, app: &JsonFile, opts: &LintOptions, diags: &mut Vec<Diagnostic>) {
    let Some(member) = app.value.as_object().and_then(|o| o.get_member("appId")) else { return };
    let Some(app_id) = member.value.as_str() else { return };
    let Some((folder, given)) = app_folder(dir, opts) else { return };
    if folder == app_id {
        return;
    }
    let message = if given {
        format!("`appId` is `{app_id}`, but the version is published under the repository folder `{folder}`")
    } else {
        format!("`appId` is `{app_id}`, but the version sits in the application folder `{folder}`")
    };
    let help = if given {
        format!("publish under `{app_id}` (drop `--app-id`), or change `appId` to `{folder}`")
    } else {
        format!(
            "ZStack's index lists this version as `{folder}`; pass `--app-id {folder}` to keep that folder, \
             or rename the folder to `{app_id}`"
        )
    };
    diags.push(
        Diagnostic::new(&rules::APP_ID_FOLDER_MISMATCH, message)
            .at(&app.file, member.value.span)
            .with_label("the server identifies the application by this id")
            .with_help(help),
    );
}

/// The smallest root disk `input.json` allows.
#[derive(Debug, Clone)]
struct RootDisk {
    bytes: u64,
    span: Span,
    field: &'static str,
    param: String,
}

/// What the parameters of `input.json` declare.
#[derive(Debug, Default)]
struct Params {
    /// Names with the span of their value in input.json, and whether they carry a `ZStack::` tag.
    names: Vec<(String, Span, bool)>,
    min_root_disk: Option<RootDisk>,
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn check_params(input: &JsonFile, diags: &mut Vec<Diagnostic>) -> Params {
    let mut params = Params::default();
    check_duplicate_names(input, "parameter", diags);
    let Some(items) = input.value.as_array() else { return params };
    for item in items {
        let Some(obj) = item.as_object() else { continue };
        let name = obj.get("name").and_then(|v| v.as_str().map(|s| (s.to_string(), v.span)));
        let tag = obj.get("tag").and_then(Value::as_str);
        if let Some((n, span)) = &name {
            params.names.push((n.clone(), *span, tag.is_some_and(|t| t.starts_with("ZStack::"))));
        }
        let label = name.as_ref().map(|(n, _)| format!("`{n}`")).unwrap_or_else(|| "this parameter".into());
        let min = obj.get_member("min").filter(|m| number(&m.value).is_some());
        let max = obj.get_member("max").filter(|m| number(&m.value).is_some());
        if let (Some(lo), Some(hi)) = (min, max) {
            if number(&lo.value) > number(&hi.value) {
                diags.push(
                    Diagnostic::new(
                        &rules::PARAMETER_RANGE,
                        format!("`min` of {label} is greater than its `max`"),
                    )
                    .at(&input.file, lo.value.span)
                    .with_label("min")
                    .with_secondary(&input.file, hi.value.span, "max")
                    .with_help("swap them, or correct one of them"),
                );
            }
        }
        if let Some(def) = obj.get_member("default_value") {
            if min.is_some() || max.is_some() {
                match number(&def.value) {
                    None if !def.value.is_null() => diags.push(
                        Diagnostic::new(
                            &rules::PARAMETER_RANGE,
                            format!(
                                "`default_value` of {label} is {} but `min`/`max` are set",
                                def.value.type_name()
                            ),
                        )
                        .at(&input.file, def.value.span)
                        .with_label("expected a number")
                        .with_help("write the default as a number"),
                    ),
                    Some(d) => {
                        if let Some(lo) = min.filter(|lo| number(&lo.value).is_some_and(|x| d < x)) {
                            diags.push(
                                Diagnostic::new(
                                    &rules::PARAMETER_RANGE,
                                    format!("`default_value` of {label} is below its `min`"),
                                )
                                .at(&input.file, def.value.span)
                                .with_label("default")
                                .with_secondary(&input.file, lo.value.span, "min")
                                .with_help("the form would propose a value it rejects; raise the default"),
                            );
                        }
                        if let Some(hi) = max.filter(|hi| number(&hi.value).is_some_and(|x| d > x)) {
                            diags.push(
                                Diagnostic::new(
                                    &rules::PARAMETER_RANGE,
                                    format!("`default_value` of {label} is above its `max`"),
                                )
                                .at(&input.file, def.value.span)
                                .with_label("default")
                                .with_secondary(&input.file, hi.value.span, "max")
                                .with_help("the form would propose a value it rejects; lower the default"),
                            );
                        }
                    }
                    None => {}
                }
            }
        }
        let is_root_disk =
            tag == Some("ZStack::rootDiskSize") || name.as_ref().is_some_and(|(n, _)| n == "root_disk_size");
        if is_root_disk && params.min_root_disk.is_none() {
            let bound = min
                .map(|m| ("min", &m.value))
                .or_else(|| obj.get_member("default_value").map(|m| ("default_value", &m.value)));
            if let Some((field, v)) = bound {
                if let Some(x) = number(v).filter(|x| *x > 0.0 && x.is_finite()) {
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

fn check_duplicate_names(f: &JsonFile, kind: &str, diags: &mut Vec<Diagnostic>) {
    let Some(items) = f.value.as_array() else { return };
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for item in items {
        let Some(v) = item.get("name") else { continue };
        let Some(name) = v.as_str() else { continue };
        if let Some(first) = seen.get(name) {
            diags.push(
                Diagnostic::new(&rules::DUPLICATE_NAME, format!("two {kind}s are named `{name}`"))
                    .at(&f.file, v.span)
                    .with_label("repeated here")
                    .with_secondary(&f.file, *first, "first defined here")
                    .with_help("rename or remove one of them"),
            );
        } else {
            seen.insert(name, v.span);
        }
    }
}

fn check_logo(dir: &Path, display: &str, listing: &Listing, diags: &mut Vec<Diagnostic>) {
    if !listing.entries.iter().any(|e| e.rel == "logo.png" && !e.is_dir) {
        return;
    }
    let shown = join_display(display, "logo.png");
    let path = dir.join("logo.png");
    match std::fs::metadata(&path) {
        Ok(m) if m.len() > aps_json::MAX_SOURCE_BYTES => {
            diags.push(aps_json::too_large(&shown, m.len()));
            return;
        }
        Err(e) => {
            diags.push(
                aps_json::rules::Unreadable::Io { what: "file", error: &e }.diagnostic().at_path(shown),
            );
            return;
        }
        Ok(_) => {}
    }
    match std::fs::read(&path) {
        Ok(bytes) => {
            if let Err(why) = png::check(&bytes) {
                diags.push(
                    Diagnostic::new(
                        &rules::LOGO_NOT_PNG,
                        format!("logo.png is not a valid PNG image: {why}"),
                    )
                    .at_path(shown)
                    .with_help("export the logo again as PNG (ZStack shows only PNG logos)"),
                );
            }
        }
        Err(e) => diags
            .push(aps_json::rules::Unreadable::Io { what: "file", error: &e }.diagnostic().at_path(shown)),
    }
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
        for r in terraform::template_refs(file.text()) {
            if input_is_list && !declared.contains(&r.name.as_str()) {
                diags.push(
                    Diagnostic::new(
                        &rules::UNDECLARED_TEMPLATE_VARIABLE,
                        format!("`{{{{.{}}}}}` has no parameter in input.json", r.name),
                    )
                    .at(&file, r.span)
                    .with_label("rendered from input.json before Terraform runs")
                    .with_help(match did_you_mean(&r.name, declared.iter().copied()) {
                        Some(c) => format!("did you mean `.{c}`?"),
                        None => format!("add a parameter named `{}` to input.json", r.name),
                    }),
                );
            }
            used.insert(r.name);
        }
        outputs.extend(terraform::output_blocks(file.text()).into_iter().map(|b| b.name));
    }
    if let (Some(input), Some(params)) = (input, params) {
        for (name, span, platform) in &params.names {
            if !platform && !used.contains(name) {
                diags.push(
                    Diagnostic::new(
                        &rules::UNUSED_PARAMETER,
                        format!("parameter `{name}` is not used in src/"),
                    )
                    .at(&input.file, *span)
                    .with_label(format!("no `{{{{.{name}}}}}` in any .tf file"))
                    .with_help("use it in a template, or remove it"),
                );
            }
        }
    }
    if let Some(output) = output {
        for item in output.value.as_array().unwrap_or_default() {
            let Some(v) = item.get("name") else { continue };
            let Some(name) = v.as_str() else { continue };
            if !outputs.contains(name) {
                diags.push(
                    Diagnostic::new(
                        &rules::OUTPUT_NOT_IN_TERRAFORM,
                        format!("output `{name}` has no `output \"{name}\"` block in src/"),
                    )
                    .at(&output.file, v.span)
                    .with_label("always empty in the marketplace")
                    .with_help_opt(
                        did_you_mean(name, outputs.iter().map(String::as_str))
                            .map(|c| format!("did you mean `{c}`?"))
                            .or_else(|| {
                                Some(format!("add `output \"{name}\" {{ value = … }}` to a .tf file"))
                            }),
                    ),
                );
            }
        }
    }
}

//! `aps-pack server`: the real binary spoken to over pipes in JSON-RPC with
//! `Content-Length` framing, as an editor does. Every wait has a timeout, so a hung
//! server fails the test instead of hanging the run.

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Lsp {
    child: Child,
    stdin: Option<ChildStdin>,
    inbox: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    seen: Vec<Value>,
}

impl Lsp {
    fn start(cwd: &Path) -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_aps-pack"))
            .args(["server", "--stdio"])
            .current_dir(cwd)
            // The rule documentation page is written under the cache folder.
            .env("XDG_CACHE_HOME", Path::new(env!("CARGO_TARGET_TMPDIR")).join("lsp-cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aps-pack server");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, inbox) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut lsp = Lsp { child, stdin, inbox, next_id: 0, seen: Vec::new() };
        let init = lsp.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": { "debounceMs": 5 } }),
        );
        assert_eq!(init["serverInfo"]["name"], "aps-pack", "{init}");
        assert_eq!(init["capabilities"]["textDocumentSync"], 1, "{init}");
        lsp.notify("initialized", json!({}));
        lsp
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write to server");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self, deadline: Instant, what: &str) -> Value {
        match self.inbox.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}; got {:#?}", self.seen),
            Err(RecvTimeoutError::Disconnected) => panic!("server exited while waiting for {what}"),
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + WAIT;
        loop {
            let msg = self.next(deadline, method);
            if msg["id"] == id {
                assert!(msg.get("error").is_none(), "{method}: {msg}");
                return msg["result"].clone();
            }
            self.seen.push(msg);
        }
    }

    /// The next diagnostics published for `uri` (ones already received first).
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for =
            |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        if let Some(i) = self.seen.iter().position(is_for) {
            let m = self.seen.remove(i);
            return m["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let msg = self.next(deadline, &format!("diagnostics of {uri}"));
            if is_for(&msg) {
                return msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            self.seen.push(msg);
        }
    }

    /// Forget notifications received so far.
    fn drain(&mut self) {
        while let Ok(m) = self.inbox.recv_timeout(Duration::from_millis(200)) {
            self.seen.push(m);
        }
        self.seen.clear();
    }

    fn open(&mut self, path: &Path, text: &str) -> String {
        let uri = uri(path);
        let language = if path.extension().is_some_and(|e| e == "xml") { "xml" } else { "json" };
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        uri
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn at(&mut self, method: &str, uri: &str, (line, character): (u32, u32)) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
    }

    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null(), "{r}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "server exit status {status}");
                return;
            }
            assert!(Instant::now() < deadline, "server did not exit after `exit`");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A scratch copy of examples/hello-cloud.
fn package() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical").join("hello-cloud");
    common::copy_tree(&common::root().join("examples/hello-cloud"), &root);
    (dir, root)
}

/// Line and UTF-16 column of the first `needle` in `text` (plus `delta` columns).
fn pos(text: &str, needle: &str, delta: u32) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"));
    let line = text[..at].matches('\n').count() as u32;
    let col = text[..at].rsplit('\n').next().unwrap_or("").encode_utf16().count() as u32;
    (line, col + delta)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn diagnostics_follow_unsaved_edits_across_the_package() {
    let (_dir, root) = package();
    let wizard_path = root.join("scripts/wizard_data.json");
    let good = std::fs::read_to_string(&wizard_path).unwrap();
    let bad = good
        .replace("\"service_id\": \"tenants\", \"autoprovide", "\"service_id\": \"tenantz\", \"autoprovide");
    let mut lsp = Lsp::start(&root);
    // Unsaved text with an unknown service: one finding, on that line, with its code.
    let wizard = lsp.open(&wizard_path, &bad);
    let diags = lsp.diagnostics(&wizard);
    assert_eq!(codes(&diags), ["WIZ113"], "{diags:#?}");
    let d = &diags[0];
    let (line, col) = pos(&bad, "\"tenantz\"", 0);
    assert_eq!(d["range"]["start"], json!({ "line": line, "character": col }), "{d}");
    assert_eq!(d["severity"], 1);
    // The code links to this version's rule documentation, written where the editor can open it.
    let href = d["codeDescription"]["href"].as_str().unwrap();
    let page = href.strip_prefix("file://").and_then(|h| h.strip_suffix("#wiz113"));
    let page = page.unwrap_or_else(|| panic!("not a file link to #wiz113: {href}"));
    let docs = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{page}: {e}"));
    assert!(docs.contains("\n## WIZ113\n"), "{page} lacks the WIZ113 section");
    assert!(d["message"].as_str().unwrap().contains("did you mean `tenants`"), "{d}");

    // Its suggestion is a code action.
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": wizard }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let edit = &actions[0]["edit"]["changes"][&wizard][0];
    assert_eq!(edit["newText"], "\"tenants\"", "{actions}");
    assert_eq!(edit["range"], d["range"]);

    // Hover on the finding shows the rule's documentation.
    let hover = lsp.at("textDocument/hover", &wizard, (line, col + 2));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("WIZ113"), "{hover}");

    // Fixed: the finding is cleared.
    lsp.change(&wizard, 2, &good);
    assert_eq!(lsp.diagnostics(&wizard), Vec::<Value>::new());

    // APP-META.xml edited (not saved) so the wizard file breaks: the wizard file's findings
    // are published again, and the changed file gets its own list.
    let meta_path = root.join("APP-META.xml");
    let meta_text = std::fs::read_to_string(&meta_path).unwrap();
    let meta = lsp.open(&meta_path, &meta_text);
    assert_eq!(lsp.diagnostics(&meta), Vec::<Value>::new());
    lsp.drain();
    lsp.change(&meta, 2, &meta_text.replace("<service id=\"tenants\">", "<service id=\"customers\">"));
    let diags = lsp.diagnostics(&wizard);
    assert!(codes(&diags).iter().all(|c| c == "WIZ113") && diags.len() == 2, "{diags:#?}");
    assert!(std::fs::read_to_string(&meta_path).unwrap() == meta_text, "nothing is written to disk");

    // Closing the editor's APP-META.xml reads the file on disk again: clean.
    lsp.notify("textDocument/didClose", json!({ "textDocument": { "uri": meta } }));
    assert_eq!(lsp.diagnostics(&wizard), Vec::<Value>::new());
    lsp.shutdown();
}

#[test]
fn definition_hover_and_completion() {
    let (_dir, root) = package();
    let wizard_path = root.join("scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard_path).unwrap();
    let mut lsp = Lsp::start(&root);
    let wizard = lsp.open(&wizard_path, &text);
    assert_eq!(lsp.diagnostics(&wizard), Vec::<Value>::new());
    let target = |v: &Value| -> (String, u64) {
        let v = if v.is_array() { &v[0] } else { v };
        let file = v["uri"]
            .as_str()
            .unwrap_or_else(|| panic!("no location: {v}"))
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        (file, v["range"]["start"]["line"].as_u64().unwrap())
    };
    let line_of = |text: &str, needle: &str| pos(text, needle, 0).0 as u64;
    let meta_text = std::fs::read_to_string(root.join("APP-META.xml")).unwrap();
    let tenant_text = std::fs::read_to_string(root.join("schemas/tenant.schema")).unwrap();
    let app_text = std::fs::read_to_string(root.join("schemas/app.schema")).unwrap();
    let profile_text = std::fs::read_to_string(root.join("schemas/profile.schema")).unwrap();

    // rtID → the resource type.
    let d = lsp.at("textDocument/definition", &wizard, pos(&text, "{ \"rtID\": -100004", 11));
    assert_eq!(
        target(&d),
        ("wizard_data.json".into(), line_of(&text, "\"name\": \"Hello Cloud - users\"") - 1),
        "{d}"
    );
    // resource_uid → the apsResources entry; idglobals → the root type's schema.
    let d = lsp.at("textDocument/definition", &wizard, pos(&text, "\"basicProfile\" }", 2));
    assert_eq!(
        target(&d),
        ("wizard_data.json".into(), line_of(&text, "\"id\": \"basicProfile\"") - 1),
        "{d}"
    );
    let d = lsp.at("textDocument/definition", &wizard, pos(&text, "\"resource_uid\": \"idglobals\"", 20));
    assert_eq!(target(&d), ("app.schema".into(), line_of(&app_text, "\"id\":")), "{d}");
    // service_id → the <service> of APP-META.xml.
    let d = lsp.at("textDocument/definition", &wizard, pos(&text, "\"tenants\", \"resource_id\"", 2));
    assert_eq!(target(&d), ("APP-META.xml".into(), line_of(&meta_text, "<service id=\"tenants\">")), "{d}");
    // resource_id → the counter property of the service's type.
    let d = lsp.at("textDocument/definition", &wizard, pos(&text, "\"users\"", 2));
    assert_eq!(target(&d), ("tenant.schema".into(), line_of(&tenant_text, "\"users\": {")), "{d}");
    // apsType → the type's schema.
    let d = lsp.at("textDocument/definition", &wizard, pos(&text, "hello-cloud/profile/1.0\"", 2));
    assert_eq!(target(&d), ("profile.schema".into(), line_of(&profile_text, "\"id\":")), "{d}");

    // In a type schema: relation and implements types → their schemas.
    let tenant = lsp.open(&root.join("schemas/tenant.schema"), &tenant_text);
    let d = lsp.at("textDocument/definition", &tenant, pos(&tenant_text, "hello-cloud/app/1.0", 2));
    assert_eq!(target(&d), ("app.schema".into(), line_of(&app_text, "\"id\":")), "{d}");
    let profile = lsp.open(&root.join("schemas/profile.schema"), &profile_text);
    let implements = profile_text.find("\"implements\"").unwrap();
    let quote = implements + profile_text[implements..].find("[\"").unwrap() + 3;
    let d = lsp.at("textDocument/hover", &profile, pos(&profile_text, &profile_text[quote..quote + 20], 0));
    assert!(d["contents"]["value"].as_str().unwrap_or("").contains("aps-standard.org"), "{d}");

    // <schema path> and <icon path> → the files.
    let meta = lsp.open(&root.join("APP-META.xml"), &meta_text);
    let d = lsp.at("textDocument/definition", &meta, pos(&meta_text, "schemas/tenant.schema", 3));
    assert_eq!(target(&d), ("tenant.schema".into(), 0), "{d}");
    let d = lsp.at("textDocument/definition", &meta, pos(&meta_text, "images/icon.png", 3));
    assert_eq!(target(&d), ("icon.png".into(), 0), "{d}");

    // Hover: resource class, type id, counter property.
    let h = lsp.at("textDocument/hover", &wizard, pos(&text, "rc.saas.resource.unit", 3));
    assert!(h["contents"]["value"].as_str().unwrap().contains("counter"), "{h}");
    let h = lsp.at("textDocument/hover", &wizard, pos(&text, "hello-cloud/profile/1.0\"", 2));
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("http://example.com/hello-cloud/profile/1.0"),
        "{h}"
    );
    let h = lsp.at("textDocument/hover", &wizard, pos(&text, "\"users\"", 2));
    let h = h["contents"]["value"].as_str().unwrap();
    assert!(h.contains("**users**") && h.contains("unit: `unit`") && h.contains("Users"), "{h}");

    // Completion of rtIDs in a half-typed template entry (the text does not parse).
    let typing = text.replace("{ \"rtID\": -100004, \"limit\": 0, \"unlimited\": true }", "{ \"rtID\": -10");
    lsp.drain();
    lsp.change(&wizard, 2, &typing);
    let c = lsp.at("textDocument/completion", &wizard, pos(&typing, "{ \"rtID\": -10", 13));
    let labels: Vec<&str> = c.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["-100001", "-100002", "-100003", "-100004"], "{c}");
    let edit = &c[0]["textEdit"];
    assert_eq!(edit["newText"], "-100001");
    assert_eq!(edit["range"]["start"]["character"], pos(&typing, "{ \"rtID\": -10", 10).1);
    let diags = lsp.diagnostics(&wizard);
    assert!(codes(&diags).iter().any(|c| c.starts_with("JSN")), "{diags:#?}");
    // A parseable document completes rtIDs, service ids, counters and classes.
    let typing = text.replace("{ \"rtID\": -100004,", "{ \"rtID\": -1,");
    lsp.change(&wizard, 3, &typing);
    let c = lsp.at("textDocument/completion", &wizard, pos(&typing, "{ \"rtID\": -1,", 12));
    let labels: Vec<&str> = c.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["-100001", "-100002", "-100003", "-100004"], "{c}");
    let c = lsp.at(
        "textDocument/completion",
        &wizard,
        pos(&typing, "\"service_id\": \"tenants\", \"resource_id\"", 15),
    );
    let labels: Vec<&str> = c.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["app", "tenants", "profiles"], "{c}");
    let c = lsp.at("textDocument/completion", &wizard, pos(&typing, "\"resource_id\": \"users\"", 16));
    let labels: Vec<&str> = c.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["users"], "{c}");
    let c =
        lsp.at("textDocument/completion", &wizard, pos(&typing, "\"resClass\": \"rc.saas.resource.unit", 13));
    assert_eq!(c.as_array().unwrap().len(), 12, "{c}");
    lsp.shutdown();
}

#[test]
fn unknown_files_and_broken_input_answer_empty() {
    let (dir, root) = package();
    let mut lsp = Lsp::start(&root);
    let nowhere = uri(&dir.path().join("nope.json"));
    assert!(lsp.at("textDocument/hover", &nowhere, (0, 0)).is_null());
    assert!(lsp.at("textDocument/definition", &nowhere, (3, 9)).is_null());
    assert!(lsp.at("textDocument/completion", &nowhere, (3, 9)).is_null());
    // Half-typed XML: findings, not errors; requests anywhere in it answer.
    let meta = lsp.open(
        &root.join("APP-META.xml"),
        "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <servi",
    );
    let diags = lsp.diagnostics(&meta);
    assert!(!diags.is_empty(), "a broken APP-META.xml has findings");
    for line in 0..4 {
        for col in [0, 5, 80] {
            lsp.at("textDocument/hover", &meta, (line, col));
            lsp.at("textDocument/definition", &meta, (line, col));
            lsp.at("textDocument/completion", &meta, (line, col));
        }
    }
    // A lone aps-pack.toml with a mistake.
    let cfg_dir = tempfile::tempdir().unwrap();
    let cfg = lsp
        .open(&cfg_dir.path().canonicalize().unwrap().join("aps-pack.toml"), "[lint]\ndeny-warning = true\n");
    let diags = lsp.diagnostics(&cfg);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1);
    lsp.shutdown();
}

/// Neovim's built-in LSP client (Debian's `neovim`) starts the server on the wizard file
/// and receives its diagnostics.
#[test]
fn neovim_receives_diagnostics() {
    let have = Command::new("nvim").arg("--version").output().is_ok_and(|o| o.status.success());
    if !have {
        assert!(std::env::var_os("CI").is_none(), "nvim (Debian package neovim) is missing on CI");
        eprintln!("skipping: nvim is not installed (apt-get install neovim)");
        return;
    }
    let (dir, root) = package();
    let wizard = root.join("scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard).unwrap();
    std::fs::write(
        &wizard,
        text.replace(
            "\"service_id\": \"tenants\", \"autoprovide",
            "\"service_id\": \"tenantz\", \"autoprovide",
        ),
    )
    .unwrap();
    let out = dir.path().join("diagnostics.txt");
    let script = dir.path().join("lsp.lua");
    std::fs::write(
        &script,
        format!(
            r#"
local out = {out:?}
local client = vim.lsp.start_client({{
  name = "aps-pack",
  cmd = {{ {bin:?}, "server" }},
  root_dir = {root:?},
  handlers = {{
    ["textDocument/publishDiagnostics"] = function(_, result)
      if #result.diagnostics > 0 then
        local lines = {{}}
        for _, d in ipairs(result.diagnostics) do
          table.insert(lines, string.format("%s %d %s", d.code, d.range.start.line, vim.uri_to_fname(result.uri)))
        end
        vim.fn.writefile(lines, out)
        vim.cmd("qall!")
      end
    end,
  }},
}})
vim.lsp.buf_attach_client(0, client)
vim.defer_fn(function() vim.fn.writefile({{"timeout"}}, out); vim.cmd("qall!") end, 15000)
"#,
            out = out.to_string_lossy(),
            bin = env!("CARGO_BIN_EXE_aps-pack"),
            root = root.to_string_lossy(),
        ),
    )
    .unwrap();
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n"])
        .arg(&wizard)
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let got = std::fs::read_to_string(&out).expect("nvim wrote the diagnostics");
    let line = pos(&std::fs::read_to_string(&wizard).unwrap(), "\"tenantz\"", 0).0;
    assert_eq!(got.trim(), format!("WIZ113 {line} {}", wizard.display()));
}

#[test]
fn quick_fix_adds_a_missing_template_entry() {
    let (_dir, root) = package();
    let wizard_path = root.join("scripts/wizard_data.json");
    let good = std::fs::read_to_string(&wizard_path).unwrap();
    let text =
        good.replace(",\n                { \"rtID\": -100004, \"limit\": 0, \"unlimited\": true }", "");
    assert_ne!(text, good);
    let mut lsp = Lsp::start(&root);
    let wizard = lsp.open(&wizard_path, &text);
    let diags = lsp.diagnostics(&wizard);
    let d = diags.iter().find(|d| d["code"] == "WIZ134").unwrap_or_else(|| panic!("{diags:#?}"));
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": wizard }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let edit = &actions[0]["edit"]["changes"][&wizard][0];
    assert_eq!(
        edit["newText"], ",\n                { \"rtID\": -100004, \"limit\": 1, \"unlimited\": false }",
        "{actions}"
    );
    let last = "{ \"rtID\": -100003, \"limit\": 1, \"unlimited\": false }";
    let after = pos(&text, last, last.len() as u32);
    assert_eq!(edit["range"]["start"], json!({ "line": after.0, "character": after.1 }), "{actions}");
    lsp.shutdown();
}

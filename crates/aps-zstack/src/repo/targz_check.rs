//! Reading a published `application.tar.gz` to its very end.

use aps_diag::{SourceFile, Span};
use std::io::{self, BufRead, Read};
use std::sync::Arc;

/// Largest amount an `application.tar.gz` may decompress to before reading
/// stops: far above any real application, low enough to end a decompression bomb.
const MAX_TARGZ_BYTES: u64 = 16 << 30;

/// What reading an `application.tar.gz` to its end found.
#[derive(Default)]
pub(super) struct TargzReport {
    /// `appId` of the `application.json` at its top, where it is.
    pub(super) app_id: Option<(Arc<SourceFile>, Span, String)>,
    /// Members that would land (or point) outside the folder it is unpacked into.
    pub(super) unsafe_members: Vec<String>,
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Why a member name is unsafe to unpack, if it is.
fn unsafe_member_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("it has an empty name");
    }
    if name.starts_with('/') {
        return Some("its name is an absolute path");
    }
    if name.split('/').any(|part| part == "..") {
        return Some("its name climbs out with `..`");
    }
    None
}

/// Whether `target`, followed from the folder `base` (components inside the
/// archive), stays inside the archive.
fn link_escapes(base: &[&str], target: &str) -> bool {
    if target.starts_with('/') {
        return true;
    }
    let mut depth = base.len();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            _ => depth += 1,
        }
    }
    false
}

/// Read an `application.tar.gz` to its very end: the gzip stream with its
/// CRC-32 and length, every tar header and member, the end-of-archive marker.
/// A truncated or damaged file is `Err`; unsafe member names are collected.
pub(super) fn read_application_targz(source: impl Read, display: &str) -> Result<TargzReport, String> {
    let mut buffered = io::BufReader::with_capacity(1 << 20, source);
    let head = loop {
        match buffered.fill_buf() {
            Ok(b) => break b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read it: {e}")),
        }
    };
    if head.len() < 2 || head[..2] != [0x1f, 0x8b] {
        return Err("it is not gzip-compressed (no 1f 8b magic)".into());
    }
    let damaged = |e: io::Error| format!("it is damaged or truncated: {e}");
    // The buffered decoder hands back its reader with any unread bytes still in it.
    let gz = flate2::bufread::GzDecoder::new(buffered);
    let counted = Counted { inner: gz.take(MAX_TARGZ_BYTES + 1), count: 0 };
    let mut archive = tar::Archive::new(counted);
    let mut report = TargzReport::default();
    // Where the last member's data (padded to whole blocks) ends.
    let mut end_of_members = 0u64;
    let mut saw_app_json = false;
    let entries = archive.entries().map_err(|e| format!("not a tar.gz archive: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(damaged)?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if let Some(why) = unsafe_member_name(&name) {
            report.unsafe_members.push(format!("`{name}`: {why}"));
        } else if kind.is_symlink() || kind.is_hard_link() {
            let target = entry.link_name_bytes().map(|b| String::from_utf8_lossy(&b).into_owned());
            let target = target.unwrap_or_default();
            let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
            // A symbolic link resolves from its own folder, a hard link from the archive's top.
            let base = if kind.is_symlink() { &parts[..parts.len().saturating_sub(1)] } else { &[][..] };
            if target.is_empty() || link_escapes(base, &target) {
                let what = if kind.is_symlink() { "symbolic" } else { "hard" };
                report
                    .unsafe_members
                    .push(format!("`{name}`: a {what} link to `{target}`, outside the archive"));
            }
        }
        let size = entry.size();
        let data_at = entry.raw_file_position();
        if name.trim_start_matches("./") == "application.json" && !saw_app_json {
            saw_app_json = true;
            if size > aps_json::MAX_SOURCE_BYTES {
                return Err("its application.json is implausibly large".into());
            }
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).map_err(damaged)?;
            if bytes.len() as u64 != size {
                return Err("it is truncated inside application.json".into());
            }
            let shown = format!("{display}!/application.json");
            let (file, parsed) = aps_json::parse_bytes(&shown, bytes, &aps_json::Options::default());
            let Some(value) = parsed.value else {
                return Err("its application.json is not valid JSON".into());
            };
            if let Some(v) = value.get("appId") {
                if let Some(id) = v.as_str() {
                    report.app_id = Some((file.clone(), v.span, id.to_string()));
                }
            }
        } else {
            let copied = io::copy(&mut entry, &mut io::sink()).map_err(damaged)?;
            if copied != size {
                return Err(format!("it is truncated: `{name}` holds {copied} of its {size} bytes"));
            }
        }
        end_of_members = data_at + size.div_ceil(512) * 512;
    }
    // The entries end at the first zero block; the rest of the stream is read
    // too, so the gzip trailer (CRC-32 and length) is checked and nothing
    // hides behind the end-of-archive marker.
    let mut counted = archive.into_inner();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match counted.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(damaged(e)),
        };
        if buf[..n].iter().any(|&b| b != 0) {
            return Err("it holds data after the tar end-of-archive marker".into());
        }
    }
    if counted.count > MAX_TARGZ_BYTES {
        return Err(format!("it decompresses to more than {} GiB; stopped", MAX_TARGZ_BYTES >> 30));
    }
    if counted.count < end_of_members + 1024 {
        return Err("it is truncated: the tar archive has no end-of-archive marker".into());
    }
    let mut rest = counted.inner.into_inner().into_inner();
    let mut probe = [0u8; 1];
    if rest.read(&mut probe).map_err(damaged)? != 0 {
        return Err("it has bytes after the end of its gzip stream".into());
    }
    if !saw_app_json {
        return Err("it holds no application.json at its top".into());
    }
    Ok(report)
}

//! Reading an `.app.zip` into memory, defensively: the central directory is
//! trusted only after checking it, names must be plain relative paths,
//! symbolic links and encrypted entries are refused, and every size is
//! bounded before anything is inflated (decompression bombs stop at the
//! declared size, which is itself bounded).
//!
//! Kept behind [`read_zip`] so that aps-archive's reader can replace it.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Bounds on what is read.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    /// Largest ratio of inflated to compressed size accepted for an entry.
    pub max_ratio: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entries: 100_000,
            max_entry_bytes: 256 * 1024 * 1024,
            max_total_bytes: 512 * 1024 * 1024,
            max_ratio: 500,
        }
    }
}

/// Why an archive could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipError {
    pub message: String,
}

fn err(message: impl Into<String>) -> ZipError {
    ZipError { message: message.into() }
}

const EOCD_SIG: u32 = 0x0605_4b50;
const CDH_SIG: u32 = 0x0201_4b50;
const LFH_SIG: u32 = 0x0403_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

struct Entry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    local_offset: u64,
}

/// Every file of the archive (directories left out), by relative path.
pub fn read_zip(path: &Path, limits: &ZipLimits) -> Result<BTreeMap<String, Vec<u8>>, ZipError> {
    let mut f = std::fs::File::open(path).map_err(|e| err(format!("cannot open: {e}")))?;
    let len = f.metadata().map_err(|e| err(e.to_string()))?.len();
    read_zip_from(&mut f, len, limits)
}

pub fn read_zip_from<R: Read + Seek>(
    r: &mut R,
    len: u64,
    limits: &ZipLimits,
) -> Result<BTreeMap<String, Vec<u8>>, ZipError> {
    // The end-of-central-directory record is in the last 22 + 65535 bytes.
    let tail_len = len.min(22 + 65_535);
    let mut tail = vec![0u8; tail_len as usize];
    r.seek(SeekFrom::Start(len - tail_len)).map_err(|e| err(e.to_string()))?;
    r.read_exact(&mut tail).map_err(|e| err(e.to_string()))?;
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(&tail, i) == Some(EOCD_SIG))
        .ok_or_else(|| err("not a zip archive (no end of central directory record)"))?;
    if eocd >= 20 && u32_at(&tail, eocd - 20) == Some(ZIP64_LOCATOR_SIG) {
        return Err(err("ZIP64 archives are not supported (APS packages are plain zip archives)"));
    }
    let count = u16_at(&tail, eocd + 10).unwrap_or(0) as usize;
    let cd_size = u32_at(&tail, eocd + 12).unwrap_or(0) as u64;
    let cd_offset = u32_at(&tail, eocd + 16).unwrap_or(0) as u64;
    if count > limits.max_entries {
        return Err(err(format!("the archive has {count} entries; at most {} are read", limits.max_entries)));
    }
    if cd_offset.checked_add(cd_size).is_none_or(|end| end > len) {
        return Err(err("corrupt archive: the central directory lies outside the file"));
    }
    let mut cd = vec![0u8; cd_size as usize];
    r.seek(SeekFrom::Start(cd_offset)).map_err(|e| err(e.to_string()))?;
    r.read_exact(&mut cd).map_err(|e| err(e.to_string()))?;

    let mut entries = Vec::new();
    let mut pos = 0usize;
    for _ in 0..count {
        let corrupt = || err("corrupt archive: truncated central directory");
        if u32_at(&cd, pos) != Some(CDH_SIG) {
            return Err(corrupt());
        }
        let made_by = u16_at(&cd, pos + 4).ok_or_else(corrupt)?;
        let flags = u16_at(&cd, pos + 8).ok_or_else(corrupt)?;
        let method = u16_at(&cd, pos + 10).ok_or_else(corrupt)?;
        let crc = u32_at(&cd, pos + 16).ok_or_else(corrupt)?;
        let compressed = u32_at(&cd, pos + 20).ok_or_else(corrupt)? as u64;
        let size = u32_at(&cd, pos + 24).ok_or_else(corrupt)? as u64;
        let name_len = u16_at(&cd, pos + 28).ok_or_else(corrupt)? as usize;
        let extra_len = u16_at(&cd, pos + 30).ok_or_else(corrupt)? as usize;
        let comment_len = u16_at(&cd, pos + 32).ok_or_else(corrupt)? as usize;
        let external = u32_at(&cd, pos + 38).ok_or_else(corrupt)?;
        let local_offset = u32_at(&cd, pos + 42).ok_or_else(corrupt)? as u64;
        let raw_name = cd.get(pos + 46..pos + 46 + name_len).ok_or_else(corrupt)?;
        pos += 46 + name_len + extra_len + comment_len;
        let name = std::str::from_utf8(raw_name)
            .map_err(|_| err(format!("entry name {:?} is not UTF-8", String::from_utf8_lossy(raw_name))))?
            .to_string();
        if name.ends_with('/') {
            continue;
        }
        let unix_mode = if made_by >> 8 == 3 { external >> 16 } else { 0 };
        if unix_mode & 0o170000 == 0o120000 {
            return Err(err(format!("entry `{name}` is a symbolic link; packages hold plain files only")));
        }
        if !aps_model::source::is_safe_relative_path(&name) {
            return Err(err(format!("entry `{name}` is not a plain relative path (absolute, `..` or `\\`)")));
        }
        if flags & 1 != 0 {
            return Err(err(format!("entry `{name}` is encrypted")));
        }
        if method != 0 && method != 8 {
            return Err(err(format!(
                "entry `{name}` uses compression method {method}; only stored and deflate are read"
            )));
        }
        if size > limits.max_entry_bytes {
            return Err(err(format!(
                "entry `{name}` is {size} bytes; at most {} are read",
                limits.max_entry_bytes
            )));
        }
        if size > compressed.saturating_mul(limits.max_ratio).max(1024 * 1024) {
            return Err(err(format!(
                "entry `{name}` inflates {compressed} bytes to {size}: refused as a decompression bomb"
            )));
        }
        entries.push(Entry { name, method, crc, compressed, size, local_offset });
    }
    let total: u64 = entries.iter().map(|e| e.size).sum();
    if total > limits.max_total_bytes {
        return Err(err(format!(
            "the archive inflates to {total} bytes; at most {} are read",
            limits.max_total_bytes
        )));
    }

    let mut out = BTreeMap::new();
    for e in entries {
        let mut header = [0u8; 30];
        r.seek(SeekFrom::Start(e.local_offset)).map_err(|x| err(x.to_string()))?;
        r.read_exact(&mut header)
            .map_err(|_| err(format!("corrupt archive: entry `{}` is truncated", e.name)))?;
        if u32_at(&header, 0) != Some(LFH_SIG) {
            return Err(err(format!("corrupt archive: no local header for entry `{}`", e.name)));
        }
        let skip = u16_at(&header, 26).unwrap_or(0) as u64 + u16_at(&header, 28).unwrap_or(0) as u64;
        let data_start = e.local_offset + 30 + skip;
        if data_start.checked_add(e.compressed).is_none_or(|end| end > len) {
            return Err(err(format!("corrupt archive: entry `{}` extends past the end of the file", e.name)));
        }
        r.seek(SeekFrom::Start(data_start)).map_err(|x| err(x.to_string()))?;
        let raw = (&mut *r).take(e.compressed);
        // The declared size is not trusted for the allocation: grow as bytes arrive.
        let mut data = Vec::with_capacity(e.size.min(1024 * 1024) as usize);
        let read = if e.method == 0 {
            raw.take(e.size + 1).read_to_end(&mut data)
        } else {
            flate2::read::DeflateDecoder::new(raw).take(e.size + 1).read_to_end(&mut data)
        };
        read.map_err(|x| err(format!("corrupt archive: entry `{}`: {x}", e.name)))?;
        if data.len() as u64 != e.size {
            return Err(err(format!(
                "corrupt archive: entry `{}` holds {} bytes, the directory says {}",
                e.name,
                data.len(),
                e.size
            )));
        }
        if crc32fast::hash(&data) != e.crc {
            return Err(err(format!("corrupt archive: entry `{}` fails its CRC-32 check", e.name)));
        }
        if out.insert(e.name.clone(), data).is_some() {
            return Err(err(format!("entry `{}` appears twice", e.name)));
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// A minimal zip writer for tests: stored or deflated entries, optional unix mode.
    pub(crate) fn build_zip(entries: &[(&str, &[u8], bool, Option<u32>)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut cd = Vec::new();
        for (name, data, deflate, mode) in entries {
            let offset = out.len() as u32;
            let body = if *deflate {
                let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(data).expect("in-memory write");
                enc.finish().expect("in-memory write")
            } else {
                data.to_vec()
            };
            let method: u16 = if *deflate { 8 } else { 0 };
            let crc = crc32fast::hash(data);
            out.extend(LFH_SIG.to_le_bytes());
            out.extend(20u16.to_le_bytes());
            out.extend(0u16.to_le_bytes());
            out.extend(method.to_le_bytes());
            out.extend([0u8; 4]);
            out.extend(crc.to_le_bytes());
            out.extend((body.len() as u32).to_le_bytes());
            out.extend((data.len() as u32).to_le_bytes());
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes());
            out.extend(name.as_bytes());
            out.extend(&body);
            cd.extend(CDH_SIG.to_le_bytes());
            let made_by: u16 = if mode.is_some() { 3 << 8 | 20 } else { 20 };
            cd.extend(made_by.to_le_bytes());
            cd.extend(20u16.to_le_bytes());
            cd.extend(0u16.to_le_bytes());
            cd.extend(method.to_le_bytes());
            cd.extend([0u8; 4]);
            cd.extend(crc.to_le_bytes());
            cd.extend((body.len() as u32).to_le_bytes());
            cd.extend((data.len() as u32).to_le_bytes());
            cd.extend((name.len() as u16).to_le_bytes());
            cd.extend([0u8; 8]);
            cd.extend((mode.unwrap_or(0) << 16).to_le_bytes());
            cd.extend(offset.to_le_bytes());
            cd.extend(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend(&cd);
        out.extend(EOCD_SIG.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((cd.len() as u32).to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }

    fn read(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, ZipError> {
        read_zip_from(&mut Cursor::new(bytes), bytes.len() as u64, &ZipLimits::default())
    }

    #[test]
    fn reads_stored_and_deflated_entries() {
        let z = build_zip(&[
            ("APP-META.xml", b"<application/>", false, None),
            ("ui/", b"", false, None),
            ("ui/a.js", &b"x".repeat(5000), true, Some(0o100644)),
        ]);
        let files = read(&z).expect("valid archive");
        assert_eq!(files.keys().collect::<Vec<_>>(), ["APP-META.xml", "ui/a.js"]);
        assert_eq!(files["ui/a.js"].len(), 5000);
    }

    #[test]
    fn refuses_hostile_archives() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (build_zip(&[("../evil", b"x", false, None)]), "not a plain relative path"),
            (build_zip(&[("/etc/passwd", b"x", false, None)]), "not a plain relative path"),
            (build_zip(&[("link", b"/etc", false, Some(0o120777))]), "symbolic link"),
            (build_zip(&[("a", b"x", false, None), ("a", b"y", false, None)]), "appears twice"),
            (b"not a zip at all".to_vec(), "not a zip archive"),
        ];
        for (bytes, want) in cases {
            let e = read(&bytes).expect_err(want);
            assert!(e.message.contains(want), "{} / {want}", e.message);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = read(&bytes);
        }

        #[test]
        fn damaged_archives_never_panic(at in 0usize..200, byte in proptest::prelude::any::<u8>()) {
            let mut z = build_zip(&[("APP-META.xml", b"<application/>", true, None), ("a/b", b"hello", false, None)]);
            let i = at % z.len();
            z[i] = byte;
            let _ = read(&z);
        }
    }

    #[test]
    fn refuses_bombs_and_lies() {
        // A directory that claims a huge size for a tiny entry.
        let mut z = build_zip(&[("big", &vec![0u8; 4 * 1024 * 1024], true, None)]);
        let e = read(&z).expect_err("ratio");
        assert!(e.message.contains("decompression bomb"), "{}", e.message);
        // Corrupt a stored entry's byte: the CRC catches it.
        z = build_zip(&[("a", b"hello", false, None)]);
        let at = 30 + 1;
        z[at] ^= 0xff;
        let e = read(&z).expect_err("crc");
        assert!(e.message.contains("CRC"), "{}", e.message);
    }
}

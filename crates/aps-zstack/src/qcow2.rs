//! qcow2 header checks: enough to refuse what QEMU would refuse, and to read
//! the virtual size, without reading more than the header and the backing
//! file name (images are gigabytes).

use crate::rules::{
    ImageNotQcow2, Qcow2BackingFile, Qcow2Dirty, Qcow2Encrypted, Qcow2InvalidHeader as Invalid,
};
use aps_diag::{Diagnostic, Violation};
use aps_json::rules::Unreadable;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

const MAGIC: &[u8; 4] = b"QFI\xfb";
const V2_HEADER_LEN: usize = 72;
const V3_MIN_HEADER_LEN: u32 = 104;

const INCOMPAT_DIRTY: u64 = 1 << 0;
const INCOMPAT_CORRUPT: u64 = 1 << 1;
const INCOMPAT_EXTERNAL_DATA: u64 = 1 << 2;
const INCOMPAT_COMPRESSION_TYPE: u64 = 1 << 3;
const INCOMPAT_EXTENDED_L2: u64 = 1 << 4;
const INCOMPAT_KNOWN: u64 = INCOMPAT_DIRTY
    | INCOMPAT_CORRUPT
    | INCOMPAT_EXTERNAL_DATA
    | INCOMPAT_COMPRESSION_TYPE
    | INCOMPAT_EXTENDED_L2;

/// The header fields aps-pack looks at (all big-endian on disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub version: u32,
    pub backing_file_offset: u64,
    pub backing_file_size: u32,
    pub cluster_bits: u32,
    /// Virtual disk size in bytes.
    pub size: u64,
    pub crypt_method: u32,
    pub l1_size: u32,
    pub l1_table_offset: u64,
    pub refcount_table_offset: u64,
    pub incompatible_features: u64,
    pub refcount_order: u32,
    pub header_length: u32,
    /// Size of the image file itself.
    pub file_size: u64,
}

/// What was found: the header if it could be read, and the findings.
#[derive(Debug, Default)]
pub struct Inspection {
    pub header: Option<Header>,
    pub diagnostics: Vec<Diagnostic>,
}

fn be32(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_be_bytes(a)
}

fn be64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_be_bytes(a)
}

/// A guess at what a non-qcow2 file is, for the help text.
fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"KDMV") || head.starts_with(b"# Disk DescriptorFile") {
        Some("it looks like a VMDK image")
    } else if head.starts_with(b"conectix") {
        Some("it looks like a VHD image")
    } else if head.starts_with(b"vhdxfile") {
        Some("it looks like a VHDX image")
    } else if head.starts_with(&[0x1f, 0x8b]) {
        Some("it is gzip-compressed; decompress it first")
    } else if head.starts_with(b"QFI") {
        Some("it starts like qcow but is an old `qcow` (version 1) or damaged image")
    } else if head.len() >= 512 && head[510] == 0x55 && head[511] == 0xaa {
        Some("it looks like a raw disk image (it has a boot sector)")
    } else {
        None
    }
}

/// Read and check the header of `path`, shown as `display`.
pub fn inspect(path: &Path, display: &str) -> Inspection {
    let mut out = Inspection::default();
    let mut file = match aps_diag::reading::open_nonblocking(path) {
        Ok(f) => f,
        Err(e) => {
            out.diagnostics
                .push(Unreadable::Io { what: "the image", error: &e }.diagnostic().at_path(display));
            return out;
        }
    };
    let file_size = match file.metadata() {
        Ok(m) if m.is_file() => m.len(),
        Ok(_) => {
            out.diagnostics
                .push(Unreadable::NotRegular { what: "the image path" }.diagnostic().at_path(display));
            return out;
        }
        Err(e) => {
            out.diagnostics
                .push(Unreadable::Io { what: "the image", error: &e }.diagnostic().at_path(display));
            return out;
        }
    };
    let mut head = vec![0u8; 512];
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) => {
                out.diagnostics
                    .push(Unreadable::Io { what: "the image", error: &e }.diagnostic().at_path(display));
                return out;
            }
        }
    }
    head.truncate(got);
    if head.len() < 4 || &head[..4] != MAGIC {
        out.diagnostics
            .push(ImageNotQcow2::NoMagic { looks_like: sniff(&head) }.diagnostic().at_path(display));
        return out;
    }
    if head.len() < V2_HEADER_LEN {
        let short = ImageNotQcow2::Short { len: head.len(), header: V2_HEADER_LEN };
        out.diagnostics.push(short.diagnostic().at_path(display));
        return out;
    }
    let version = be32(&head, 4);
    let mut h = Header {
        version,
        backing_file_offset: be64(&head, 8),
        backing_file_size: be32(&head, 16),
        cluster_bits: be32(&head, 20),
        size: be64(&head, 24),
        crypt_method: be32(&head, 32),
        l1_size: be32(&head, 36),
        l1_table_offset: be64(&head, 40),
        refcount_table_offset: be64(&head, 48),
        incompatible_features: 0,
        refcount_order: 4,
        header_length: V2_HEADER_LEN as u32,
        file_size,
    };
    let invalid = |v: Invalid| v.diagnostic().at_path(display);
    if version != 2 && version != 3 {
        out.diagnostics.push(invalid(Invalid::Version { version }));
        return out;
    }
    if version == 3 {
        if head.len() < V3_MIN_HEADER_LEN as usize {
            out.diagnostics.push(invalid(Invalid::ShortV3 { len: head.len(), header: V3_MIN_HEADER_LEN }));
            return out;
        }
        h.incompatible_features = be64(&head, 72);
        h.refcount_order = be32(&head, 96);
        h.header_length = be32(&head, 100);
        if h.header_length < V3_MIN_HEADER_LEN || h.header_length % 8 != 0 {
            out.diagnostics
                .push(invalid(Invalid::HeaderLength { length: h.header_length, min: V3_MIN_HEADER_LEN }));
        } else if u64::from(h.header_length) > file_size {
            out.diagnostics.push(invalid(Invalid::HeaderBeyondFile { length: h.header_length, file_size }));
        }
        if h.refcount_order > 6 {
            out.diagnostics.push(invalid(Invalid::RefcountOrder { order: h.refcount_order }));
        }
    }
    let mut fatal = false;
    if !(9..=21).contains(&h.cluster_bits) {
        out.diagnostics.push(invalid(Invalid::ClusterBits { bits: h.cluster_bits }));
        fatal = true;
    }
    let incompat = h.incompatible_features;
    if incompat & INCOMPAT_CORRUPT != 0 {
        out.diagnostics.push(invalid(Invalid::Corrupt));
    }
    if incompat & INCOMPAT_EXTERNAL_DATA != 0 {
        out.diagnostics.push(invalid(Invalid::ExternalData));
    }
    if incompat & !INCOMPAT_KNOWN != 0 {
        out.diagnostics.push(invalid(Invalid::UnknownFeatures { bits: incompat & !INCOMPAT_KNOWN }));
    }
    if incompat & INCOMPAT_DIRTY != 0 {
        out.diagnostics.push(Qcow2Dirty.diagnostic().at_path(display));
    }
    if h.crypt_method != 0 {
        out.diagnostics.push(Qcow2Encrypted { crypt_method: h.crypt_method }.diagnostic().at_path(display));
    }
    if h.backing_file_offset != 0 {
        let name = backing_file_name(&mut file, &h);
        out.diagnostics.push(Qcow2BackingFile { name }.diagnostic().at_path(display));
    }
    if !fatal {
        let cluster = 1u64 << h.cluster_bits;
        let aligned = |off: u64| off % cluster == 0;
        let l1_end = h.l1_table_offset.saturating_add(u64::from(h.l1_size) * 8);
        if h.l1_size > 0 && (!aligned(h.l1_table_offset) || h.l1_table_offset == 0 || l1_end > file_size) {
            let (offset, entries) = (h.l1_table_offset, h.l1_size);
            out.diagnostics.push(invalid(Invalid::L1Table { offset, entries, file_size }));
        }
        if h.refcount_table_offset == 0
            || !aligned(h.refcount_table_offset)
            || h.refcount_table_offset >= file_size
        {
            out.diagnostics
                .push(invalid(Invalid::RefcountTable { offset: h.refcount_table_offset, file_size }));
        }
        let l2_entry = if incompat & INCOMPAT_EXTENDED_L2 != 0 { 16 } else { 8 };
        let per_l1_entry = u128::from(cluster) * u128::from(cluster / l2_entry);
        let needed = u128::from(h.size).div_ceil(per_l1_entry);
        if needed > u128::from(h.l1_size) {
            out.diagnostics.push(invalid(Invalid::L1TooSmall { entries: h.l1_size, size: h.size, needed }));
        }
        if h.size == 0 {
            out.diagnostics.push(invalid(Invalid::ZeroSize));
        }
    }
    out.header = Some(h);
    out
}

fn backing_file_name(file: &mut std::fs::File, h: &Header) -> Option<String> {
    if h.backing_file_size == 0 || h.backing_file_size > 1023 {
        return None;
    }
    if h.backing_file_offset.checked_add(u64::from(h.backing_file_size))? > h.file_size {
        return None;
    }
    file.seek(SeekFrom::Start(h.backing_file_offset)).ok()?;
    let mut name = vec![0u8; h.backing_file_size as usize];
    file.read_exact(&mut name).ok()?;
    Some(String::from_utf8_lossy(&name).into_owned())
}

/// Bytes as a short human figure (`100 GiB`, `1.5 GiB`, `512 bytes`).
pub fn human_size(bytes: u64) -> String {
    const UNITS: &[(&str, u64)] = &[("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, scale) in UNITS {
        if bytes >= *scale {
            let whole = bytes / scale;
            let tenth = (bytes % scale) * 10 / scale;
            return if tenth == 0 { format!("{whole} {unit}") } else { format!("{whole}.{tenth} {unit}") };
        }
    }
    format!("{bytes} bytes")
}

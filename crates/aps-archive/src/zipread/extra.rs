//! Extra fields of zip headers: zip64 sizes and offsets, Info-ZIP Unicode paths.

use super::le16;
use super::le64;
use crate::zipwrite::ZIP64_EXTRA_ID;

/// Zip64 extra field values, for the 32-bit fields of a header that hold the
/// 0xFFFFFFFF placeholder, in the order the format lists them.
pub(super) fn zip64_values(extra: &[u8], wanted: usize) -> Option<Vec<u64>> {
    let mut rest = extra;
    while rest.len() >= 4 {
        let id = le16(rest, 0);
        let n = le16(rest, 2) as usize;
        let body = rest.get(4..4 + n)?;
        if id == ZIP64_EXTRA_ID {
            if body.len() < wanted * 8 {
                return None;
            }
            return Some((0..wanted).map(|i| le64(body, i * 8)).collect());
        }
        rest = &rest[4 + n..];
    }
    if wanted == 0 {
        Some(Vec::new())
    } else {
        None
    }
}

/// The name an Info-ZIP Unicode Path extra field (0x7075) gives, when it
/// gives one other than `name`: unzip unpacks under that name, most other
/// readers under the header's.
pub(super) fn other_unicode_path(extra: &[u8], name: &[u8]) -> Option<String> {
    const UNICODE_PATH_ID: u16 = 0x7075;
    let mut rest = extra;
    while rest.len() >= 4 {
        let n = le16(rest, 2) as usize;
        let body = rest.get(4..4 + n)?;
        // Version (1 byte) and the CRC-32 of the header name (4 bytes) come first.
        if le16(rest, 0) == UNICODE_PATH_ID && body.len() >= 5 && &body[5..] != name {
            return Some(String::from_utf8_lossy(&body[5..]).into_owned());
        }
        rest = &rest[4 + n..];
    }
    None
}

pub(super) fn has_zip64_extra(extra: &[u8]) -> bool {
    let mut rest = extra;
    while rest.len() >= 4 {
        let n = le16(rest, 2) as usize;
        if le16(rest, 0) == ZIP64_EXTRA_ID {
            return true;
        }
        match rest.get(4 + n..) {
            Some(next) => rest = next,
            None => return false,
        }
    }
    false
}

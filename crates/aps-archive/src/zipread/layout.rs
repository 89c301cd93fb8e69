//! Local headers against the central directory, and the coverage check: every
//! byte of the file belongs to exactly one entry, the directory or the end records.

use super::extra::{has_zip64_extra, other_unicode_path, zip64_values};
use super::{le16, le32, le64, plural, read_exact_at, ZipArchive, ZipEntry};
use crate::rules::{ArchiveTooLarge, CorruptArchive, Remedy};
use crate::zipwrite::LOCAL_SIG;
use aps_diag::{Diagnostic, Violation};
use std::fs::File;

// The record signatures and flags are the writer's (`crate::zipwrite`): one home for
// the format's numbers; the data descriptor is the reader's alone.
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;
/// Flag bit 3: CRC and sizes follow the data.
const FLAG_DESCRIPTOR: u16 = 1 << 3;

impl ZipArchive {
    /// Check the local header of `entry` against its central record, set its
    /// data offset, and return where the entry (data descriptor included) ends.
    pub(super) fn check_local(
        file: &File,
        entry: &mut ZipEntry,
        raw_name: &[u8],
        cd_offset: u64,
        display: &str,
    ) -> Result<u64, Vec<Diagnostic>> {
        let at = |m: String| {
            vec![CorruptArchive { fault: m, remedy: Remedy::Disagree }
                .diagnostic()
                .at_path(format!("{display}/{}", entry.name))]
        };
        if entry.header_offset.checked_add(30).is_none_or(|end| end > cd_offset) {
            return Err(at(format!(
                "the central record of `{}` points at offset {}, past the entries (which end at offset {cd_offset})",
                entry.name, entry.header_offset
            )));
        }
        let mut header = [0u8; 30];
        read_exact_at(file, &mut header, entry.header_offset)
            .map_err(|e| at(format!("cannot read the local header of `{}`: {e}", entry.name)))?;
        if le32(&header, 0) != LOCAL_SIG {
            return Err(at(format!(
                "the central record of `{}` points at offset {}, where there is no local header",
                entry.name, entry.header_offset
            )));
        }
        let name_len = le16(&header, 26) as u64;
        let extra_len = le16(&header, 28) as u64;
        if entry.header_offset + 30 + name_len + extra_len > cd_offset {
            return Err(at(format!("the local header of `{}` runs into the central directory", entry.name)));
        }
        let mut variable = vec![0u8; (name_len + extra_len) as usize];
        read_exact_at(file, &mut variable, entry.header_offset + 30)
            .map_err(|e| at(format!("cannot read the local header of `{}`: {e}", entry.name)))?;
        let (local_name, local_extra) = variable.split_at(name_len as usize);
        if local_name != raw_name {
            return Err(at(format!(
                "the local header of `{}` names `{}`, the central directory `{}`",
                entry.name,
                String::from_utf8_lossy(local_name),
                entry.name
            )));
        }
        if let Some(other) = other_unicode_path(local_extra, raw_name) {
            return Err(at(format!(
                "the local header of `{}` carries a Unicode path field naming `{other}`: streaming readers may unpack that name",
                entry.name
            )));
        }
        let local_flags = le16(&header, 6);
        if local_flags != entry.flags {
            return Err(at(format!(
                "the local header of `{}` has flags {local_flags:#06x}, the central directory {:#06x}",
                entry.name, entry.flags
            )));
        }
        let local_method = le16(&header, 8);
        if local_method != entry.method {
            return Err(at(format!(
                "the local header of `{}` gives compression method {local_method}, the central directory {}",
                entry.name, entry.method
            )));
        }
        let local_crc = le32(&header, 14);
        let (c32, s32) = (le32(&header, 18), le32(&header, 22));
        let wanted = usize::from(s32 == 0xFFFF_FFFF) + usize::from(c32 == 0xFFFF_FFFF);
        let wide = zip64_values(local_extra, wanted).unwrap_or_default();
        let mut wide = wide.into_iter();
        let mut widen = |v: u32| if v == 0xFFFF_FFFF { wide.next() } else { Some(v as u64) };
        let local_size = widen(s32);
        let local_compressed = widen(c32);
        let descriptor = entry.flags & FLAG_DESCRIPTOR != 0;
        let agrees = |local: Option<u64>, central: u64| match local {
            Some(v) => v == central || (descriptor && v == 0),
            None => false,
        };
        for (what, ok) in [
            ("CRC-32", local_crc == entry.crc32 || (descriptor && local_crc == 0)),
            ("compressed size", agrees(local_compressed, entry.compressed_size)),
            ("size", agrees(local_size, entry.size)),
        ] {
            if !ok {
                return Err(at(format!(
                    "the local header of `{}` gives a different {what} than the central directory",
                    entry.name
                )));
            }
        }
        entry.data_offset = entry.header_offset + 30 + name_len + extra_len;
        let data_end = entry.data_offset.checked_add(entry.compressed_size).filter(|end| *end <= cd_offset);
        let Some(data_end) = data_end else {
            return Err(at(format!(
                "the data of `{}` ({}) runs into the central directory",
                entry.name,
                plural(entry.compressed_size, "byte", "bytes")
            )));
        };
        if !descriptor {
            return Ok(data_end);
        }
        // The descriptor: optional signature, CRC-32, then 4- or 8-byte sizes.
        let room = (cd_offset - data_end).min(24) as usize;
        let mut d = vec![0u8; room];
        read_exact_at(file, &mut d, data_end)
            .map_err(|e| at(format!("cannot read the data descriptor of `{}`: {e}", entry.name)))?;
        let skip = if d.len() >= 4 && le32(&d, 0) == DESCRIPTOR_SIG { 4 } else { 0 };
        let zip64 = has_zip64_extra(local_extra);
        let shapes: &[usize] = if zip64 { &[8, 4] } else { &[4, 8] };
        for &width in shapes {
            let need = skip + 4 + 2 * width;
            if d.len() < need {
                continue;
            }
            let read = |at: usize| if width == 8 { le64(&d, at) } else { le32(&d, at) as u64 };
            if le32(&d, skip) == entry.crc32
                && read(skip + 4) == entry.compressed_size
                && read(skip + 4 + width) == entry.size
            {
                return Ok(data_end + need as u64);
            }
        }
        Err(at(format!(
            "the data descriptor after `{}` does not repeat the CRC-32 and sizes of its central record",
            entry.name
        )))
    }

    /// Every byte before the central directory must belong to exactly one
    /// entry: what lies between entries is read by streaming readers (which
    /// walk local headers) and ignored by the others.
    pub(super) fn check_coverage(
        &mut self,
        display: &str,
        mut extents: Vec<(u64, u64, usize)>,
        cd_offset: u64,
        diags: &mut Vec<Diagnostic>,
    ) {
        extents.sort_unstable();
        let mut covered = 0u64;
        let mut previous: Option<usize> = None;
        for &(start, end, index) in &extents {
            if start < covered {
                let a = previous.map(|p| self.entries[p].name.clone()).unwrap_or_default();
                let b = &self.entries[index].name;
                diags.push(
                    ArchiveTooLarge::Overlap { first: &a, second: b }
                        .diagnostic()
                        .at_path(format!("{display}/{b}")),
                );
                // Nothing is read from a refused archive; one overlap says enough.
                self.refused = true;
                return;
            } else if start > covered {
                let before = previous.map(|p| format!("after `{}`", self.entries[p].name));
                diags.push(self.unaccounted(display, covered, start, before));
            }
            if end > covered {
                covered = end;
                previous = Some(index);
            }
        }
        if covered < cd_offset {
            let before = previous
                .map(|p| format!("after `{}`, before the central directory", self.entries[p].name))
                .or_else(|| Some("before the central directory".into()));
            diags.push(self.unaccounted(display, covered, cd_offset, before));
        }
    }

    /// A finding for `[from, to)`, which no central record accounts for.
    fn unaccounted(&self, display: &str, from: u64, to: u64, place: Option<String>) -> Diagnostic {
        let place = place.unwrap_or_else(|| "before the first entry".into());
        let mut head = [0u8; 30];
        let hidden = to - from >= 30
            && read_exact_at(&self.file, &mut head, from).is_ok()
            && le32(&head, 0) == LOCAL_SIG;
        let message = if hidden {
            let name_len = (le16(&head, 26) as u64).min(to - from - 30).min(1024) as usize;
            let mut name = vec![0u8; name_len];
            let name = match read_exact_at(&self.file, &mut name, from + 30) {
                Ok(()) => String::from_utf8_lossy(&name).into_owned(),
                Err(_) => String::new(),
            };
            format!(
                "a local entry `{name}` at offset {from} ({place}) has no central directory record: readers that \
                 walk local headers unpack it, readers of the directory do not"
            )
        } else {
            format!(
                "{} at offset {from} ({place}) {} to no entry: every byte before the central directory must be \
                 part of an entry",
                plural(to - from, "byte", "bytes"),
                if to - from == 1 { "belongs" } else { "belong" }
            )
        };
        CorruptArchive { fault: message, remedy: Remedy::Altered }.diagnostic().at_path(display)
    }
}

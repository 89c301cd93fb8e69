//! Entry preparation of the archive writer: reading, hashing and compressing
//! each file (in memory or streamed through a temporary file), and appending a
//! prepared entry to the archive body in order.

use super::BuildError;
use crate::deflate::{
    deflate_chunk, deflate_smaller, deflated_len_within, CHUNK_BYTES, DICTIONARY_BYTES, FINAL_BLOCK,
};
use crate::rules::ArchiveTooLarge;
use crate::select::{SelectedFile, TEMP_PREFIX};
use crate::zipwrite::{self, Counting, EntryRecord, METHOD_DEFLATED, METHOD_STORED};
use aps_diag::{Diagnostic, Violation};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Deflate level of every entry: zlib's default, as the official tools use.
pub const DEFLATE_LEVEL: i32 = 6;
/// Deflate level of the compressibility probe.
const PROBE_LEVEL: i32 = 1;
/// Files up to this size are read and compressed in memory.
const IN_MEMORY_MAX: u64 = 4 * 1024 * 1024;
/// Bytes looked at (their frequencies, else deflated at level 1) to decide
/// whether a file is worth compressing; smaller files are always deflated.
const PROBE_LEN: usize = 16 * 1024;
/// Deflate must save at least this share (in percent) of the probe.
const PROBE_MIN_SAVING: usize = 3;
/// A sample whose bytes alone, Huffman-coded, save this share (in percent) is
/// compressible without trying: deflate codes literals at least that well.
const LITERALS_MIN_SAVING: u64 = 10;
/// Stored entries up to this size keep their bytes for the writer; larger ones
/// are read again when written (their SHA-256 checked on the way).
const STORED_KEPT_MAX: usize = 64 * 1024;
/// A worker keeps its whole-file buffer for the next file up to this size; a
/// larger one (a rare big file) is given back at once.
const FILE_BUFFER_KEPT: usize = 1024 * 1024;
const STREAM_CHUNK: usize = 256 * 1024;

/// One thing to put in the archive, in archive order.
pub(super) enum Item<'a> {
    Dir(&'a str),
    File(&'a SelectedFile),
    Memory { name: &'a str, bytes: &'a [u8] },
}

impl Item<'_> {
    pub(super) fn name(&self) -> &str {
        match self {
            Item::Dir(n) => n,
            Item::File(f) => &f.name,
            Item::Memory { name, .. } => name,
        }
    }

    /// Bytes this item holds in memory while it waits to be written.
    pub(super) fn cost(&self) -> u64 {
        match self {
            Item::Dir(_) => 0,
            Item::File(f) if f.size <= IN_MEMORY_MAX => f.size,
            Item::File(_) => (chunks_in_flight() * CHUNK_BYTES * 2) as u64,
            Item::Memory { bytes, .. } => bytes.len() as u64,
        }
    }
}

enum Payload {
    None,
    Memory(Vec<u8>),
    /// Compressed data in a temporary file.
    Temp(File),
    /// Stored data to copy from the source again.
    Source(SelectedFile),
}

pub(super) struct Prepared {
    pub(super) name: String,
    pub(super) is_dir: bool,
    method: u16,
    crc32: u32,
    pub(super) size: u64,
    compressed_size: u64,
    pub(super) sha256: [u8; 32],
    payload: Payload,
}

thread_local! {
    /// Each worker's buffers, kept from file to file: the bytes of a file read
    /// whole, and the chunks of one read piece by piece. Taken out of their cell
    /// while in use, so that a nested call (rayon runs other work while a thread
    /// waits) gets buffers of its own.
    static FILE_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
    static CHUNK_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Bits the bytes of `sample` take when Huffman-coded one by one (an optimal
/// prefix code of their frequencies, as deflate's literals are coded), without
/// looking for repeats. Integers only, so the decision it feeds is the same on
/// every machine.
pub(super) fn literal_bits(sample: &[u8]) -> u64 {
    let mut counts = [0u64; 256];
    for &byte in sample {
        counts[usize::from(byte)] += 1;
    }
    let mut heap: BinaryHeap<Reverse<u64>> = counts.iter().filter(|&&c| c > 0).map(|&c| Reverse(c)).collect();
    if heap.len() < 2 {
        return sample.len() as u64;
    }
    // Each merge of the two rarest adds a bit to every byte below it.
    let mut bits = 0;
    while let (Some(Reverse(a)), Some(Reverse(b))) = (heap.pop(), heap.pop()) {
        bits += a + b;
        heap.push(Reverse(a + b));
    }
    bits
}

/// Whether deflating `sample` saves enough to be worth compressing the whole file.
pub(super) fn worth_compressing(sample: &[u8]) -> bool {
    if sample.len() < PROBE_LEN {
        return true;
    }
    let probe = &sample[..PROBE_LEN];
    // Text and most other compressible data: its byte frequencies alone show it,
    // at a fraction of the cost of deflating the sample.
    if literal_bits(probe) * 100 <= (PROBE_LEN as u64 * 8) * (100 - LITERALS_MIN_SAVING) {
        return true;
    }
    // Deflate at the fastest level must fit in less than (100 - PROBE_MIN_SAVING) % of the probe.
    let limit = (PROBE_LEN * (100 - PROBE_MIN_SAVING) - 1) / 100;
    deflated_len_within(probe, PROBE_LEVEL, limit).unwrap_or(Some(0)).is_some()
}

impl Prepared {
    fn file(
        name: String,
        method: u16,
        crc32: u32,
        sizes: (u64, u64),
        sha256: [u8; 32],
        payload: Payload,
    ) -> Self {
        let (size, compressed_size) = sizes;
        Prepared { name, is_dir: false, method, crc32, size, compressed_size, sha256, payload }
    }
}

impl Prepared {
    /// Why `verify`, with `limits`, would refuse the archive once this entry is in it
    /// (`expanded`: the sizes of the entries so far, this one included).
    pub(super) fn refused_by(&self, limits: &crate::zipread::Limits, expanded: u64) -> Option<Diagnostic> {
        if limits.ratio_exceeded(self.size, self.compressed_size) {
            let (name, compressed, size, limit) =
                (&*self.name, self.compressed_size, self.size, limits.max_ratio);
            return Some(ArchiveTooLarge::BuildRatio { name, compressed, size, limit }.diagnostic());
        }
        (expanded > limits.max_total_size).then(|| {
            ArchiveTooLarge::BuildTotal { total: expanded, limit: limits.max_total_size }.diagnostic()
        })
    }
}

/// The digests of bytes held whole, and their deflated form where it is worth keeping.
fn digest_and_deflate(data: &[u8]) -> ([u8; 32], u32, Option<Vec<u8>>) {
    let sha256: [u8; 32] = Sha256::digest(data).into();
    let crc32 = crc32fast::hash(data);
    let compressed =
        if worth_compressing(data) { deflate_smaller(data, DEFLATE_LEVEL).ok().flatten() } else { None };
    (sha256, crc32, compressed)
}

pub(super) fn prepare_memory(name: &str, data: Vec<u8>) -> Prepared {
    let size = data.len() as u64;
    let (sha256, crc32, compressed) = digest_and_deflate(&data);
    let (method, payload) = match compressed {
        Some(compressed) => (METHOD_DEFLATED, compressed),
        None => (METHOD_STORED, data),
    };
    Prepared::file(
        name.to_string(),
        method,
        crc32,
        (size, payload.len() as u64),
        sha256,
        Payload::Memory(payload),
    )
}

/// A file of at most [`IN_MEMORY_MAX`] bytes, read whole into this thread's
/// buffer: hashed, then deflated in one go. Only the deflated bytes are kept;
/// a stored file larger than [`STORED_KEPT_MAX`] is read again when written.
fn prepare_whole(file: &SelectedFile) -> Result<Prepared, BuildError> {
    let mut data = FILE_BUFFER.take();
    data.clear();
    data.reserve(file.size as usize + 1);
    let read = file
        .open()
        .and_then(|f| f.take(file.size + 1).read_to_end(&mut data))
        .and_then(|read| file.check_size(read as u64));
    let prepared = read.map(|()| {
        let size = data.len() as u64;
        let (sha256, crc32, compressed) = digest_and_deflate(&data);
        let (method, compressed_size, payload) = match compressed {
            Some(bytes) => (METHOD_DEFLATED, bytes.len() as u64, Payload::Memory(bytes)),
            None if data.len() <= STORED_KEPT_MAX => (METHOD_STORED, size, Payload::Memory(data.clone())),
            None => (METHOD_STORED, size, Payload::Source(file.clone())),
        };
        Prepared::file(file.name.clone(), method, crc32, (size, compressed_size), sha256, payload)
    });
    if data.capacity() <= FILE_BUFFER_KEPT {
        FILE_BUFFER.set(data);
    }
    prepared.map_err(|e| cannot_read(file, e))
}

fn cannot_read(file: &SelectedFile, e: io::Error) -> BuildError {
    BuildError::io(format!("cannot read {}", file.path.display()), e)
}

/// A failed write of the archive `archive` (its temporary files included).
pub(super) fn cannot_write(archive: &Path, e: io::Error) -> BuildError {
    BuildError::io(format!("cannot write the archive {}", archive.display()), e)
}

/// Read `reader` to the end in chunks (into this thread's chunk buffer), calling `sink` for
/// each; a failed read becomes `read_failed`'s error, so it is told apart from the sink's.
pub(super) fn read_chunks<E>(
    reader: &mut impl Read,
    read_failed: impl Fn(io::Error) -> E,
    mut sink: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    let mut buf = CHUNK_BUFFER.take();
    buf.resize(STREAM_CHUNK, 0);
    let result = loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(read_failed(e)),
        };
        if let Err(e) = sink(&buf[..n]) {
            break Err(e);
        }
    };
    CHUNK_BUFFER.set(buf);
    result
}

/// Chunks of a streamed file deflated at once, in parallel. Only memory
/// and speed depend on it: chunk boundaries and dictionaries do not.
fn chunks_in_flight() -> usize {
    rayon::current_num_threads().clamp(2, 8)
}

/// Read from `source` into `buf` until it holds `want` bytes or the file ends;
/// whether it ended.
fn fill(source: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let before = buf.len();
    let got = source.take((want - before) as u64).read_to_end(buf)?;
    Ok(before + got < want)
}

pub(super) fn prepare_stream(file: &SelectedFile, temp_dir: &Path) -> Result<Prepared, BuildError> {
    let read_failed = |e| cannot_read(file, e);
    let temp_failed =
        |e| BuildError::io(format!("cannot write a temporary file in {}", temp_dir.display()), e);
    // One byte past the selected size is enough to tell that the file grew.
    let mut source = file.open().map_err(read_failed)?.take(file.size + 1);
    let mut head = Vec::with_capacity(PROBE_LEN);
    (&mut source).take(PROBE_LEN as u64).read_to_end(&mut head).map_err(read_failed)?;
    let mut hasher = Sha256::new();
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    // Stored as it is: the payload is the file itself, read again when written.
    let stored = |crc32, size, sha256| {
        file.check_size(size).map_err(read_failed)?;
        let sizes = (size, size);
        Ok(Prepared::file(
            file.name.clone(),
            METHOD_STORED,
            crc32,
            sizes,
            sha256,
            Payload::Source(file.clone()),
        ))
    };
    if !worth_compressing(&head) {
        hasher.update(&head);
        crc.update(&head);
        size += head.len() as u64;
        read_chunks(&mut source, read_failed, |chunk| {
            hasher.update(chunk);
            crc.update(chunk);
            size += chunk.len() as u64;
            Ok(())
        })?;
        let sha: [u8; 32] = hasher.finalize().into();
        return stored(crc.finalize(), size, sha);
    }
    // pigz's layout (see `crate::deflate`): fixed chunks deflated in parallel,
    // each primed with the end of the one before, joined in order.
    let temp =
        tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(temp_dir).map_err(temp_failed)?.into_file();
    let mut out = Counting::new(BufWriter::with_capacity(STREAM_CHUNK, temp));
    let group = chunks_in_flight() * CHUNK_BYTES;
    let mut pending = head;
    pending.reserve(group.saturating_sub(pending.len()));
    let mut dictionary: Vec<u8> = Vec::with_capacity(DICTIONARY_BYTES);
    loop {
        let ended = fill(&mut source, &mut pending, group).map_err(read_failed)?;
        if pending.is_empty() {
            break;
        }
        let chunks: Vec<&[u8]> = pending.chunks(CHUNK_BYTES).collect();
        let ((), compressed) = rayon::join(
            || {
                hasher.update(&pending);
                crc.update(&pending);
            },
            || {
                (0..chunks.len())
                    .into_par_iter()
                    .map(|i| {
                        let dict = match i {
                            0 => &dictionary[..],
                            _ => &chunks[i - 1][chunks[i - 1].len().saturating_sub(DICTIONARY_BYTES)..],
                        };
                        deflate_chunk(dict, chunks[i], DEFLATE_LEVEL)
                    })
                    .collect::<Vec<_>>()
            },
        );
        for piece in compressed {
            let piece =
                piece.map_err(|e| BuildError::io(format!("cannot compress {}", file.path.display()), e))?;
            out.write_all(&piece).map_err(temp_failed)?;
        }
        size += pending.len() as u64;
        dictionary.clear();
        dictionary.extend_from_slice(&pending[pending.len().saturating_sub(DICTIONARY_BYTES)..]);
        pending.clear();
        if ended {
            break;
        }
    }
    file.check_size(size).map_err(read_failed)?;
    out.write_all(&FINAL_BLOCK).map_err(temp_failed)?;
    out.flush().map_err(temp_failed)?;
    let compressed_size = out.written;
    let mut temp = out.inner.into_inner().map_err(|e| temp_failed(e.into_error()))?;
    let sha: [u8; 32] = hasher.finalize().into();
    if compressed_size >= size {
        return stored(crc.finalize(), size, sha);
    }
    temp.seek(SeekFrom::Start(0)).map_err(temp_failed)?;
    let sizes = (size, compressed_size);
    Ok(Prepared::file(file.name.clone(), METHOD_DEFLATED, crc.finalize(), sizes, sha, Payload::Temp(temp)))
}

pub(super) fn prepare(item: &Item<'_>, temp_dir: &Path) -> Result<Prepared, BuildError> {
    match item {
        Item::Dir(name) => Ok(Prepared {
            name: name.to_string(),
            is_dir: true,
            method: METHOD_STORED,
            crc32: 0,
            size: 0,
            compressed_size: 0,
            sha256: [0; 32],
            payload: Payload::None,
        }),
        Item::Memory { name, bytes } => Ok(prepare_memory(name, bytes.to_vec())),
        Item::File(file) if file.size <= IN_MEMORY_MAX => prepare_whole(file),
        Item::File(file) => prepare_stream(file, temp_dir),
    }
}

/// Append one prepared entry to `out` (whose position is `out.written`).
pub(super) fn write_entry<W: Write>(
    out: &mut Counting<W>,
    p: Prepared,
    dos: (u16, u16),
    archive: &Path,
) -> Result<EntryRecord, BuildError> {
    let record = EntryRecord {
        name: p.name,
        method: p.method,
        crc32: p.crc32,
        compressed_size: p.compressed_size,
        size: p.size,
        offset: out.written,
        is_dir: p.is_dir,
        dos,
    };
    let fail = |e: io::Error| cannot_write(archive, e);
    out.write_all(&zipwrite::local_header(&record)).map_err(fail)?;
    match p.payload {
        Payload::None => {}
        Payload::Memory(data) => out.write_all(&data).map_err(fail)?,
        Payload::Temp(mut file) => {
            let copied = io::copy(&mut file, out).map_err(fail)?;
            if copied != record.compressed_size {
                return Err(BuildError::Failed(format!("temporary data of `{}` was truncated", record.name)));
            }
        }
        Payload::Source(file) => {
            let mut source = file.open().map_err(|e| cannot_read(&file, e))?.take(record.size + 1);
            // SHA-256, not the CRC-32 the entry carries: a change made to keep the CRC
            // (it is easy to forge) would otherwise give bytes APP-LIST.xml does not list.
            let mut hasher = Sha256::new();
            let mut copied = 0u64;
            read_chunks(
                &mut source,
                |e| cannot_read(&file, e),
                |chunk| {
                    hasher.update(chunk);
                    copied += chunk.len() as u64;
                    out.write_all(chunk).map_err(fail)
                },
            )?;
            if copied != record.size || <[u8; 32]>::from(hasher.finalize()) != p.sha256 {
                return Err(cannot_read(&file, aps_diag::reading::changed("it changed")));
            }
        }
    }
    Ok(record)
}

//! Raw deflate for archive entries.
//!
//! Two compressors, each where it is fastest at the same ratio:
//!
//! - **Whole entries in memory** (files up to 4 MiB, APP-LIST.xml, generated
//!   files): `libdeflate` through the `libdeflater` crate. It compresses the
//!   whole buffer at once (no streaming state), which lets it search for
//!   matches and choose blocks faster than zlib's design allows, and at
//!   level 6 its output is a little smaller than zlib's level 6 (what
//!   Info-ZIP `zip` uses). Its output depends only on the input, the level and
//!   the library version: the CPU-specific code of its compressor only clears
//!   and slides the match finder's tables, computing what the portable code
//!   computes. The version is pinned by `Cargo.lock`. An entry is given
//!   room for one byte less than its size ([`deflate_smaller`]): libdeflate
//!   stops as soon as its output would not fit, which means "store it", and
//!   what it writes does not depend on the room it has.
//! - **Large files, streamed** ([`deflate_chunk`]): pigz's layout. The file
//!   is cut into fixed 1 MiB chunks; each is deflated on its own (in
//!   parallel) with `zlib-rs`, primed with the last 32 KiB of the chunk
//!   before it as a preset dictionary, and ended with a sync flush so it
//!   ends on a byte boundary; the chunks are joined in order and an empty
//!   final block closes the stream. libdeflate takes no dictionary and always
//!   ends its output with a final block, so it cannot make these pieces.
//!   Chunk boundaries are fixed by the input alone, so the bytes do not
//!   depend on the number of threads or their scheduling; priming keeps the
//!   ratio within a few bytes per chunk of one continuous stream. `zlib-rs`'s
//!   output too depends only on input, level and version: its configuration
//!   table and hash are fixed and its CPU-specific paths compute the same
//!   results as the portable ones.

use libdeflater::{CompressionLvl, Compressor};
use std::cell::{Cell, RefCell};
use std::io;
use zlib_rs::{Deflate, DeflateFlush};

const WINDOW_BITS: u8 = 15;
/// Input bytes per chunk of a streamed file.
pub const CHUNK_BYTES: usize = 1024 * 1024;
/// The preset dictionary of a chunk: deflate's window.
pub const DICTIONARY_BYTES: usize = 32 * 1024;
/// An empty final block with fixed codes: closes a stream of sync-flushed chunks.
pub const FINAL_BLOCK: [u8; 2] = [0x03, 0x00];

fn error(e: zlib_rs::DeflateError) -> io::Error {
    io::Error::other(format!("deflate failed: {e:?}"))
}

thread_local! {
    /// One libdeflate compressor per thread and level (it allocates its tables once).
    static COMPRESSORS: RefCell<Vec<(i32, Compressor)>> = const { RefCell::new(Vec::new()) };
    /// Each thread's output buffer of the compressibility probe.
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Run `f` with this thread's libdeflate compressor of `level`.
fn with_compressor<T>(level: i32, f: impl FnOnce(&mut Compressor) -> T) -> io::Result<T> {
    let lvl =
        CompressionLvl::new(level).map_err(|_| io::Error::other(format!("bad deflate level {level}")))?;
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.borrow_mut();
        let index = match compressors.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                compressors.push((level, Compressor::new(lvl)));
                compressors.len() - 1
            }
        };
        Ok(f(&mut compressors[index].1))
    })
}

/// Deflate `data` into the start of `out` (at most `out.len()` bytes); the
/// compressed length, or `None` when it does not fit.
fn compress_into(data: &[u8], level: i32, out: &mut [u8]) -> io::Result<Option<usize>> {
    with_compressor(level, |c| c.deflate_compress(data, out).ok())
}

/// `data` deflated in one go (a complete raw deflate stream).
pub fn deflate_bytes(data: &[u8], level: i32) -> io::Result<Vec<u8>> {
    let mut out = vec![0u8; with_compressor(level, |c| c.deflate_compress_bound(data.len()))?];
    let n = compress_into(data, level, &mut out)?
        .ok_or_else(|| io::Error::other("deflate failed: output larger than its bound"))?;
    out.truncate(n);
    Ok(out)
}

/// `data` deflated in one go, when that makes it smaller (else `None`: the
/// entry is stored). The bytes are those of [`deflate_bytes`]: libdeflate's
/// output does not depend on the room it is given, only whether it fits. The
/// buffer is shrunk to the compressed size, so a waiting entry holds no more
/// than its compressed bytes.
pub fn deflate_smaller(data: &[u8], level: i32) -> io::Result<Option<Vec<u8>>> {
    if data.is_empty() {
        return Ok(None);
    }
    let mut out = vec![0u8; data.len() - 1];
    Ok(compress_into(data, level, &mut out)?.map(|n| {
        out.truncate(n);
        out.shrink_to_fit();
        out
    }))
}

/// Length of `data` deflated in one go, when it fits in `limit` bytes.
pub fn deflated_len_within(data: &[u8], level: i32, limit: usize) -> io::Result<Option<usize>> {
    with_scratch(limit, |out| compress_into(data, level, out))
}

/// Run `f` with this thread's scratch buffer, `len` bytes long. The buffer is
/// taken out of its cell while `f` runs, so a nested call gets one of its own.
fn with_scratch<T>(len: usize, f: impl FnOnce(&mut [u8]) -> T) -> T {
    let mut scratch = SCRATCH.take();
    if scratch.len() < len {
        scratch.resize(len, 0);
    }
    let result = f(&mut scratch[..len]);
    SCRATCH.set(scratch);
    result
}

/// One chunk of a streamed file: `data` deflated with `dictionary` (the end
/// of the previous chunk, empty for the first) as preset dictionary, ended
/// with a sync flush (not a final block).
pub fn deflate_chunk(dictionary: &[u8], data: &[u8], level: i32) -> io::Result<Vec<u8>> {
    let mut stream = Deflate::new(level, false, WINDOW_BITS);
    if !dictionary.is_empty() {
        stream.set_dictionary(dictionary).map_err(error)?;
    }
    let mut out = vec![0u8; zlib_rs::compress_bound(data.len()) + 64];
    let mut input = data;
    let mut written = 0usize;
    loop {
        let before_in = stream.total_in();
        let before_out = stream.total_out();
        stream.compress(input, &mut out[written..], DeflateFlush::SyncFlush).map_err(error)?;
        input = &input[(stream.total_in() - before_in) as usize..];
        written += (stream.total_out() - before_out) as usize;
        if input.is_empty() && written < out.len() {
            break;
        }
        if written == out.len() {
            out.resize(out.len() + 64 * 1024, 0);
        }
    }
    out.truncate(written);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(data).read_to_end(&mut out).unwrap();
        out
    }

    /// Chunks joined as the build joins them: primed, sync-flushed, closed.
    fn chunked(data: &[u8], chunk: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut previous: &[u8] = &[];
        for piece in data.chunks(chunk) {
            let dict = &previous[previous.len().saturating_sub(DICTIONARY_BYTES)..];
            out.extend(deflate_chunk(dict, piece, 6).unwrap());
            previous = piece;
        }
        out.extend(FINAL_BLOCK);
        out
    }

    #[test]
    fn one_shot_and_chunked_round_trip_at_the_same_ratio() {
        let text: Vec<u8> =
            (0..200_000u32).flat_map(|i| format!("line {} of text\n", i % 977).into_bytes()).collect();
        let whole = deflate_bytes(&text, 6).unwrap();
        let streamed = chunked(&text, 300_000);
        assert_eq!(inflate(&whole), text);
        assert_eq!(inflate(&streamed), text);
        assert!(whole.len() < text.len() / 10);
        // Priming with the previous chunk keeps the chunked stream close to one stream.
        // (The same compressor, each chunk without the previous one as its dictionary.)
        let unprimed: usize =
            text.chunks(300_000).map(|c| deflate_chunk(&[], c, 6).unwrap().len()).sum::<usize>() + 2;
        assert!(streamed.len() < unprimed, "{} vs {unprimed}", streamed.len());
        assert_eq!(inflate(&chunked(b"", 10)), b"");
    }

    /// Bytes no compressor can shrink: xorshift output from `seed`.
    fn noise(mut x: u64, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn empty_and_incompressible_inputs() {
        assert_eq!(inflate(&deflate_bytes(b"", 6).unwrap()), b"");
        let noise = noise(0x1234_5678_9abc_def0, 300_000);
        let packed = deflate_bytes(&noise, 6).unwrap();
        assert!(packed.len() > noise.len(), "stored blocks are a little larger");
        assert_eq!(inflate(&packed), noise);
    }

    #[test]
    fn deflate_smaller_gives_the_same_bytes_or_none() {
        let text: Vec<u8> =
            (0..50_000u32).flat_map(|i| format!("row {} ok\n", i % 301).into_bytes()).collect();
        assert_eq!(deflate_smaller(&text, 6).unwrap(), Some(deflate_bytes(&text, 6).unwrap()));
        let noise = noise(0x9e37_79b9_7f4a_7c15, 100_000);
        assert_eq!(deflate_smaller(&noise, 6).unwrap(), None);
        assert_eq!(deflate_smaller(b"", 6).unwrap(), None);
        // A nested call while the scratch buffer is lent out gets a buffer of its own.
        let len = with_scratch(10, |_| deflated_len_within(&text, 1, text.len()).unwrap());
        assert!(len.is_some_and(|n| n < text.len() / 4));
    }

    /// The compressed bytes are part of the reproducibility promise: pin them.
    #[test]
    fn output_is_pinned() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| {
                format!(
                    "{} tenant-{} quota={} {}\n",
                    i % 97,
                    i * 7919 % 1013,
                    i % 31,
                    "x".repeat((i % 13) as usize)
                )
                .into_bytes()
            })
            .collect();
        let packed = deflate_bytes(&text, 6).unwrap();
        assert_eq!(inflate(&packed), text);
        let digest = crate::applist::hex(&<sha2::Sha256 as sha2::Digest>::digest(&packed));
        assert_eq!((packed.len(), &digest[..16]), (121_066, "d507b7a45519a816"));
    }
}

//! Raw deflate for archive entries, with `zlib-rs`.
//!
//! Why `zlib-rs` rather than `flate2`'s default `miniz_oxide`: it deflates
//! text about twice as fast at the same level (the build's main cost), and
//! its output depends only on the input, the level and the library version:
//! the compressor's configuration table and hash function are fixed, and the
//! CPU-specific code paths (match-length comparison, hash sliding) compute
//! the same results as the portable ones. The version is pinned by
//! `Cargo.lock`, so the same inputs give the same archive on every machine.
//! Used directly (not through `flate2`'s feature), it changes the
//! compressor of this crate only.

use std::io::{self, Write};
use zlib_rs::{Deflate, DeflateFlush, Status};

const WINDOW_BITS: u8 = 15;
const CHUNK: usize = 64 * 1024;

fn error(e: zlib_rs::DeflateError) -> io::Error {
    io::Error::other(format!("deflate failed: {e:?}"))
}

/// `data` deflated in one go.
pub fn deflate_bytes(data: &[u8], level: i32) -> io::Result<Vec<u8>> {
    let mut stream = Deflate::new(level, false, WINDOW_BITS);
    let mut out = vec![0u8; zlib_rs::compress_bound(data.len()) + 64];
    let mut input = data;
    let mut written = 0usize;
    loop {
        let before_in = stream.total_in();
        let before_out = stream.total_out();
        let status = stream.compress(input, &mut out[written..], DeflateFlush::Finish).map_err(error)?;
        input = &input[(stream.total_in() - before_in) as usize..];
        written += (stream.total_out() - before_out) as usize;
        match status {
            Status::StreamEnd => break,
            _ if written == out.len() => out.resize(out.len() + CHUNK, 0),
            _ => {}
        }
    }
    out.truncate(written);
    Ok(out)
}

/// A streaming deflater writing into `W`.
pub struct Deflater<W: Write> {
    stream: Deflate,
    out: W,
    buf: Vec<u8>,
}

impl<W: Write> Deflater<W> {
    pub fn new(out: W, level: i32) -> Self {
        Deflater { stream: Deflate::new(level, false, WINDOW_BITS), out, buf: vec![0u8; CHUNK] }
    }

    fn run(&mut self, mut input: &[u8], flush: DeflateFlush) -> io::Result<Status> {
        loop {
            let before_in = self.stream.total_in();
            let before_out = self.stream.total_out();
            let status = self.stream.compress(input, &mut self.buf, flush).map_err(error)?;
            input = &input[(self.stream.total_in() - before_in) as usize..];
            let produced = (self.stream.total_out() - before_out) as usize;
            self.out.write_all(&self.buf[..produced])?;
            let drained = produced < self.buf.len();
            match status {
                Status::StreamEnd => return Ok(status),
                _ if input.is_empty() && drained && !matches!(flush, DeflateFlush::Finish) => {
                    return Ok(status)
                }
                _ => {}
            }
        }
    }

    /// Compress all of `data`.
    pub fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        self.run(data, DeflateFlush::NoFlush).map(|_| ())
    }

    /// End the stream and hand back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.run(&[], DeflateFlush::Finish)?;
        self.out.flush()?;
        Ok(self.out)
    }
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

    #[test]
    fn one_shot_and_streaming_agree_and_round_trip() {
        let text: Vec<u8> =
            (0..200_000u32).flat_map(|i| format!("line {} of text\n", i % 977).into_bytes()).collect();
        let whole = deflate_bytes(&text, 6).unwrap();
        let mut stream = Deflater::new(Vec::new(), 6);
        for chunk in text.chunks(7_777) {
            stream.write_all(chunk).unwrap();
        }
        let streamed = stream.finish().unwrap();
        assert_eq!(inflate(&whole), text);
        assert_eq!(inflate(&streamed), text);
        assert!(whole.len() < text.len() / 10);
    }

    #[test]
    fn empty_and_incompressible_inputs() {
        assert_eq!(inflate(&deflate_bytes(b"", 6).unwrap()), b"");
        let mut x = 0x1234_5678_9abc_def0u64;
        let noise: Vec<u8> = (0..300_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        let packed = deflate_bytes(&noise, 6).unwrap();
        assert!(packed.len() > noise.len(), "stored blocks are a little larger");
        assert_eq!(inflate(&packed), noise);
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
        let digest = crate::applist::hex(&<sha2::Sha256 as sha2::Digest>::digest(&packed));
        assert_eq!((packed.len(), &digest[..16]), (105_914, "ae0957a3cfbbf298"));
    }
}

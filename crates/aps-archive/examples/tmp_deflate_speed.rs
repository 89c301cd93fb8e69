use std::io::Write;
fn main() {
    let dir = std::path::Path::new("/work/main/target/bench-build/pkg/ui/gen/m01");
    let mut data = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() { data.extend(std::fs::read(e.unwrap().path()).unwrap()); }
    println!("{} bytes", data.len());
    for level in [6, 5, 4] {
        let t = std::time::Instant::now();
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(level));
        enc.write_all(&data).unwrap();
        let out = enc.finish().unwrap();
        println!("miniz  level {level}: {:?} -> {}", t.elapsed(), out.len());
        let t = std::time::Instant::now();
        let mut d = zlib_rs::Deflate::new(level as i32, false, 15);
        let mut out = vec![0u8; data.len() + 1024];
        let st = d.compress(&data, &mut out, zlib_rs::DeflateFlush::Finish).unwrap();
        println!("zlibrs level {level}: {:?} -> {} {:?}", t.elapsed(), d.total_out(), st);
    }
}

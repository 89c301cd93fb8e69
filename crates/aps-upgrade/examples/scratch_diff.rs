fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let o = aps_upgrade::open::open_package(std::path::Path::new(&a[0])).unwrap();
    let n = aps_upgrade::open::open_package(std::path::Path::new(&a[1])).unwrap();
    for d in o.diagnostics.iter().chain(n.diagnostics.iter()) { eprintln!("load: {} {} {:?}", d.rule.code, d.message, d.display_path()); }
    let t = std::time::Instant::now();
    let r = aps_upgrade::diff(o.package.as_ref().unwrap(), n.package.as_ref().unwrap());
    eprintln!("diff took {:?}", t.elapsed());
    if a.get(2).map(|s| s.as_str()) == Some("json") { print!("{}", aps_upgrade::render_json(&r)); } else {
    print!("{}", aps_upgrade::render_human(&r, &Default::default())); }
}

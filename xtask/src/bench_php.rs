//! `cargo xtask bench php`: schema generation from PHP annotations over
//! synthetic packages of 10, 100 and 1000 scripts, to show the reader's cost
//! is linear in the size of the scripts and what it reads per second.
//!
//! Each script declares one annotated type class (30 properties, 10
//! relations, 10 operations with parameters), two structure classes, and as
//! much ordinary PHP again (method bodies with strings, heredocs, comments
//! and nested braces) that the reader must skip.

use aps_diag::SourceFile;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [10, 100, 1_000];

pub fn run() -> Result<(), String> {
    println!("aps-php: generate type schemas from synthetic PHP scripts (one type class each)");
    println!(
        "{:>8} {:>10} {:>10} {:>12} {:>10} {:>10}",
        "scripts", "MiB", "ms", "µs/script", "MiB/s", "types"
    );
    let mut per_script = Vec::new();
    for n in SIZES {
        let files: Vec<Arc<SourceFile>> =
            (0..n).map(|i| SourceFile::new(format!("scripts/t{i}.php"), script(i, n))).collect();
        let bytes: usize = files.iter().map(|f| f.text().len()).sum();
        let runs = (2_000 / n).clamp(3, 50) as u32;
        let mut total = Duration::ZERO;
        let mut types = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let g = aps_php::generate(&files, &|_| true);
            total += start.elapsed();
            types = g.types.len();
            if !g.diagnostics.is_empty() {
                return Err(format!("synthetic scripts produced findings: {}", g.diagnostics[0].message));
            }
        }
        let avg = total / runs;
        let mib = bytes as f64 / (1024.0 * 1024.0);
        let us = avg.as_secs_f64() * 1e6 / n as f64;
        per_script.push(us);
        println!(
            "{n:>8} {mib:>10.2} {:>10.1} {us:>12.1} {:>10.1} {types:>10}",
            avg.as_secs_f64() * 1e3,
            mib / avg.as_secs_f64()
        );
    }
    let (first, last) = (per_script[0], per_script[per_script.len() - 1]);
    println!("cost per script at {} vs {} scripts: {:.2}×", SIZES[2], SIZES[0], last / first);
    Ok(())
}

/// One script: structures, the type class, and code to skip.
fn script(i: usize, n: usize) -> String {
    let mut s = String::from("<?php\nrequire \"aps/2/runtime.php\";\n\n");
    for k in 0..2 {
        let _ = write!(
            s,
            "class S{i}x{k} {{\n    /**\n     * @type(integer)\n     * @title(\"Value {k}\")\n     */\n    public $value = {k};\n    /**\n     * @type(string[])\n     */\n    public $tags = array('a', 'b');\n}}\n\n"
        );
    }
    let _ = write!(
        s,
        "/**\n * Type {i}.\n * @type(\"http://bench.example/app/t{i}/1.0\")\n * @implements(\"http://aps-standard.org/types/core/resource/1.0\")\n */\nclass t{i} extends \\APS\\ResourceBase\n{{\n"
    );
    for p in 0..30 {
        let ty = match p % 4 {
            0 => "string".to_string(),
            1 => "integer".to_string(),
            2 => format!("S{i}x{}", p % 2),
            _ => "\"http://aps-standard.org/types/core/resource/1.0#Counter\"".to_string(),
        };
        let _ = write!(
            s,
            "    /**\n     * @type({ty})\n     * @title(\"Property {p}\")\n     * @description(\"What property {p} of type {i} holds\")\n     * @required\n     */\n    public $p{p} = {};\n\n",
            if p % 4 == 1 { "0" } else { "null" }
        );
    }
    for r in 0..10 {
        let _ = write!(
            s,
            "    /**\n     * @link(\"http://bench.example/app/t{}/1.0{}\")\n     */\n    public $r{r};\n\n",
            (i + r + 1) % n,
            if r % 2 == 0 { "[]" } else { "" }
        );
    }
    for m in 0..10 {
        let _ = write!(
            s,
            "    /**\n     * @verb(POST)\n     * @path(\"/op{m}\")\n     * @param(string, query)\n     * @param(object, body)\n     * @return(string, text/json)\n     */\n    public function op{m}($name, $body = null)\n    {{\n        $sql = <<<SQL\n        SELECT * FROM t{i} WHERE name = '{{$name}}' -- }} {{\n        SQL;\n        // a comment with }} and /** not a docblock\n        if ($body) {{ foreach ($body as $k => $v) {{ $x[\"{{$k}}\"] = \"{{$v}}\"; }} }}\n        return json_encode(array('op' => {m}, 'sql' => $sql));\n    }}\n\n"
        );
    }
    s.push_str("}\n");
    s
}

//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The wire-data corpus: `$ASTER_CORPUS`, or `../shared/corpus` beside the project.
pub fn corpus_dir() -> PathBuf {
    if let Ok(p) = std::env::var("ASTER_CORPUS") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Every file below `dir` (recursively), sorted, whose name satisfies `pred`.
pub fn files_under(dir: &Path, pred: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if pred(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A small deterministic PRNG (xorshift64*) for random chunkings in tests.
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Value in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

pub mod claude_support;
pub mod eventstream;
pub mod oracle;
pub mod script;

/// The canary credential every Rust test configures: distinctive, so that `tests/secrets.rs`
/// (and any test) can assert it never shows up in an error, a Debug output or a chunk.
pub const CANARY_KEY: &str = "sk-aster-canary-7Q2x9LmZ4vKp-DO-NOT-LEAK";

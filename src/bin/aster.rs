//! The aster native CLI.
fn main() {}

//! Property tests of the importers and exporters: any bytes and mutated real programmes
//! give a programme or an error in French, never a panic; what imports and validates
//! round-trips; what we export reads back through our importers; the subscribed calendar
//! reads back in another parser. Needs `--all-features` (`import`, `export`).

#[path = "../support/mod.rs"]
mod support;

mod exports;
mod importers;

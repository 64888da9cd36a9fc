//! `okr`: objectives and key results at the command line.
//!
//! Data flows one way: [`cli`] (clap types) → [`app`] (one function per command) →
//! [`store`] (the data file), [`import`] (rows to import) and [`report`] (views and their
//! renderers) → [`model`] (the pure domain: rules, scores, periods). The binary is
//! `src/main.rs`; benchmarks and property tests call this library.

pub mod app;
pub mod cli;
pub mod import;
pub mod model;
pub mod report;
pub mod store;

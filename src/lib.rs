//! Glossator: annotate events, actors and claims in text, in one SQLite file.
//!
//! Data flows one way: file → [`formats`] → [`store`] → [`model`] → view →
//! [`edit::Command`] → [`store`]. Everything but [`ui`] works without a window.

pub mod agreement;
#[doc(hidden)]
pub mod bench_corpus;
pub mod cli;
pub mod curate;
pub mod edit;
pub mod formats;
pub mod model;
pub mod project;
pub mod scratch;
pub mod search;
pub mod session;
pub mod store;
pub mod suggest;

pub mod team;
pub mod ui;

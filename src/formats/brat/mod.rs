//! brat standoff: `name.txt` + `name.ann` pairs and `annotation.conf`.
//!
//! What Glossator has no place for is kept in attributes, so it round-trips:
//! - a discontinuous span covers its fragments, which are kept in `brat:fragments`
//!   ("0 5;10 15");
//! - an event (`E`) is its trigger span, with one relation per role argument;
//!   `brat:event_roles` on the trigger lists the role names;
//! - a note of a type other than AnnotatorNotes is the attribute `#Type`;
//!   a normalisation is `N:Type` ("db:id<TAB>text");
//! - an equivalence (`*<TAB>Equiv T1 T2 T3`) is a chain of `*Equiv` relations;
//! - attributes on relations are reported, not kept.

mod conf;
mod newlines;
mod read;
mod write;

pub use conf::{parse_annotation_conf, write_annotation_conf};
pub use read::{parse_ann, read_brat_dir};
pub use write::{export_brat, export_brat_with, BratNewlines};

/// Attribute names with a meaning in brat (see the module docs).
pub const FRAGMENTS: &str = "brat:fragments";
pub const EVENT_ROLES: &str = "brat:event_roles";
pub const NOTE_PREFIX: &str = "#";
pub const NORMALIZATION_PREFIX: &str = "N:";
pub const EQUIV_PREFIX: &str = "*";

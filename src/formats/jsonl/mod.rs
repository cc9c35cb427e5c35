//! Native JSONL: one document per line (FORMATS.md). Reads any JSONL with at
//! least `text` per line; writes exactly the documented keys, in order.

mod line;
mod provenance;
mod read;
mod write;

pub use read::{parse_jsonl, read_jsonl, JsonlStream};
pub use write::{export_jsonl, export_jsonl_with_progress, ExportSummary};

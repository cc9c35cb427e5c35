//! Label Studio JSON: a list of tasks with `data` fields and annotation
//! results (`labels` regions and `relation` items), or the flat JSON-MIN
//! export. Offsets are code points; a region's `value.text` must equal
//! `text[start:end]`.

mod min;
mod read;
mod regions;
mod text_field;
mod write;

pub use read::parse_label_studio;
pub use write::export_label_studio;

//! The app's windows. Each is a type with `show(ctx, &mut open)` returning
//! what the user asked for, as egui's demo windows are; the app keeps which
//! are open and applies what they return.

pub mod agreement;
mod bar_plot;
mod computed;
pub mod curate;
pub mod layer_source;

pub mod document_tools;
pub mod export_path;
pub mod path_dialog;
pub mod preferences;
pub mod relation_picker;
pub mod replace_copy;
pub mod schema_editor;
pub mod server_project;
pub mod shortcuts;
pub mod statistics;

pub mod tag_all;

pub mod suggestions;

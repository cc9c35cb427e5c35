//! The app's windows. Each is a type with `show(ctx, &mut open)` returning
//! what the user asked for, as egui's demo windows are; the app keeps which
//! are open and applies what they return.

pub mod path_dialog;
pub mod preferences;
pub mod relation_picker;
pub mod replace_copy;
pub mod schema_editor;
pub mod shortcuts;
pub mod suggestions;

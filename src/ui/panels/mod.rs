//! The panels around the article.

pub mod documents;
pub mod header;
pub mod inspector;
mod note;
pub mod status;

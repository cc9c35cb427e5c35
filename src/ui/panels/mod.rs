//! The panels around the article.

pub mod documents;
pub mod header;
pub mod inspector;
pub mod note;
pub mod status;

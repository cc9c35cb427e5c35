//! The panels around the article.

pub mod documents;
pub mod inspector;
pub mod note;
pub mod status;

//! The base direction of a document's paragraphs, View › Text direction:
//! a view choice per document, kept in the project (`project_meta`) so that
//! it holds for everyone who opens the file.

use super::DocumentId;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TextDirection {
    /// Each paragraph from its first strong character (UAX #9 P2–P3).
    #[default]
    Auto,
    LeftToRight,
    RightToLeft,
}

impl TextDirection {
    pub const ALL: [Self; 3] = [Self::Auto, Self::LeftToRight, Self::RightToLeft];

    /// The value stored in the project for this choice.
    pub fn key(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::LeftToRight => "ltr",
            Self::RightToLeft => "rtl",
        }
    }

    /// The choice a stored value names; an unknown value (a newer version's)
    /// reads as automatic.
    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|d| d.key() == key)
            .unwrap_or_default()
    }

    /// The menu's words for it.
    pub fn menu_text(self) -> &'static str {
        match self {
            Self::Auto => "Automatic (from the first letter)",
            Self::LeftToRight => "Left to right",
            Self::RightToLeft => "Right to left",
        }
    }

    /// The `project_meta` key holding a document's choice.
    pub fn meta_key(document: DocumentId) -> String {
        format!("text_direction:{}", document.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_unknown_is_auto() {
        for direction in TextDirection::ALL {
            assert_eq!(TextDirection::from_key(direction.key()), direction);
        }
        assert_eq!(TextDirection::from_key("sideways"), TextDirection::Auto);
        assert_eq!(TextDirection::meta_key(DocumentId(7)), "text_direction:7");
    }
}

//! Database ids, one type each so a span id cannot be passed where a label id is meant.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A row of `documents`.
    DocumentId
);
id_type!(
    /// A row of `spans`.
    SpanId
);
id_type!(
    /// A row of `relations`.
    RelationId
);
id_type!(
    /// A row of `labels` (span label or relation type).
    LabelId
);

//! The label schema of a project: span labels, their attributes, relation types
//! and which labels each relation type may join.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::LabelId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LabelKind {
    /// Tags a span of text (EVENT, ACTOR, CLAIM).
    Span,
    /// Types a relation between two spans (agent, source, ...).
    Relation,
}

impl LabelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Span => "span",
            Self::Relation => "relation",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "span" => Some(Self::Span),
            "relation" => Some(Self::Relation),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub id: LabelId,
    pub kind: LabelKind,
    pub name: String,
    /// "#rrggbb".
    pub color: String,
    /// One key ("1"); None for no shortcut.
    pub shortcut: Option<String>,
    pub sort_order: i64,
}

impl Label {
    /// The colour as RGB, grey when the stored text is not "#rrggbb".
    pub fn rgb(&self) -> [u8; 3] {
        parse_hex_color(&self.color).unwrap_or([128, 128, 128])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeKind {
    /// One of a closed set of values; the first is the default.
    Choice,
    /// Yes or no.
    Flag,
    /// Any text (what brat keeps in note and normalisation lines).
    Text,
}

impl AttributeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Choice => "choice",
            Self::Flag => "flag",
            Self::Text => "text",
        }
    }

    /// The kind an imported attribute gets from its name: brat's notes
    /// ("#Lemma"), normalisations ("N:Reference") and fragments ("brat:…")
    /// hold free text; anything else is a choice.
    pub fn for_imported_name(name: &str) -> Self {
        if name.starts_with('#') || name.starts_with("N:") || name.starts_with("brat:") {
            Self::Text
        } else {
            Self::Choice
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "choice" => Some(Self::Choice),
            "flag" => Some(Self::Flag),
            "text" => Some(Self::Text),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeDef {
    pub label_id: LabelId,
    pub name: String,
    pub kind: AttributeKind,
    /// In display order; the first is the default. Empty for flags.
    pub values: Vec<String>,
}

/// A relation type may join a span labelled `from` to one labelled `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationRule {
    pub relation: LabelId,
    pub from: LabelId,
    pub to: LabelId,
}

/// The whole schema of a project, as read from the store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    /// Span labels then relation types, each in their sort order.
    labels: Vec<Label>,
    pub attributes: Vec<AttributeDef>,
    pub rules: Vec<RelationRule>,
    /// Positions in `labels`: a corpus can have thousands of labels (brat
    /// coreference clusters), looked up once per span.
    by_id: BTreeMap<LabelId, usize>,
    by_name: BTreeMap<(LabelKind, String), usize>,
}

impl Schema {
    pub fn new(
        labels: Vec<Label>,
        attributes: Vec<AttributeDef>,
        rules: Vec<RelationRule>,
    ) -> Self {
        let mut schema = Self {
            labels: Vec::new(),
            attributes,
            rules,
            by_id: BTreeMap::new(),
            by_name: BTreeMap::new(),
        };
        for label in labels {
            schema.push_label(label);
        }
        schema
    }

    /// Adds a label at the end (an import that creates labels as it goes).
    pub fn push_label(&mut self, label: Label) {
        self.by_id.insert(label.id, self.labels.len());
        self.by_name
            .insert((label.kind, label.name.clone()), self.labels.len());
        self.labels.push(label);
    }

    /// Span labels then relation types, each in their sort order.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    pub fn label(&self, id: LabelId) -> Option<&Label> {
        self.by_id.get(&id).map(|&i| &self.labels[i])
    }

    pub fn label_by_name(&self, kind: LabelKind, name: &str) -> Option<&Label> {
        self.by_name
            .get(&(kind, name.to_string()))
            .map(|&i| &self.labels[i])
    }

    pub fn span_labels(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter().filter(|l| l.kind == LabelKind::Span)
    }

    pub fn relation_labels(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter().filter(|l| l.kind == LabelKind::Relation)
    }

    /// The label's name, or "?" for an id the schema does not hold.
    pub fn label_name(&self, id: LabelId) -> &str {
        self.label(id).map_or("?", |label| label.name.as_str())
    }

    pub fn attributes_of(&self, label: LabelId) -> impl Iterator<Item = &AttributeDef> {
        self.attributes.iter().filter(move |a| a.label_id == label)
    }

    /// Relation types allowed from a span labelled `from` to one labelled `to`.
    pub fn relations_allowed(&self, from: LabelId, to: LabelId) -> Vec<LabelId> {
        let mut allowed: Vec<LabelId> = self
            .rules
            .iter()
            .filter(|rule| rule.from == from && rule.to == to)
            .map(|rule| rule.relation)
            .collect();
        allowed.sort_by_key(|id| self.label(*id).map_or(i64::MAX, |l| l.sort_order));
        allowed.dedup();
        allowed
    }
}

pub use super::schema_rules::{check_label_name, MAX_LABEL_NAME_CHARS};

/// Colours for labels added without one (by an import), distinct and readable
/// on dark and light backgrounds; `n` picks one, cycling.
pub fn palette_color(n: usize) -> &'static str {
    const PALETTE: [&str; 12] = [
        "#e8743b", "#3d8bd9", "#2ea37a", "#c45ab3", "#d4a017", "#7a6fd6", "#d9534f", "#3aa6b9",
        "#8c9c2e", "#b5651d", "#5b7fa6", "#9e5c8a",
    ];
    PALETTE[n % PALETTE.len()]
}

/// A colour for a new label that no label in `used` has (hex, any case):
/// the first free colour of the palette, then hues spread by the golden
/// angle, so labels added by an import never look alike.
pub fn distinct_color<'a>(used: impl IntoIterator<Item = &'a str>) -> String {
    let used: std::collections::HashSet<String> = used.into_iter().map(str::to_lowercase).collect();
    let palette = (0..12).map(|n| palette_color(n).to_string());
    let spread = (0..360usize).map(|n| {
        let hue = (n as f32 * 137.507_77) % 360.0;
        let (r, g, b) = hsl_to_rgb(hue, 0.55, 0.5);
        format!("#{r:02x}{g:02x}{b:02x}")
    });
    palette
        .chain(spread)
        .find(|c| !used.contains(c))
        .unwrap_or_else(|| palette_color(used.len()).to_string())
}

/// HSL (hue in degrees, saturation and lightness 0 to 1) to 8-bit RGB.
fn hsl_to_rgb(hue: f32, saturation: f32, lightness: f32) -> (u8, u8, u8) {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let sector = hue / 60.0;
    let x = chroma * (1.0 - (sector % 2.0 - 1.0).abs());
    let (r, g, b) = match sector as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    let byte = |v: f32| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    (byte(r), byte(g), byte(b))
}

impl Schema {
    /// The schema as the JSON file users share (`glossator schema --export`).
    pub fn to_file(&self) -> SchemaFile {
        let labels = self
            .span_labels()
            .map(|label| SchemaFileLabel {
                name: label.name.clone(),
                color: label.color.clone(),
                shortcut: label.shortcut.clone(),
                attributes: self
                    .attributes_of(label.id)
                    .map(|a| SchemaFileAttribute {
                        name: a.name.clone(),
                        kind: a.kind.as_str().into(),
                        values: a.values.clone(),
                    })
                    .collect(),
            })
            .collect();
        let relations = self
            .relation_labels()
            .map(|relation| SchemaFileRelation {
                name: relation.name.clone(),
                color: relation.color.clone(),
                pairs: self
                    .rules
                    .iter()
                    .filter(|r| r.relation == relation.id)
                    .map(|r| {
                        (
                            self.label_name(r.from).to_string(),
                            self.label_name(r.to).to_string(),
                        )
                    })
                    .collect(),
            })
            .collect();
        SchemaFile { labels, relations }
    }
}

/// "#rrggbb" → RGB.
pub fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// The schema as a JSON file (`assets/default-schema.json`, schema import/export).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    pub labels: Vec<SchemaFileLabel>,
    #[serde(default)]
    pub relations: Vec<SchemaFileRelation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFileLabel {
    pub name: String,
    pub color: String,
    #[serde(default)]
    pub shortcut: Option<String>,
    #[serde(default)]
    pub attributes: Vec<SchemaFileAttribute>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFileAttribute {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFileRelation {
    pub name: String,
    pub color: String,
    /// (from label, to label) pairs this relation type may join.
    pub pairs: Vec<(String, String)>,
}

/// The default schema for news analysis, bundled in `assets/`.
pub fn default_schema_file() -> SchemaFile {
    const DEFAULT_SCHEMA_JSON: &str = include_str!("../../assets/default-schema.json");
    // The asset is part of the binary and covered by a test: it always parses.
    serde_json::from_str(DEFAULT_SCHEMA_JSON).expect("assets/default-schema.json is valid")
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_new_colour_is_one_no_label_has() {
        assert_eq!(distinct_color(["#E8743B"]), palette_color(1));
        let mut used: Vec<String> = Vec::new();
        for _ in 0..40 {
            let colour = distinct_color(used.iter().map(String::as_str));
            assert!(!used.contains(&colour), "{colour} twice");
            used.push(colour);
        }
    }

    use super::*;

    #[test]
    fn default_schema_has_the_news_labels() {
        let schema = default_schema_file();
        let names: Vec<&str> = schema.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["EVENT", "ACTOR", "CLAIM"]);
        let relations: Vec<&str> = schema.relations.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            relations,
            [
                "agent",
                "target",
                "participant",
                "mediator",
                "place",
                "source",
                "about"
            ]
        );
        for label in &schema.labels {
            assert!(parse_hex_color(&label.color).is_some(), "{}", label.color);
        }
    }

    #[test]
    fn hex_colors() {
        assert_eq!(parse_hex_color("#ff8000"), Some([255, 128, 0]));
        assert_eq!(parse_hex_color("ff8000"), None);
        assert_eq!(parse_hex_color("#ff80"), None);
        assert_eq!(parse_hex_color("#ééé"), None);
    }
}

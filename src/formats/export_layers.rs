//! Which layers an export writes: `--layer NAME|gold|all`, and the default
//! when none is named.

use super::export::ExportFormat;
use super::ExportError;
use crate::model::GOLD_LAYER;
use crate::store::{LayerReads, Reader};

/// The word that asks for every layer.
pub const ALL_LAYERS: &str = "all";

/// What an export writes of a project's layers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportLayers {
    /// Every layer, each span and relation with its annotator (native JSONL,
    /// Label Studio).
    All,
    /// One annotator's layer (or `gold`).
    One(String),
}

impl ExportFormat {
    /// Whether the format can keep several annotators' layers of one document
    /// apart: native JSONL (`annotator` on each span) and Label Studio (one
    /// `annotations[]` entry per layer).
    pub fn holds_layers(self) -> bool {
        matches!(self, Self::Jsonl | Self::LabelStudio)
    }
}

/// The layers `format` writes when the user asked for `requested` (None when
/// they named none): every layer for formats that hold them; otherwise
/// `gold` when there is one, else the only layer, else a refusal listing the
/// layers. A named layer must exist.
pub fn resolve_export_layers(
    store: &impl Reader,
    format: ExportFormat,
    requested: Option<&str>,
) -> Result<ExportLayers, ExportError> {
    let names = store.layer_names()?;
    match requested {
        Some(ALL_LAYERS) if format.holds_layers() => Ok(ExportLayers::All),
        Some(ALL_LAYERS) => Err(ExportError::OneLayerOnly {
            format: format.cli_name(),
            layers: names,
        }),
        Some(name) if names.iter().any(|n| n == name) => Ok(ExportLayers::One(name.to_string())),
        Some(name) => Err(ExportError::NoSuchLayer {
            name: name.to_string(),
            layers: names,
        }),
        None if format.holds_layers() => Ok(ExportLayers::All),
        None if names.iter().any(|n| n == GOLD_LAYER) => Ok(ExportLayers::One(GOLD_LAYER.into())),
        None => match names.as_slice() {
            [] => Ok(ExportLayers::All),
            [only] => Ok(ExportLayers::One(only.clone())),
            _ => Err(ExportError::OneLayerOnly {
                format: format.cli_name(),
                layers: names,
            }),
        },
    }
}

/// "ana, ben" or "none" for a message.
pub fn list_layers(layers: &[String]) -> String {
    if layers.is_empty() {
        "there are none".to_string()
    } else {
        layers.join(", ")
    }
}

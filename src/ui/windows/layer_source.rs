//! Where the Agreement and Statistics windows read the layers from: the project
//! file through a connection of their own, on the worker thread; an in-memory
//! project (tests) has no file to open, so it is read before the work starts.

use std::path::PathBuf;

use crate::agreement::AgreementInput;
use crate::session::Session;
use crate::store::{read_agreement_input, Store, UNASSIGNED_ANNOTATOR};
use crate::ui::error::UiError;

pub enum LayerSource {
    File { path: PathBuf, annotator: String },
    Read(AgreementInput),
}

impl LayerSource {
    pub fn of(session: &Session) -> Result<Self, UiError> {
        let annotator = current_annotator(session);
        Ok(match session.path_buf() {
            Some(path) => Self::File { path, annotator },
            None => Self::Read(read_agreement_input(session.store(), &annotator)?),
        })
    }

    /// The layers; on the worker thread for a file.
    pub fn read(self) -> Result<AgreementInput, UiError> {
        match self {
            Self::File { path, annotator } => {
                let store = Store::open_read_only(&path, "reading only")?;
                Ok(read_agreement_input(&store, &annotator)?)
            }
            Self::Read(input) => Ok(input),
        }
    }
}

/// Whose layer the unassigned spans are: the name in View › Preferences.
pub fn current_annotator(session: &Session) -> String {
    session
        .annotator
        .clone()
        .unwrap_or_else(|| UNASSIGNED_ANNOTATOR.to_string())
}

//! Where the Agreement and Statistics windows read the layers from: the project
//! file through a connection of their own, on the worker thread; an in-memory
//! project (tests) has no file to open, so it is read before the work starts.

use std::path::PathBuf;

use crate::agreement::AgreementInput;
use crate::session::Session;
use crate::store::{read_agreement_input, Store};
use crate::ui::error::UiError;

pub enum LayerSource {
    File(PathBuf),
    Read(AgreementInput),
}

impl LayerSource {
    pub fn of(session: &Session) -> Result<Self, UiError> {
        Ok(match session.path_buf() {
            Some(path) => Self::File(path),
            None => Self::Read(read_agreement_input(session.store())?),
        })
    }

    /// The layers; on the worker thread for a file.
    pub fn read(self) -> Result<AgreementInput, UiError> {
        match self {
            Self::File(path) => {
                let store = Store::open_read_only(&path, "reading only")?;
                Ok(read_agreement_input(&store)?)
            }
            Self::Read(input) => Ok(input),
        }
    }
}

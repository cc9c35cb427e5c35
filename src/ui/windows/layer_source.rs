//! Where the Agreement and Statistics windows read the layers from: the project
//! file through a connection of their own, on the worker thread; an in-memory
//! project (tests) has no file to open, so it is read before the work starts.

use std::path::PathBuf;

use crate::agreement::statistics::{project_charts, CreatedPerDay, ProjectCharts};
use crate::agreement::AgreementInput;
use crate::session::Session;
use crate::store::{read_agreement_input, read_spans_created_per_day, Store};
use crate::ui::error::UiError;

pub enum LayerSource {
    File(PathBuf),
    Read(AgreementInput, CreatedPerDay),
}

impl LayerSource {
    pub fn of(session: &Session) -> Result<Self, UiError> {
        Ok(match session.location() {
            Some(path) => Self::File(path),
            None => Self::Read(
                read_agreement_input(session.store())?,
                read_spans_created_per_day(session.store())?,
            ),
        })
    }

    /// The layers; on the worker thread for a file.
    pub fn read(self) -> Result<AgreementInput, UiError> {
        match self {
            Self::File(path) => {
                let store = Store::open_read_only(&path, "reading only")?;
                Ok(read_agreement_input(&store)?)
            }
            Self::Read(input, _) => Ok(input),
        }
    }

    /// The Statistics window's charts: the layers and when their spans were made.
    pub fn read_charts(self) -> Result<ProjectCharts, UiError> {
        let (input, per_day) = match self {
            Self::File(path) => {
                let store = Store::open_read_only(&path, "reading only")?;
                (
                    read_agreement_input(&store)?,
                    read_spans_created_per_day(&store)?,
                )
            }
            Self::Read(input, per_day) => (input, per_day),
        };
        let mut charts = project_charts(&input);
        charts.spans_created_per_day = Some(per_day);
        Ok(charts)
    }
}

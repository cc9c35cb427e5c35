//! Which project file to open, and the first-run seed of the default project.

use std::path::{Path, PathBuf};

use crate::formats::{import_documents, ImportDocument, ImportError, Location, ParsedInput};
use crate::store::{OpenMode, Reader, Store, StoreError};

/// Names the project file, overriding the platform's data directory.
pub const PROJECT_ENV: &str = "GLOSSATOR_DB";

/// The bundled sample article, byte for byte the copy in tests/data/samples.
pub const SAMPLE_TEXT: &str = include_str!("../assets/afghanistan-pakistan-ceasefire.txt");
pub const SAMPLE_FILE_NAME: &str = "afghanistan-pakistan-ceasefire.txt";
const SAMPLE_TITLE: &str = "Afghanistan and Pakistan cease-fire";
const SAMPLE_SEEDED_KEY: &str = "sample_seeded";

/// `$GLOSSATOR_DB`, else `project.sqlite` in the platform's data directory
/// (`~/.local/share/glossator/` on Linux).
pub fn default_project_path() -> Result<PathBuf, StoreError> {
    if let Some(path) = std::env::var_os(PROJECT_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dirs =
        directories::ProjectDirs::from("org", "Glossator", "glossator").ok_or_else(|| {
            StoreError::Io {
                path: PathBuf::from("~"),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("no home directory to keep the default project in; set {PROJECT_ENV}"),
                ),
            }
        })?;
    Ok(dirs.data_dir().join("project.sqlite"))
}

/// Opens (creating when missing) the project the app starts on. A default
/// project created now gets the sample article, once: deleting it later does
/// not bring it back. A project another Glossator edits, or a write-protected
/// one, opens read-only.
pub fn open_for_app(path: &Path, is_default: bool) -> Result<Store, ImportError> {
    open_for_app_as(path, is_default, None)
}

/// [`open_for_app`]; `annotator` (the preferences' name) takes the
/// unattributed work of a file from before layers.
pub fn open_for_app_as(
    path: &Path,
    is_default: bool,
    annotator: Option<&str>,
) -> Result<Store, ImportError> {
    let (mut store, created) = match Store::open_as(path, OpenMode::CreateIfMissing, annotator) {
        Ok(opened) => opened,
        Err(err) => return Ok(Store::read_only_instead(path, err)?.0),
    };
    if created && is_default {
        seed_sample(&mut store)?;
    }
    Ok(store)
}

/// Adds the sample article to a project that has never had it.
pub fn seed_sample(store: &mut Store) -> Result<(), ImportError> {
    if store.project_meta(SAMPLE_SEEDED_KEY)?.is_some() {
        return Ok(());
    }
    let mut document = ImportDocument::plain(
        Location::file(Path::new(SAMPLE_FILE_NAME)),
        SAMPLE_TEXT.to_string(),
    );
    document.external_id = Some("afghanistan-pakistan-ceasefire".into());
    document.title = Some(SAMPLE_TITLE.into());
    document
        .meta
        .insert("source".into(), SAMPLE_FILE_NAME.into());
    import_documents(
        store,
        ParsedInput {
            documents: vec![document],
            ..ParsedInput::default()
        },
    )?;
    store.write(|tx| tx.set_project_meta(SAMPLE_SEEDED_KEY, "1"))?;
    Ok(())
}

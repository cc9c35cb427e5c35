//! What the app remembers between runs (eframe persistence).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "glossator-settings";
const MAX_RECENT: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    System,
    Dark,
    Light,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub font_size: f32,
    pub serif: bool,
    pub theme: ThemeChoice,
    pub snap_to_words: bool,
    pub recent_projects: Vec<PathBuf>,
    /// The last document open in each project, by project path.
    pub last_documents: BTreeMap<String, i64>,
    /// Stored with every span and relation; empty for none.
    pub annotator: String,
    /// Whether the app has asked for the annotator's name (it asks once).
    pub asked_annotator: bool,
    /// Minutes between automatic backups of a changed project; 0 turns them off.
    pub backup_minutes: u32,
    /// How many automatic backups to keep per project.
    pub backups_kept: usize,
    /// Per project (by path): the folder its file dialogs last used and the
    /// export format last chosen, so the next dialog starts there.
    pub dialog_memory: BTreeMap<String, DialogMemory>,
}

/// What one project's file dialogs start from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DialogMemory {
    pub folder: Option<PathBuf>,
    /// The export format's command-line name (`jsonl`, `csv` …).
    pub export_format: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            font_size: 17.0,
            serif: false,
            theme: ThemeChoice::System,
            snap_to_words: true,
            recent_projects: Vec::new(),
            last_documents: BTreeMap::new(),
            annotator: String::new(),
            asked_annotator: false,
            backup_minutes: 10,
            backups_kept: crate::store::DEFAULT_BACKUPS_KEPT,
            dialog_memory: BTreeMap::new(),
        }
    }
}

impl Settings {
    pub const MIN_FONT_SIZE: f32 = 10.0;
    pub const MAX_FONT_SIZE: f32 = 40.0;

    pub fn load(storage: Option<&dyn eframe::Storage>) -> Self {
        storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default()
    }

    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, self);
    }

    /// Puts `path` first in the recent list; a server URL without its
    /// password (settings never hold one).
    pub fn remember_project(&mut self, path: &Path) {
        let path = match crate::store::ProjectLocation::from(path) {
            crate::store::ProjectLocation::File(path) => path,
            server => PathBuf::from(server.shown()),
        };
        self.recent_projects.retain(|p| *p != path);
        self.recent_projects.insert(0, path);
        self.recent_projects.truncate(MAX_RECENT);
    }

    pub fn last_project(&self) -> Option<&Path> {
        self.recent_projects.first().map(PathBuf::as_path)
    }

    pub fn remember_document(&mut self, project: &Path, document: i64) {
        self.last_documents
            .insert(project.display().to_string(), document);
    }

    pub fn last_document(&self, project: &Path) -> Option<i64> {
        self.last_documents
            .get(&project.display().to_string())
            .copied()
    }

    /// Where `project`'s dialogs start (nothing remembered: the default).
    pub fn dialog_memory(&self, project: Option<&Path>) -> DialogMemory {
        project
            .and_then(|p| self.dialog_memory.get(&p.display().to_string()))
            .cloned()
            .unwrap_or_default()
    }

    /// Keeps what a confirmed dialog of `project` chose; a format is kept
    /// until another export chooses one.
    pub fn remember_dialog(&mut self, project: &Path, chosen: DialogMemory) {
        let memory = self
            .dialog_memory
            .entry(project.display().to_string())
            .or_default();
        if chosen.folder.is_some() {
            memory.folder = chosen.folder;
        }
        if chosen.export_format.is_some() {
            memory.export_format = chosen.export_format;
        }
    }

    pub fn annotator_name(&self) -> Option<String> {
        let name = self.annotator.trim();
        (!name.is_empty()).then(|| name.to_string())
    }

    pub fn change_font_size(&mut self, delta: f32) {
        self.font_size = (self.font_size + delta).clamp(Self::MIN_FONT_SIZE, Self::MAX_FONT_SIZE);
    }
}

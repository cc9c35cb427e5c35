//! Bulk copies of a package's layers into the project, for merge: the
//! package file is attached to the project's connection and a layer's spans,
//! attributes and relations go across in one statement each, keeping their
//! ids and times (per row, 3,000,000 spans would take minutes).

use std::path::Path;

use super::engine::params;

use super::read::Conn;
use super::{Store, StoreError, Tx};
use crate::model::{DocumentId, LabelId};

/// A package attached to a project's connection under its own schema name
/// (give it back to [`Store::detach_package`]).
pub struct AttachedPackage {
    alias: String,
    /// Annotator names → row ids, in the package and in the project: asked
    /// once, not once a layer.
    ids: std::cell::RefCell<std::collections::HashMap<(bool, String), i64>>,
}

impl AttachedPackage {
    pub fn alias(&self) -> &str {
        &self.alias
    }

    fn annotator_id(&self, conn: &super::engine::Db, name: &str) -> Result<i64, StoreError> {
        if let Some(id) = self.ids.borrow().get(&(true, name.to_string())) {
            return Ok(*id);
        }
        let id: i64 = conn
            .prepare_cached(&format!(
                "SELECT id FROM {}.annotators WHERE name = ?1",
                self.alias
            ))?
            .query_row([name], |row| row.get(0))?;
        self.ids.borrow_mut().insert((true, name.to_string()), id);
        Ok(id)
    }

    fn project_annotator_id(&self, tx: &Tx<'_>, name: &str) -> Result<i64, StoreError> {
        if let Some(id) = self.ids.borrow().get(&(false, name.to_string())) {
            return Ok(*id);
        }
        let id = tx.annotator_row(name)?;
        self.ids.borrow_mut().insert((false, name.to_string()), id);
        Ok(id)
    }
}

impl Store {
    /// Lets this connection keep up to `mib` MiB of pages in memory: a merge
    /// of millions of rows otherwise spills pages to the log and rewrites
    /// them many times within its one transaction.
    pub fn set_cache_mib(&self, mib: i64) -> Result<(), StoreError> {
        // A server manages its own memory.
        if let Some(conn) = self.db.as_sqlite() {
            conn.pragma_update(None, "cache_size", -mib.saturating_mul(1024))?;
        }
        Ok(())
    }

    /// Attaches the package at `path` read-only as `package_<n>` (outside
    /// any transaction, as SQLite requires).
    pub fn attach_package(&self, path: &Path, n: usize) -> Result<AttachedPackage, StoreError> {
        let alias = format!("package_{n}");
        let real = path.canonicalize().map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut uri = String::from("file:");
        for byte in real.to_string_lossy().bytes() {
            match byte {
                b'?' | b'#' | b'%' => uri.push_str(&format!("%{byte:02X}")),
                _ => uri.push(char::from(byte)),
            }
        }
        uri.push_str("?mode=ro");
        self.db
            .execute(&format!("ATTACH DATABASE ?1 AS {alias}"), [uri])?;
        let attached = AttachedPackage {
            alias,
            ids: Default::default(),
        };
        // Without URI support SQLite would have made an empty file by that
        // name: a package always holds tables.
        let tables: i64 = self.db.query_row(
            &format!("SELECT COUNT(*) FROM {}.sqlite_schema", attached.alias),
            [],
            |row| row.get(0),
        )?;
        if tables == 0 {
            self.detach_package(attached)?;
            return Err(StoreError::CannotOpen {
                path: path.to_path_buf(),
                cause: "it could not be attached to read".into(),
            });
        }
        Ok(attached)
    }

    /// Detaches a package (only read through it: nothing to lose).
    pub fn detach_package(&self, package: AttachedPackage) -> Result<(), StoreError> {
        self.db
            .execute_batch(&format!("DETACH DATABASE {}", package.alias))?;
        Ok(())
    }
}

impl Tx<'_> {
    /// Package label id → project label id, for the copies that follow.
    pub fn set_merge_labels(&self, labels: &[(LabelId, LabelId)]) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS merge_labels (
                 package_id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL);
             DELETE FROM temp.merge_labels;",
        )?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO temp.merge_labels (package_id, project_id) VALUES (?1, ?2)",
        )?;
        for (package, project) in labels {
            insert.execute(params![package.0, project.0])?;
        }
        Ok(())
    }

    /// Starts a batch of layer copies from a package ([`Tx::queue_layer_copy`],
    /// then [`Tx::copy_queued_layers`]): a statement per table for the
    /// whole package, not per layer.
    pub fn begin_layer_copies(&self) -> Result<(), StoreError> {
        self.conn().execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS merge_layers (
                 package_document INTEGER NOT NULL, package_annotator INTEGER NOT NULL,
                 document INTEGER NOT NULL, annotator INTEGER NOT NULL,
                 status TEXT NOT NULL, revision INTEGER NOT NULL, updated_at INTEGER NOT NULL);
             DELETE FROM temp.merge_layers;",
        )?;
        Ok(())
    }

    /// Queues the copy of the package's layer (`package_document`,
    /// `package_annotator`) as `target`'s layer of `document` (which must not
    /// exist), with `layer`'s status, revision and time.
    pub fn queue_layer_copy(
        &self,
        package: &AttachedPackage,
        package_document: DocumentId,
        package_annotator: &str,
        document: DocumentId,
        target: &str,
        layer: &crate::model::LayerSummary,
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        let source = package.annotator_id(conn, package_annotator)?;
        let annotator = package.project_annotator_id(self, target)?;
        conn.prepare_cached(
            "INSERT INTO temp.merge_layers
               (package_document, package_annotator, document, annotator, status, revision, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            package_document.0,
            source,
            document.0,
            annotator,
            layer.status.as_str(),
            layer.revision,
            layer.updated_at_ms
        ])?;
        Ok(())
    }

    /// Copies every queued layer with its spans (attributes too) and
    /// relations, keeping ids and times. Layers with an id the project has
    /// meanwhile used are left out and returned as (package document,
    /// project document, target annotator), for the caller to copy row by
    /// row with new ids.
    pub fn copy_queued_layers(
        &self,
        package: &AttachedPackage,
    ) -> Result<Vec<(DocumentId, DocumentId, String)>, StoreError> {
        let conn = self.conn();
        let p = package.alias();
        let clashing: Vec<(i64, i64, i64, String)> = conn
            .prepare(&format!(
                "SELECT DISTINCT m.rowid, m.package_document, m.document, a.name
                 FROM temp.merge_layers m JOIN main.annotators a ON a.id = m.annotator
                 WHERE EXISTS (SELECT 1 FROM {p}.spans s JOIN main.spans x ON x.id = s.id
                               WHERE s.document_id = m.package_document AND s.annotator_id = m.package_annotator)
                    OR EXISTS (SELECT 1 FROM {p}.relations r JOIN main.relations x ON x.id = r.id
                               WHERE r.document_id = m.package_document AND r.annotator_id = m.package_annotator)"
            ))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
            .collect::<Result<_, _>>()?;
        for (rowid, ..) in &clashing {
            conn.execute("DELETE FROM temp.merge_layers WHERE rowid = ?1", [rowid])?;
        }
        conn.execute_batch(&format!(
            "INSERT INTO main.layers (document_id, annotator_id, status, revision, updated_at)
             SELECT document, annotator, status, revision, updated_at FROM temp.merge_layers;
             INSERT INTO main.spans
               (id, document_id, start_char, end_char, label_id, annotator_id, note, created_at, updated_at)
             SELECT s.id, m.document, s.start_char, s.end_char, l.project_id, m.annotator, s.note,
                    s.created_at, s.updated_at
             FROM temp.merge_layers m
             JOIN {p}.spans s ON s.document_id = m.package_document AND s.annotator_id = m.package_annotator
             JOIN temp.merge_labels l ON l.package_id = s.label_id;
             INSERT INTO main.span_attributes (span_id, name, value)
             SELECT a.span_id, a.name, a.value
             FROM temp.merge_layers m
             JOIN {p}.spans s ON s.document_id = m.package_document AND s.annotator_id = m.package_annotator
             JOIN {p}.span_attributes a ON a.span_id = s.id;
             INSERT INTO main.relations
               (id, document_id, from_span_id, to_span_id, label_id, annotator_id, note, created_at, updated_at)
             SELECT r.id, m.document, r.from_span_id, r.to_span_id, l.project_id, m.annotator, r.note,
                    r.created_at, r.updated_at
             FROM temp.merge_layers m
             JOIN {p}.relations r ON r.document_id = m.package_document AND r.annotator_id = m.package_annotator
             JOIN temp.merge_labels l ON l.package_id = r.label_id;
             DELETE FROM temp.merge_layers;"
        ))?;
        Ok(clashing
            .into_iter()
            .map(|(_, package_document, document, name)| {
                (DocumentId(package_document), DocumentId(document), name)
            })
            .collect())
    }
}

//! Layers (one annotator's annotation of one document) and assignments: the
//! reads, as a trait every [`Reader`] has, and the writes of a [`Tx`].

use super::engine::{params, Db, OptionalExtension};

use super::read::{parse_status, relation_from_row, spans_where, to_usize, Conn, RELATION_COLUMNS};
use super::{Reader, StoreError, Tx};
use crate::model::{DocumentId, DocumentStatus, LayerSummary, Relation, Span};

/// One annotator's layers, as `glossator stats` and `annotators` count them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LayerStats {
    pub annotator: String,
    /// Documents assigned to the annotator.
    pub assigned: usize,
    /// (status name, layers), in the order new, in_progress, done.
    pub layers_by_status: Vec<(String, usize)>,
    pub spans: usize,
    pub relations: usize,
}

/// Each document's layers, each with the revision its package was made from.
pub type LayersByDocument = std::collections::HashMap<DocumentId, Vec<(LayerSummary, Option<i64>)>>;

/// Milliseconds since 1970-01-01 UTC, as the schema keeps times.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The `project_meta` key naming the annotator a package was made for.
pub const PACKAGE_ANNOTATOR_KEY: &str = "package_annotator";

/// Reads of layers and assignments; every [`Reader`] has them.
pub trait LayerReads: Reader {
    /// The annotator this file is a package for; None for a project.
    fn package_annotator(&self) -> Result<Option<String>, StoreError> {
        self.project_meta(PACKAGE_ANNOTATOR_KEY)
    }

    /// The status of `annotator`'s layer of `document`; None when there is no
    /// such layer (the document is `new` for them).
    fn layer_status(
        &self,
        document: DocumentId,
        annotator: &str,
    ) -> Result<Option<DocumentStatus>, StoreError> {
        let status: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT l.status FROM layers l JOIN annotators a ON a.id = l.annotator_id
                 WHERE l.document_id = ?1 AND a.name = ?2",
            )?
            .query_row(params![document.0, annotator], |row| row.get(0))
            .optional()?;
        status.as_deref().map(parse_status).transpose()
    }

    /// The layers of a document, by annotator name.
    fn layers_of(&self, document: DocumentId) -> Result<Vec<LayerSummary>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT a.name, l.status, l.revision, l.updated_at
             FROM layers l JOIN annotators a ON a.id = l.annotator_id
             WHERE l.document_id = ?1 ORDER BY a.name",
        )?;
        let rows = statement.query_map([document.0], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (annotator, status, revision, updated_at_ms) = row?;
            Ok(LayerSummary {
                annotator,
                status: parse_status(&status)?,
                revision,
                updated_at_ms,
            })
        })
        .collect()
    }

    /// The spans of `annotator`'s layer of a document, in text order (start,
    /// end, label order, id).
    fn layer_spans_of(
        &self,
        document: DocumentId,
        annotator: &str,
    ) -> Result<Vec<Span>, StoreError> {
        spans_where(
            self.conn(),
            "s.document_id = ?1 AND a.name = ?2",
            &[&document.0, &annotator],
        )
    }

    /// The relations of `annotator`'s layer of a document, by id.
    fn layer_relations_of(
        &self,
        document: DocumentId,
        annotator: &str,
    ) -> Result<Vec<Relation>, StoreError> {
        let sql = format!(
            "SELECT {RELATION_COLUMNS} FROM relations r
             JOIN annotators a ON a.id = r.annotator_id
             WHERE r.document_id = ?1 AND a.name = ?2 ORDER BY r.id"
        );
        let relations = self
            .conn()
            .prepare_cached(&sql)?
            .query_map(params![document.0, annotator], relation_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(relations)
    }

    /// Annotators with at least one layer, by name.
    fn layer_names(&self) -> Result<Vec<String>, StoreError> {
        let names = self
            .conn()
            .prepare_cached(
                "SELECT a.name FROM annotators a
                 WHERE EXISTS (SELECT 1 FROM layers l WHERE l.annotator_id = a.id)
                 ORDER BY a.name",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }

    /// Every annotator the project knows (with layers or assignments), by name.
    fn annotator_names(&self) -> Result<Vec<String>, StoreError> {
        let names = self
            .conn()
            .prepare_cached("SELECT name FROM annotators ORDER BY name")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }

    /// Whether any document is assigned to anyone.
    fn has_assignments(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM assignments LIMIT 1")?
            .query_row([], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Every assignment as (document, annotator name), in project order then
    /// by name.
    fn assignments(&self) -> Result<Vec<(DocumentId, String)>, StoreError> {
        let rows = self
            .conn()
            .prepare_cached(
                "SELECT x.document_id, a.name FROM assignments x
                 JOIN annotators a ON a.id = x.annotator_id
                 JOIN documents d ON d.id = x.document_id
                 ORDER BY d.sort_order, d.id, a.name",
            )?
            .query_map([], |row| Ok((DocumentId(row.get(0)?), row.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The revision `annotator`'s layer of `document` had in the project
    /// when this package was made (None: not a package, or no layer then).
    fn layer_base_revision(
        &self,
        document: DocumentId,
        annotator: &str,
    ) -> Result<Option<i64>, StoreError> {
        let base: Option<Option<i64>> = self
            .conn()
            .prepare_cached(
                "SELECT l.base_revision FROM layers l JOIN annotators a ON a.id = l.annotator_id
                 WHERE l.document_id = ?1 AND a.name = ?2",
            )?
            .query_row(params![document.0, annotator], |row| row.get(0))
            .optional()?;
        Ok(base.flatten())
    }

    /// (created, updated) times of the spans (`relations` false) or relations
    /// of `annotator`'s layer of `document`, by id.
    fn layer_times(
        &self,
        document: DocumentId,
        annotator: &str,
        relations: bool,
    ) -> Result<std::collections::HashMap<i64, (i64, i64)>, StoreError> {
        let sql = if relations {
            "SELECT x.id, x.created_at, x.updated_at FROM relations x
             JOIN annotators a ON a.id = x.annotator_id WHERE x.document_id = ?1 AND a.name = ?2"
        } else {
            "SELECT x.id, x.created_at, x.updated_at FROM spans x
             JOIN annotators a ON a.id = x.annotator_id WHERE x.document_id = ?1 AND a.name = ?2"
        };
        let mut statement = self.conn().prepare_cached(sql)?;
        let times = statement
            .query_map(params![document.0, annotator], |row| {
                Ok((row.get(0)?, (row.get(1)?, row.get(2)?)))
            })?
            .collect::<Result<_, _>>()?;
        Ok(times)
    }

    /// Every document's id and content hash, in project order.
    fn document_hashes(&self) -> Result<Vec<(DocumentId, String)>, StoreError> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT id, content_hash FROM documents ORDER BY sort_order, id")?;
        let hashes = statement
            .query_map([], |row| Ok((DocumentId(row.get(0)?), row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(hashes)
    }

    /// Every layer with its base revision (see
    /// [`LayerReads::layer_base_revision`]), by document: one read for a
    /// merge instead of one a layer.
    fn all_layers(&self) -> Result<LayersByDocument, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT l.document_id, a.name, l.status, l.revision, l.updated_at, l.base_revision
             FROM layers l JOIN annotators a ON a.id = l.annotator_id ORDER BY l.document_id, a.name",
        )?;
        let mut rows = statement.query([])?;
        let mut all = LayersByDocument::new();
        while let Some(row) = rows.next()? {
            let status: String = row.get(2)?;
            all.entry(DocumentId(row.get(0)?)).or_default().push((
                LayerSummary {
                    annotator: row.get(1)?,
                    status: parse_status(&status)?,
                    revision: row.get(3)?,
                    updated_at_ms: row.get(4)?,
                },
                row.get(5)?,
            ));
        }
        Ok(all)
    }

    /// Every (document, annotator) that has a layer.
    fn layer_keys(&self) -> Result<std::collections::HashSet<(DocumentId, String)>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT l.document_id, a.name FROM layers l JOIN annotators a ON a.id = l.annotator_id",
        )?;
        let keys = statement
            .query_map([], |row| Ok((DocumentId(row.get(0)?), row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(keys)
    }

    /// Every document's id, external id and title, in project order (lists
    /// and filters that need no text and no counts).
    fn document_names(&self) -> Result<Vec<(DocumentId, String, String)>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT id, external_id, title FROM documents ORDER BY sort_order, id",
        )?;
        let names = statement
            .query_map([], |row| {
                Ok((DocumentId(row.get(0)?), row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(names)
    }

    /// Per annotator (every one the project knows), by name: assignments,
    /// layers per status, spans and relations.
    fn layer_stats(&self) -> Result<Vec<LayerStats>, StoreError> {
        layer_stats(self.conn())
    }
}

impl<T: Reader + ?Sized> LayerReads for T {}

pub(super) fn layer_stats(conn: &Db) -> Result<Vec<LayerStats>, StoreError> {
    // One pass over each table (a project has millions of spans), then a row
    // per annotator.
    let mut by_annotator: std::collections::BTreeMap<i64, (String, [i64; 6])> =
        std::collections::BTreeMap::new();
    let mut statement = conn.prepare_cached("SELECT id, name FROM annotators")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        by_annotator.insert(row.get(0)?, (row.get(1)?, [0; 6]));
    }
    // A bare literal is a 32-bit INTEGER on PostgreSQL: cast to BIGINT, so
    // both engines hand back i64.
    let counts = [
        (
            "SELECT annotator_id, CAST(0 AS BIGINT), COUNT(*) FROM assignments GROUP BY annotator_id",
            0,
        ),
        (
            "SELECT annotator_id,
                    CAST(CASE status WHEN 'new' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END AS BIGINT),
                    COUNT(*) FROM layers GROUP BY 1, 2",
            1,
        ),
        (
            "SELECT annotator_id, CAST(0 AS BIGINT), COUNT(*) FROM spans GROUP BY annotator_id",
            4,
        ),
        (
            "SELECT annotator_id, CAST(0 AS BIGINT), COUNT(*) FROM relations GROUP BY annotator_id",
            5,
        ),
    ];
    for (sql, column) in counts {
        let mut statement = conn.prepare_cached(sql)?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (annotator, offset, count): (i64, i64, i64) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            if let Some((_, counts)) = by_annotator.get_mut(&annotator) {
                counts[column + usize::try_from(offset).unwrap_or(0)] = count;
            }
        }
    }
    let mut stats = by_annotator
        .into_values()
        .map(|(annotator, counts)| {
            let mut layers_by_status = Vec::new();
            for (status, n) in DocumentStatus::ALL.iter().zip(&counts[1..4]) {
                layers_by_status.push((status.as_str().to_string(), to_usize(*n)?));
            }
            Ok(LayerStats {
                annotator,
                assigned: to_usize(counts[0])?,
                layers_by_status,
                spans: to_usize(counts[4])?,
                relations: to_usize(counts[5])?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    stats.sort_by(|a, b| a.annotator.cmp(&b.annotator));
    Ok(stats)
}

impl Tx<'_> {
    /// The annotator's row id, creating the row the first time a name is seen.
    pub fn annotator_row(&self, name: &str) -> Result<i64, StoreError> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO annotators (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
        )?
        .execute([name])?;
        Ok(conn
            .prepare_cached("SELECT id FROM annotators WHERE name = ?1")?
            .query_row([name], |row| row.get(0))?)
    }

    /// Makes `annotator`'s layer of `document` if it is not there yet (status
    /// new, revision 0); returns the annotator's row id.
    pub fn ensure_layer(&self, document: DocumentId, annotator: &str) -> Result<i64, StoreError> {
        // Every span and relation asks: one read when the layer is there
        // (almost always), instead of three statements, each a round trip
        // to a server.
        let existing: Option<i64> = self
            .conn()
            .prepare_cached(
                "SELECT l.annotator_id FROM layers l JOIN annotators a ON a.id = l.annotator_id
                 WHERE l.document_id = ?1 AND a.name = ?2",
            )?
            .query_row(params![document.0, annotator], |row| row.get(0))
            .optional()?;
        if let Some(annotator_id) = existing {
            return Ok(annotator_id);
        }
        let annotator_id = self.annotator_row(annotator)?;
        self.ensure_layer_of(document, annotator_id)?;
        Ok(annotator_id)
    }

    /// [`Tx::ensure_layer`] for an annotator whose row id the caller holds
    /// (a curation run makes the gold layer of 100,000 documents): one
    /// statement.
    pub fn ensure_layer_of(
        &self,
        document: DocumentId,
        annotator_id: i64,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "INSERT INTO layers (document_id, annotator_id, status, revision, updated_at)
                 VALUES (?1, ?2, 'new', 0, ?3)
                 ON CONFLICT (document_id, annotator_id) DO NOTHING",
            )?
            .execute(params![document.0, annotator_id, now_ms()])?;
        Ok(())
    }

    /// [`Tx::touch_layer`] by the annotator's row id.
    pub fn touch_layer_of(
        &self,
        document: DocumentId,
        annotator_id: i64,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "UPDATE layers SET revision = revision + 1, updated_at = ?3
                 WHERE document_id = ?1 AND annotator_id = ?2",
            )?
            .execute(params![document.0, annotator_id, now_ms()])?;
        Ok(())
    }

    /// One more change of a layer: its revision grows, its time is now.
    pub fn touch_layer(&self, document: DocumentId, annotator: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "UPDATE layers SET revision = revision + 1, updated_at = ?3
                 WHERE document_id = ?1
                   AND annotator_id = (SELECT id FROM annotators WHERE name = ?2)",
            )?
            .execute(params![document.0, annotator, now_ms()])?;
        Ok(())
    }

    /// Sets the status of `annotator`'s layer of `document`, making the layer
    /// when it is not there yet.
    pub fn set_layer_status(
        &self,
        document: DocumentId,
        annotator: &str,
        status: DocumentStatus,
    ) -> Result<(), StoreError> {
        let annotator_id = self.ensure_layer(document, annotator)?;
        self.conn()
            .prepare_cached(
                "UPDATE layers SET status = ?3 WHERE document_id = ?1 AND annotator_id = ?2",
            )?
            .execute(params![document.0, annotator_id, status.as_str()])?;
        Ok(())
    }

    /// Removes `annotator`'s layer of `document` with everything in it.
    pub fn delete_layer(&self, document: DocumentId, annotator: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "DELETE FROM layers WHERE document_id = ?1
                 AND annotator_id = (SELECT id FROM annotators WHERE name = ?2)",
            )?
            .execute(params![document.0, annotator])?;
        Ok(())
    }

    /// Makes `annotator`'s layer of `document` with this status, revision and
    /// time (a merge bringing in a package's layer); it must not exist yet.
    pub fn insert_layer(
        &self,
        document: DocumentId,
        annotator: &str,
        layer: &LayerSummary,
    ) -> Result<(), StoreError> {
        let annotator_id = self.annotator_row(annotator)?;
        self.conn()
            .prepare_cached(
                "INSERT INTO layers (document_id, annotator_id, status, revision, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                document.0,
                annotator_id,
                layer.status.as_str(),
                layer.revision,
                layer.updated_at_ms
            ])?;
        Ok(())
    }

    /// Removes `annotator`'s layer of `document` when nothing is left in it
    /// (no span, no relation, status new): undoing a layer's first change
    /// leaves the project as it was before, without an empty layer.
    pub fn drop_layer_if_empty(
        &self,
        document: DocumentId,
        annotator: &str,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "DELETE FROM layers
                 WHERE document_id = ?1 AND status = 'new'
                   AND annotator_id = (SELECT id FROM annotators WHERE name = ?2)
                   AND NOT EXISTS (SELECT 1 FROM spans s
                       WHERE s.document_id = layers.document_id
                         AND s.annotator_id = layers.annotator_id)
                   AND NOT EXISTS (SELECT 1 FROM relations r
                       WHERE r.document_id = layers.document_id
                         AND r.annotator_id = layers.annotator_id)",
            )?
            .execute(params![document.0, annotator])?;
        Ok(())
    }

    /// Assigns `document` to `annotator` (no-op when it is already).
    pub fn assign(&self, document: DocumentId, annotator: &str) -> Result<(), StoreError> {
        let annotator_id = self.annotator_row(annotator)?;
        self.conn()
            .prepare_cached(
                "INSERT INTO assignments (document_id, annotator_id) VALUES (?1, ?2)
             ON CONFLICT (document_id, annotator_id) DO NOTHING",
            )?
            .execute(params![document.0, annotator_id])?;
        Ok(())
    }

    /// Sets the assignments of `documents` among `annotators` to `plan`:
    /// those annotators' other assignments of these documents go (the
    /// caller keeps the ones with annotations in the plan); other
    /// annotators' assignments stay.
    pub fn set_assignments(
        &self,
        annotators: &[String],
        plan: &[(DocumentId, Vec<String>)],
    ) -> Result<(), StoreError> {
        let ids = annotators
            .iter()
            .map(|name| Ok((name.as_str(), self.annotator_row(name)?)))
            .collect::<Result<std::collections::HashMap<&str, i64>, StoreError>>()?;
        let conn = self.conn();
        let mut remove = conn.prepare_cached(
            "DELETE FROM assignments WHERE document_id = ?1 AND annotator_id = ?2",
        )?;
        let mut add = conn.prepare_cached(
            "INSERT INTO assignments (document_id, annotator_id) VALUES (?1, ?2)
             ON CONFLICT (document_id, annotator_id) DO NOTHING",
        )?;
        for (document, names) in plan {
            for id in ids.values() {
                remove.execute(params![document.0, id])?;
            }
            for name in names {
                if let Some(id) = ids.get(name.as_str()) {
                    add.execute(params![document.0, id])?;
                }
            }
        }
        Ok(())
    }

    /// Removes an assignment (the layer, if any, stays).
    pub fn unassign(&self, document: DocumentId, annotator: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "DELETE FROM assignments WHERE document_id = ?1
                 AND annotator_id = (SELECT id FROM annotators WHERE name = ?2)",
            )?
            .execute(params![document.0, annotator])?;
        Ok(())
    }
}

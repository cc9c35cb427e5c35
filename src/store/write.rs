//! Writes, only inside a transaction opened by [`super::Store::write`].

use std::cell::Cell;

use super::engine::{params, Db, Engine, OptionalExtension, Params};

use super::{Reader, StoreError};
use crate::model::{
    Attributes, DocumentId, LabelId, LabelKind, RelationData, RelationId, SpanData, SpanId,
};

/// A document on its way into the project.
#[derive(Clone, Debug)]
pub struct NewDocument<'a> {
    pub external_id: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub len_chars: usize,
    pub content_hash: &'a str,
    pub meta: &'a serde_json::Map<String, serde_json::Value>,
}

/// One open write transaction (SQLite: IMMEDIATE; PostgreSQL: holding the
/// project's write lock); rolled back when dropped uncommitted.
pub struct Tx<'db> {
    pub(super) db: &'db Db,
    open: Cell<bool>,
}

impl super::read::Connected for Tx<'_> {
    fn connection(&self, _: super::read::Inside) -> &Db {
        self.db
    }
}

impl Reader for Tx<'_> {}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open.get() {
            // Nothing of a failed write may stay; a rollback that fails
            // (a lost connection) has lost the transaction already.
            let _ = self.db.end_write(false);
        }
    }
}

impl<'db> Tx<'db> {
    pub(super) fn begin(db: &'db Db) -> Result<Self, StoreError> {
        db.begin_write()?;
        Ok(Self {
            db,
            open: Cell::new(true),
        })
    }

    /// Commits; on failure nothing of the transaction stays.
    pub(super) fn commit(self) -> Result<(), StoreError> {
        let committed = self.db.end_write(true);
        if committed.is_ok() {
            self.open.set(false);
        }
        Ok(committed?)
    }

    /// After a row was inserted into `table` with an id of its own: a
    /// server's id sequence moves past it, as SQLite's AUTOINCREMENT does,
    /// so the ids it gives later stay free and no id is given twice. Only
    /// when the id is beyond the sequence (an import keeping its file's
    /// ids): an undo restores ids the sequence gave already, and an
    /// annotator's role may not move a sequence.
    pub(super) fn ids_given(&self, table: &str, id: i64) -> Result<(), StoreError> {
        if self.db.engine() == Engine::Postgres && id > self.sequence_last(table)?.0 {
            self.db
                .prepare_cached(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), ?1)"
                ))?
                .query_row([id], |_| Ok(()))?;
        }
        Ok(())
    }

    /// A server's id sequence of `table`: the last id it handed out, and
    /// whether this role may set it. Read from the sequence itself:
    /// `pg_sequence_last_value` is NULL both for a sequence never used and
    /// for one a copy set to hand out a given id next (`setval(s, n,
    /// false)`), and taking that for 0 moved the sequence back.
    pub(super) fn sequence_last(&self, table: &str) -> Result<(i64, bool), StoreError> {
        let sequence: String = self
            .db
            .prepare_cached("SELECT pg_get_serial_sequence(?1, 'id')")?
            .query_row([table], |row| row.get(0))?;
        Ok(self
            .db
            .prepare_cached(&format!(
                "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END,
                        has_sequence_privilege('{sequence}', 'UPDATE')
                 FROM {sequence}"
            ))?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?)
    }

    pub fn insert_document(&self, document: &NewDocument<'_>) -> Result<DocumentId, StoreError> {
        let meta_json = serde_json::Value::Object(document.meta.clone()).to_string();
        let id = DocumentId(self.insert_returning_id(
            "INSERT INTO documents
               (external_id, title, text, len_chars, content_hash, meta_json, sort_order)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6,
               (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM documents))",
            params![
                document.external_id,
                document.title,
                document.text,
                document.len_chars as i64,
                document.content_hash,
                meta_json,
            ],
        )?);
        self.index_document_text(id, document.text)?;
        Ok(id)
    }

    pub fn delete_document(&self, id: DocumentId) -> Result<(), StoreError> {
        self.db
            .prepare_cached("DELETE FROM documents WHERE id = ?1")?
            .execute([id.0])?;
        Ok(())
    }

    /// Inserts a span with its attributes into its annotator's layer (made
    /// now if need be); `id` restores a deleted span under its old id.
    pub fn insert_span(&self, id: Option<SpanId>, span: &SpanData) -> Result<SpanId, StoreError> {
        let now = super::now_ms();
        self.insert_span_at(id, span, (now, now))
    }

    /// [`Tx::insert_span`] with the span's times (created, updated; UTC
    /// milliseconds), for a merge that keeps them.
    pub fn insert_span_at(
        &self,
        id: Option<SpanId>,
        span: &SpanData,
        (created_at, updated_at): (i64, i64),
    ) -> Result<SpanId, StoreError> {
        let annotator_id = self.ensure_layer(span.document_id, &span.annotator)?;
        self.insert_span_in_layer(annotator_id, id, span, (created_at, updated_at))
    }

    /// [`Tx::insert_span_at`] for a caller that made the span's layer
    /// already ([`Tx::ensure_layer`] gave `annotator_id`): curation writes a
    /// million gold spans into layers it made once per document.
    pub fn insert_span_in_layer(
        &self,
        annotator_id: i64,
        id: Option<SpanId>,
        span: &SpanData,
        (created_at, updated_at): (i64, i64),
    ) -> Result<SpanId, StoreError> {
        let values = params![
            span.document_id.0,
            span.start_char as i64,
            span.end_char as i64,
            span.label_id.0,
            annotator_id,
            span.note,
            created_at,
            updated_at,
        ];
        let span_id = SpanId(self.insert_row(&SPAN_INSERT, id.map(|id| id.0), values)?);
        self.insert_attributes(span_id, &span.attributes)?;
        Ok(span_id)
    }

    /// Deletes a span; its relations go with it (ON DELETE CASCADE).
    pub fn delete_span(&self, id: SpanId) -> Result<(), StoreError> {
        self.db
            .prepare_cached("DELETE FROM spans WHERE id = ?1")?
            .execute([id.0])?;
        Ok(())
    }

    /// Moves a span's boundaries; its label, attributes, note and relations stay.
    pub fn move_span(
        &self,
        id: SpanId,
        start_char: usize,
        end_char: usize,
    ) -> Result<(), StoreError> {
        self.db
            .prepare_cached("UPDATE spans SET start_char = ?2, end_char = ?3 WHERE id = ?1")?
            .execute(params![id.0, start_char as i64, end_char as i64])?;
        Ok(())
    }

    /// Gives a span a new label and replaces all its attributes.
    pub fn relabel_span(
        &self,
        id: SpanId,
        label: LabelId,
        attributes: &Attributes,
    ) -> Result<(), StoreError> {
        self.db
            .prepare_cached("UPDATE spans SET label_id = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, label.0, super::now_ms()])?;
        self.db
            .prepare_cached("DELETE FROM span_attributes WHERE span_id = ?1")?
            .execute([id.0])?;
        self.insert_attributes(id, attributes)
    }

    /// Sets (Some) or clears (None) one attribute of a span.
    pub fn set_span_attribute(
        &self,
        id: SpanId,
        name: &str,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        match value {
            Some(value) => self
                .db
                .prepare_cached(
                    "INSERT INTO span_attributes (span_id, name, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT (span_id, name) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![id.0, name, value])?,
            None => self
                .db
                .prepare_cached("DELETE FROM span_attributes WHERE span_id = ?1 AND name = ?2")?
                .execute(params![id.0, name])?,
        };
        self.db
            .prepare_cached("UPDATE spans SET updated_at = ?2 WHERE id = ?1")?
            .execute(params![id.0, super::now_ms()])?;
        Ok(())
    }

    pub fn set_span_note(&self, id: SpanId, note: &str) -> Result<(), StoreError> {
        self.db
            .prepare_cached("UPDATE spans SET note = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, note, super::now_ms()])?;
        Ok(())
    }

    /// Inserts a relation; `id` restores a deleted relation under its old id.
    pub fn insert_relation(
        &self,
        id: Option<RelationId>,
        relation: &RelationData,
    ) -> Result<RelationId, StoreError> {
        let now = super::now_ms();
        self.insert_relation_at(id, relation, (now, now))
    }

    /// [`Tx::insert_relation`] with the relation's times (created, updated).
    pub fn insert_relation_at(
        &self,
        id: Option<RelationId>,
        relation: &RelationData,
        (created_at, updated_at): (i64, i64),
    ) -> Result<RelationId, StoreError> {
        let annotator_id = self.ensure_layer(relation.document_id, &relation.annotator)?;
        let values = params![
            relation.document_id.0,
            relation.from_span.0,
            relation.to_span.0,
            relation.label_id.0,
            annotator_id,
            relation.note,
            created_at,
            updated_at,
        ];
        Ok(RelationId(self.insert_row(
            &RELATION_INSERT,
            id.map(|id| id.0),
            values,
        )?))
    }

    pub fn retype_relation(&self, id: RelationId, label: LabelId) -> Result<(), StoreError> {
        self.db
            .prepare_cached("UPDATE relations SET label_id = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, label.0, super::now_ms()])?;
        Ok(())
    }

    pub fn delete_relation(&self, id: RelationId) -> Result<(), StoreError> {
        self.db
            .prepare_cached("DELETE FROM relations WHERE id = ?1")?
            .execute([id.0])?;
        Ok(())
    }

    pub fn set_relation_note(&self, id: RelationId, note: &str) -> Result<(), StoreError> {
        self.db
            .prepare_cached("UPDATE relations SET note = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id.0, note, super::now_ms()])?;
        Ok(())
    }

    pub fn set_project_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.db
            .prepare_cached(
                "INSERT INTO project_meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![key, value])?;
        Ok(())
    }

    /// Adds a label at the end of its kind's order, with a colour from the palette.
    pub fn add_label(
        &self,
        kind: LabelKind,
        name: &str,
        color: &str,
        shortcut: Option<&str>,
    ) -> Result<LabelId, StoreError> {
        self.insert_returning_id(
            "INSERT INTO labels (kind, name, color, shortcut, sort_order)
             VALUES (?1, ?2, ?3, ?4,
               (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM labels WHERE kind = ?1))",
            params![kind.as_str(), name, color, shortcut],
        )
        .map(LabelId)
    }

    /// Adds an attribute definition to a label; returns its row id.
    pub fn add_attribute_def(
        &self,
        label: LabelId,
        name: &str,
        kind: crate::model::AttributeKind,
    ) -> Result<i64, StoreError> {
        self.insert_returning_id(
            "INSERT INTO attribute_defs (label_id, name, kind, sort_order)
             VALUES (?1, ?2, ?3,
               (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM attribute_defs WHERE label_id = ?1))",
            params![label.0, name, kind.as_str()],
        )
    }

    /// Row id of a label's attribute definition.
    pub fn attribute_def_id(&self, label: LabelId, name: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .db
            .prepare_cached("SELECT id FROM attribute_defs WHERE label_id = ?1 AND name = ?2")?
            .query_row(params![label.0, name], |row| row.get(0))
            .optional()?)
    }

    /// Appends a value to a choice attribute (no-op when it is there already).
    pub fn add_attribute_value(&self, attribute_id: i64, value: &str) -> Result<(), StoreError> {
        let sort_order = self.next_attribute_value_order(attribute_id)?;
        self.insert_attribute_value(attribute_id, value, sort_order)
    }

    /// The sort order after a choice attribute's last value: asked once per
    /// attribute by an import, which then counts on from it.
    pub fn next_attribute_value_order(&self, attribute_id: i64) -> Result<i64, StoreError> {
        Ok(self
            .db
            .prepare_cached(
                "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM attribute_values WHERE attribute_id = ?1",
            )?
            .query_row([attribute_id], |row| row.get(0))?)
    }

    /// Adds a value with a sort order the caller knows to be free (an import
    /// adding thousands of values must not ask for the maximum each time).
    pub fn insert_attribute_value(
        &self,
        attribute_id: i64,
        value: &str,
        sort_order: i64,
    ) -> Result<(), StoreError> {
        self.db
            .prepare_cached(
                "INSERT INTO attribute_values (attribute_id, value, sort_order)
                 VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )?
            .execute(params![attribute_id, value, sort_order])?;
        Ok(())
    }

    pub fn add_relation_rule(
        &self,
        relation: LabelId,
        from: LabelId,
        to: LabelId,
    ) -> Result<(), StoreError> {
        self.db
            .prepare_cached(
                "INSERT INTO relation_rules (relation_label_id, from_label_id, to_label_id)
                 VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )?
            .execute(params![relation.0, from.0, to.0])?;
        Ok(())
    }

    fn insert_attributes(&self, span: SpanId, attributes: &Attributes) -> Result<(), StoreError> {
        let mut statement = self.db.prepare_cached(
            "INSERT INTO span_attributes (span_id, name, value) VALUES (?1, ?2, ?3)",
        )?;
        for (name, value) in attributes {
            statement.execute(params![span.0, name, value])?;
        }
        Ok(())
    }

    /// The annotator's row id, creating the row the first time a name is seen.
    pub(super) fn annotator_id(&self, name: Option<&str>) -> Result<Option<i64>, StoreError> {
        let Some(name) = name.filter(|name| !name.is_empty()) else {
            return Ok(None);
        };
        self.db
            .prepare_cached("INSERT INTO annotators (name) VALUES (?1) ON CONFLICT DO NOTHING")?
            .execute([name])?;
        let id = self
            .db
            .prepare_cached("SELECT id FROM annotators WHERE name = ?1")?
            .query_row([name], |row| row.get(0))?;
        Ok(Some(id))
    }

    /// Inserts a row (`values` in the order of `insert`'s columns) and
    /// returns its id: `id` when given (a restored or imported row keeps
    /// its id), else the next one the engine gives.
    fn insert_row(
        &self,
        insert: &RowInsert,
        id: Option<i64>,
        values: &[&dyn super::engine::ToSql],
    ) -> Result<i64, StoreError> {
        let Some(id) = id else {
            return self.insert_returning_id(insert.without_id, values);
        };
        let mut all: Vec<&dyn super::engine::ToSql> = vec![&id];
        all.extend_from_slice(values);
        self.db
            .prepare_cached(insert.with_id)?
            .execute(all.as_slice())?;
        self.ids_given(insert.table, id)?;
        Ok(id)
    }

    /// Runs the INSERT of one row and returns the id the row got. On SQLite
    /// without `RETURNING`, which keeps each result in a temporary table
    /// opened for the statement: that was a third of the time of a curation
    /// run writing 900,000 gold spans.
    fn insert_returning_id<P: Params>(&self, insert: &str, values: P) -> Result<i64, StoreError> {
        match self.db.engine() {
            Engine::Sqlite => {
                self.db.prepare_cached(insert)?.execute(values)?;
                Ok(self.db.last_insert_rowid()?)
            }
            Engine::Postgres => Ok(self
                .db
                .prepare_cached(&format!("{insert} RETURNING id"))?
                .query_row(values, |row| row.get(0))?),
        }
    }
}

/// The INSERT of a span or relation row, written out once (built per row,
/// the SQL text cost more than the cached statement saved).
struct RowInsert {
    table: &'static str,
    /// The engine gives the id.
    without_id: &'static str,
    /// The id is `?1`.
    with_id: &'static str,
}

const SPAN_INSERT: RowInsert = RowInsert {
    table: "spans",
    without_id: "INSERT INTO spans
        (document_id, start_char, end_char, label_id, annotator_id, note, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    with_id: "INSERT INTO spans
        (id, document_id, start_char, end_char, label_id, annotator_id, note, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
};

const RELATION_INSERT: RowInsert = RowInsert {
    table: "relations",
    without_id: "INSERT INTO relations
        (document_id, from_span_id, to_span_id, label_id, annotator_id, note, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    with_id: "INSERT INTO relations
        (id, document_id, from_span_id, to_span_id, label_id, annotator_id, note, created_at, updated_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
};

//! An annotator's package: a complete project file holding the schema, the
//! documents assigned to them and their own layers of those documents, marked
//! with their name. Built under a hidden name and put in place whole.

use std::path::Path;

use super::engine::params;

use super::layers::PACKAGE_ANNOTATOR_KEY;
use super::{LayerReads, Store, StoreError};

/// Span and relation ids a package hands out start at the annotator's row id
/// times this: packages of different annotators never make the same id, so
/// merging them in any order keeps every id (and exports stay the same).
pub const PACKAGE_ID_RANGE: i64 = 1 << 36;

/// What a package holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageSummary {
    pub documents: usize,
    pub layers: usize,
    pub spans: usize,
    pub relations: usize,
}

impl Store {
    /// Writes `annotator`'s package of this project to `output`, a new file
    /// (never over an existing one). Their layers' revisions are recorded in
    /// the package as its base, for merge to tell who changed what.
    pub fn write_package(
        &self,
        annotator: &str,
        output: &Path,
    ) -> Result<PackageSummary, StoreError> {
        let project = self
            .path()
            .ok_or_else(|| {
                StoreError::Package("an in-memory project has no file to package".into())
            })?
            .to_path_buf();
        self.refuse_as_output(output)?;
        if output.exists() {
            return Err(StoreError::Package(format!(
                "{} already exists; remove it or name another file",
                output.display()
            )));
        }
        let annotators = self.annotator_names()?;
        if !annotators.iter().any(|name| name == annotator) {
            return Err(StoreError::Package(format!(
                "the project has no annotator {annotator:?} (annotators: {})",
                if annotators.is_empty() {
                    "none".to_string()
                } else {
                    annotators.join(", ")
                }
            )));
        }
        let annotator_id: i64 = self.db.query_row(
            "SELECT id FROM annotators WHERE name = ?1",
            [annotator],
            |row| row.get(0),
        )?;
        let assigned: i64 = self.db.query_row(
            "SELECT COUNT(*) FROM assignments WHERE annotator_id = ?1",
            [annotator_id],
            |row| row.get(0),
        )?;
        if assigned == 0 {
            return Err(StoreError::Package(format!(
                "{annotator} is assigned no documents; run glossator assign first"
            )));
        }
        let mut opening = Store::open_or_stage(output)?;
        let super::Opening::New(_) = &opening else {
            return Err(StoreError::Package(format!(
                "{} appeared while the package was being made",
                output.display()
            )));
        };
        let package = opening.store_mut();
        package
            .db
            .execute("ATTACH DATABASE ?1 AS src", [project.to_string_lossy()])?;
        let copied = package.write(|tx| copy_into_package(tx, annotator_id, annotator));
        package.db.execute_batch("DETACH DATABASE src")?;
        let summary = copied?;
        opening.finish()?;
        Ok(summary)
    }
}

/// Copies from `src` (the project, attached) into the new package.
fn copy_into_package(
    tx: &super::Tx<'_>,
    annotator_id: i64,
    annotator: &str,
) -> Result<PackageSummary, StoreError> {
    let conn = super::read::Conn::conn(tx);
    conn.execute_batch(
        "DELETE FROM relation_rules; DELETE FROM attribute_values;
         DELETE FROM attribute_defs; DELETE FROM labels; DELETE FROM project_meta;
         INSERT INTO labels SELECT * FROM src.labels;
         INSERT INTO attribute_defs SELECT * FROM src.attribute_defs;
         INSERT INTO attribute_values SELECT * FROM src.attribute_values;
         INSERT INTO relation_rules SELECT * FROM src.relation_rules;
         INSERT INTO annotators SELECT * FROM src.annotators;
         INSERT INTO project_meta SELECT * FROM src.project_meta;",
    )?;
    let copies = [
        "INSERT INTO documents SELECT d.* FROM src.documents d
         WHERE d.id IN (SELECT document_id FROM src.assignments WHERE annotator_id = ?1)",
        "INSERT INTO assignments SELECT * FROM src.assignments WHERE annotator_id = ?1",
        "INSERT INTO layers (id, document_id, annotator_id, status, revision, updated_at, base_revision)
         SELECT id, document_id, annotator_id, status, revision, updated_at, revision
         FROM src.layers WHERE annotator_id = ?1 AND document_id IN (SELECT id FROM main.documents)",
        "INSERT INTO spans SELECT s.* FROM src.spans s
         WHERE s.annotator_id = ?1 AND s.document_id IN (SELECT id FROM main.documents)",
        "INSERT INTO relations SELECT r.* FROM src.relations r
         WHERE r.annotator_id = ?1 AND r.document_id IN (SELECT id FROM main.documents)",
    ];
    for sql in copies {
        conn.execute(sql, [annotator_id])?;
    }
    conn.execute_batch(
        "INSERT INTO span_attributes SELECT sa.* FROM src.span_attributes sa
         WHERE sa.span_id IN (SELECT id FROM main.spans)",
    )?;
    tx.set_project_meta(PACKAGE_ANNOTATOR_KEY, annotator)?;
    let base = annotator_id.saturating_mul(PACKAGE_ID_RANGE);
    for table in ["spans", "relations"] {
        let top: i64 = conn.query_row(
            &format!("SELECT COALESCE(MAX(id), 0) FROM {table} WHERE id >= ?1 AND id < ?2"),
            params![base, base.saturating_add(PACKAGE_ID_RANGE)],
            |row| row.get(0),
        )?;
        let seq = base.max(top);
        let updated = conn.execute(
            "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1",
            params![table, seq],
        )?;
        if updated == 0 {
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                params![table, seq],
            )?;
        }
    }
    let count = |sql: &str| -> Result<usize, StoreError> {
        let n: i64 = conn.query_row(sql, [], |row| row.get(0))?;
        super::read::to_usize(n)
    };
    Ok(PackageSummary {
        documents: count("SELECT COUNT(*) FROM documents")?,
        layers: count("SELECT COUNT(*) FROM layers")?,
        spans: count("SELECT COUNT(*) FROM spans")?,
        relations: count("SELECT COUNT(*) FROM relations")?,
    })
}

//! `glossator copy`: a whole project into a new database, row for row: every
//! table in the order its references need, each row with its own id, so that
//! both ends export the same bytes. Read in one snapshot of the source,
//! written in one transaction of the target: a failure leaves no project.

use rusqlite::types::Value;
use rusqlite::Connection;

use super::read::Conn;
use super::{Reader, Store, StoreError};

/// What a column holds, to read it as a typed value on either engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Int,
    OptInt,
    Text,
    OptText,
    Real,
}

/// One table of a project and the columns it is copied with.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
}

use Kind::{Int, OptInt, OptText, Real, Text};

/// Every table of the current schema (schema.sql, schema.pg.sql), parents
/// before children. A test checks this list against the schema: a table
/// added to the schema and not here would be lost by every copy.
const TABLES: &[Table] = &[
    Table {
        name: "project_meta",
        columns: &[("key", Text), ("value", Text)],
    },
    Table {
        name: "annotators",
        columns: &[("id", Int), ("name", Text)],
    },
    Table {
        name: "labels",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("name", Text),
            ("color", Text),
            ("shortcut", OptText),
            ("sort_order", Int),
        ],
    },
    Table {
        name: "attribute_defs",
        columns: &[
            ("id", Int),
            ("label_id", Int),
            ("name", Text),
            ("kind", Text),
            ("sort_order", Int),
        ],
    },
    Table {
        name: "attribute_values",
        columns: &[("attribute_id", Int), ("value", Text), ("sort_order", Int)],
    },
    Table {
        name: "relation_rules",
        columns: &[
            ("relation_label_id", Int),
            ("from_label_id", Int),
            ("to_label_id", Int),
        ],
    },
    Table {
        name: "documents",
        columns: &[
            ("id", Int),
            ("external_id", Text),
            ("title", Text),
            ("text", Text),
            ("len_chars", Int),
            ("content_hash", Text),
            ("meta_json", Text),
            ("sort_order", Int),
        ],
    },
    Table {
        name: "layers",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("annotator_id", Int),
            ("status", Text),
            ("revision", Int),
            ("updated_at", Int),
            ("base_revision", OptInt),
        ],
    },
    Table {
        name: "assignments",
        columns: &[("document_id", Int), ("annotator_id", Int)],
    },
    Table {
        name: "spans",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("start_char", Int),
            ("end_char", Int),
            ("label_id", Int),
            ("annotator_id", Int),
            ("note", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "span_attributes",
        columns: &[("span_id", Int), ("name", Text), ("value", Text)],
    },
    Table {
        name: "relations",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("from_span_id", Int),
            ("to_span_id", Int),
            ("label_id", Int),
            ("annotator_id", Int),
            ("note", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "suggestions",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("annotator_id", OptInt),
            ("start_char", Int),
            ("end_char", Int),
            ("label_id", Int),
            ("score", Real),
            ("source", Text),
            ("status", Text),
        ],
    },
];

/// `project_meta` keys that describe the database, not the project: a
/// server keeps its schema version there (SQLite in `PRAGMA user_version`).
const ENGINE_META_KEYS: &[&str] = &["schema_version"];

/// Tables whose ids come from a sequence that must not hand out an id
/// again after a deletion (AUTOINCREMENT on SQLite).
const SEQUENCED: &[&str] = &["spans", "relations"];

/// Rows per INSERT: few statements, well under both engines' limits on
/// parameters (13 columns × 200 = 2,600).
const ROWS_PER_INSERT: usize = 200;

/// Text bytes per INSERT: long documents go a few at a time.
const BYTES_PER_INSERT: usize = 8 << 20;

/// What a copy moved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopySummary {
    /// Rows per table, in [`TABLES`] order (tables with none left out).
    pub rows: Vec<(&'static str, usize)>,
}

impl CopySummary {
    pub fn rows_of(&self, table: &str) -> usize {
        self.rows
            .iter()
            .find(|(name, _)| *name == table)
            .map_or(0, |(_, n)| *n)
    }
}

impl Store {
    /// Copies this whole project into `target`, a new project made for it
    /// (its default labels are replaced): every row with its id, in one
    /// snapshot of this project and one transaction of the target.
    pub fn copy_into(&self, target: &mut Store) -> Result<CopySummary, StoreError> {
        let _snapshot = self.snapshot()?;
        let source = self.conn();
        let sequences = read_sequences(source)?;
        target.write(|tx| {
            let conn = tx.conn();
            for table in TABLES.iter().rev() {
                conn.execute(&format!("DELETE FROM {}", table.name), [])?;
            }
            let mut summary = CopySummary::default();
            for table in TABLES {
                if !has_table(source, table.name)? {
                    continue; // a project older than the table has no rows for it
                }
                let n = copy_table(source, conn, table)?;
                if n > 0 {
                    summary.rows.push((table.name, n));
                }
            }
            write_sequences(conn, &sequences)?;
            rebuild_search_index(conn)?;
            Ok(summary)
        })
    }
}

/// Copies the project `source` into a new project file at `target`, which
/// appears only once the copy is whole (nothing is left there otherwise).
pub fn copy_to_new_file(
    source: &Store,
    target: &std::path::Path,
) -> Result<CopySummary, StoreError> {
    source.refuse_as_output(target)?;
    let taken = || StoreError::CopyTargetTaken {
        target: target.display().to_string(),
        holds: "a file".into(),
    };
    if target.exists() {
        return Err(taken());
    }
    let super::Opening::New(mut staged) = Store::open_or_stage(target)? else {
        return Err(taken());
    };
    let summary = source.copy_into(staged.store_mut())?;
    staged.publish()?;
    Ok(summary)
}

/// Copies the rows of one table; returns how many.
fn copy_table(
    source: &Connection,
    target: &Connection,
    table: &Table,
) -> Result<usize, StoreError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let mut select = source.prepare(&format!(
        "SELECT {} FROM {} ORDER BY {}",
        names.join(", "),
        table.name,
        order_of(table)
    ))?;
    let mut rows = select.query([])?;
    let mut batch: Vec<Value> = Vec::new();
    let (mut in_batch, mut bytes, mut copied) = (0, 0, 0);
    while let Some(row) = rows.next()? {
        if table.name == "project_meta" {
            let key: String = row.get(0)?;
            if ENGINE_META_KEYS.contains(&key.as_str()) {
                continue;
            }
        }
        for (index, (_, kind)) in table.columns.iter().enumerate() {
            let value = read_value(row, index, *kind)?;
            if let Value::Text(text) = &value {
                bytes += text.len();
            }
            batch.push(value);
        }
        in_batch += 1;
        if in_batch == ROWS_PER_INSERT || bytes >= BYTES_PER_INSERT {
            insert_rows(target, table, &names, &batch, in_batch)?;
            copied += in_batch;
            (in_batch, bytes) = (0, 0);
            batch.clear();
        }
    }
    if in_batch > 0 {
        insert_rows(target, table, &names, &batch, in_batch)?;
        copied += in_batch;
    }
    Ok(copied)
}

/// The ORDER BY that lists a table's rows the same way on both engines (its
/// key), so that a copy inserts in the same order whatever the source.
fn order_of(table: &Table) -> String {
    match table.columns.first() {
        Some(("id", _)) => "id".to_string(),
        _ => table
            .columns
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn read_value(row: &rusqlite::Row<'_>, index: usize, kind: Kind) -> Result<Value, StoreError> {
    Ok(match kind {
        Kind::Int => Value::Integer(row.get(index)?),
        Kind::OptInt => row
            .get::<_, Option<i64>>(index)?
            .map_or(Value::Null, Value::Integer),
        Kind::Text => Value::Text(row.get(index)?),
        Kind::OptText => row
            .get::<_, Option<String>>(index)?
            .map_or(Value::Null, Value::Text),
        Kind::Real => Value::Real(row.get(index)?),
    })
}

/// One INSERT of `count` rows whose values are `batch`, row after row.
fn insert_rows(
    target: &Connection,
    table: &Table,
    names: &[&str],
    batch: &[Value],
    count: usize,
) -> Result<(), StoreError> {
    let width = names.len();
    let rows: Vec<String> = (0..count)
        .map(|row| {
            let places: Vec<String> = (1..=width)
                .map(|i| format!("?{}", row * width + i))
                .collect();
            format!("({})", places.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        table.name,
        names.join(", "),
        rows.join(", ")
    );
    target
        .prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(batch))?;
    Ok(())
}

/// Whether the database has `table` (a read-only source may be of an older
/// schema version).
fn has_table(conn: &Connection, table: &str) -> Result<bool, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1")?
        .query_row([table], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The last id each sequenced table handed out (deleted rows included).
fn read_sequences(conn: &Connection) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut sequences = Vec::new();
    for table in SEQUENCED {
        let last: Option<i64> = {
            use rusqlite::OptionalExtension;
            conn.prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = ?1")?
                .query_row([table], |row| row.get(0))
                .optional()?
        };
        if let Some(last) = last {
            sequences.push((*table, last));
        }
    }
    Ok(sequences)
}

/// Hands out ids after `sequences` (and after every copied row) from now on.
fn write_sequences(conn: &Connection, sequences: &[(&str, i64)]) -> Result<(), StoreError> {
    for (table, last) in sequences {
        let updated = conn.execute(
            "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2",
            rusqlite::params![table, last],
        )?;
        if updated == 0 {
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq)
                 SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)",
                rusqlite::params![table, last],
            )?;
        }
    }
    Ok(())
}

/// The copied texts into the full-text index (one pass, not a row at a time).
fn rebuild_search_index(conn: &Connection) -> Result<(), StoreError> {
    if has_table(conn, "documents_fts")? {
        conn.execute_batch("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::TABLES;

    /// Every table of a new project, with every column, is in [`TABLES`]:
    /// one the list forgot would be lost by every copy.
    #[test]
    fn the_copy_knows_every_table_and_column() {
        let store = crate::store::Store::in_memory().unwrap();
        let conn = &store.conn;
        let mut tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'documents_fts%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut known: Vec<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
        tables.sort();
        known.sort();
        assert_eq!(tables, known);
        for table in TABLES {
            let mut columns: Vec<String> = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    table.name
                ))
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let mut listed: Vec<String> = table.columns.iter().map(|c| c.0.to_string()).collect();
            columns.sort();
            listed.sort();
            assert_eq!(columns, listed, "columns of {}", table.name);
        }
    }
}

//! `glossator copy`: a whole project into a new database, row for row: every
//! table in the order its references need, each row with its own id, so that
//! both ends export the same bytes. Read in one snapshot of the source,
//! written in one transaction of the target: a failure leaves no project.

use std::borrow::Cow;
use std::path::Path;

use super::engine::{params, params_from_iter, Db, Engine, OptionalExtension, Row, Value};
use super::read::Conn;
use super::search_words::{index_words, write_server_words};
use super::{server, ProjectLocation, Reader, Store, StoreError};

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
    Table {
        name: "gold_span_provenance",
        columns: &[
            ("span_id", Int),
            ("origin", Text),
            ("voters", Text),
            ("at_ms", Int),
            ("review", OptText),
        ],
    },
    Table {
        name: "gold_relation_provenance",
        columns: &[
            ("relation_id", Int),
            ("origin", Text),
            ("voters", Text),
            ("at_ms", Int),
            ("review", OptText),
        ],
    },
    Table {
        name: "curation_span_decisions",
        columns: &[
            ("document_id", Int),
            ("start_char", Int),
            ("end_char", Int),
            ("label_id", Int),
            ("verdict", Text),
            ("at_ms", Int),
            ("origin", Text),
        ],
    },
    Table {
        name: "curation_relation_decisions",
        columns: &[
            ("document_id", Int),
            ("label_id", Int),
            ("from_start", Int),
            ("from_end", Int),
            ("from_label_id", Int),
            ("to_start", Int),
            ("to_end", Int),
            ("to_label_id", Int),
            ("verdict", Text),
            ("at_ms", Int),
            ("origin", Text),
        ],
    },
    Table {
        name: "curation_progress",
        columns: &[("document_id", Int), ("undecided", Int)],
    },
];

/// `project_meta` keys that describe the database, not the project: a
/// server keeps its schema version there (SQLite in `PRAGMA user_version`).
const ENGINE_META_KEYS: &[&str] = &[server::SCHEMA_VERSION_KEY];

/// Tables whose ids come from a sequence that must not hand out an id
/// again after a deletion (AUTOINCREMENT on SQLite).
const SEQUENCED: &[&str] = &["spans", "relations"];

/// Rows per INSERT: few statements (on a server each is a round trip and a
/// bind), well under both engines' limits on parameters (13 columns ×
/// 1,000 = 13,000; SQLite allows 32,766, PostgreSQL 65,535).
const ROWS_PER_INSERT: usize = 1_000;

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

/// Copies the project `source` into a new project at `target`: a file that
/// appears only once the copy is whole, or a server database that holds no
/// project yet (its tables are made in the copy's transaction). On any
/// error nothing is left at `target`.
pub fn copy_project(source: &Store, target: &ProjectLocation) -> Result<CopySummary, StoreError> {
    match target {
        ProjectLocation::File(path) => copy_to_new_file(source, path),
        ProjectLocation::Server(url) => copy_to_server(source, url),
    }
}

fn copy_to_new_file(source: &Store, target: &Path) -> Result<CopySummary, StoreError> {
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
    let summary = source.copy_into(staged.store_mut(), |tx| {
        // A new file comes with the default labels: the source's replace them.
        for table in TABLES.iter().rev() {
            tx.execute(&format!("DELETE FROM {}", table.name), [])?;
        }
        Ok(Vec::new())
    })?;
    staged.publish()?;
    Ok(summary)
}

fn copy_to_server(source: &Store, url: &str) -> Result<CopySummary, StoreError> {
    let (db, shown) = super::open_server::connect_server(url, None)?;
    let mut target = Store::from_server(db);
    source.copy_into(&mut target, |tx| {
        let has_project: bool = tx.query_row(
            "SELECT to_regclass('project_meta') IS NOT NULL",
            [],
            |row| row.get(0),
        )?;
        if has_project {
            return Err(StoreError::CopyTargetTaken {
                target: shown.clone(),
                holds: "a Glossator project".into(),
            });
        }
        // The tables, their security and triggers, and the version row:
        // all inside the copy's transaction.
        for sql in server::INSTALL_PG_SQL {
            tx.execute_batch(sql)?;
        }
        for (key, value) in server::install_meta_rows() {
            tx.execute(
                "INSERT INTO project_meta (key, value) VALUES (?1, ?2)",
                params![key, value],
            )?;
        }
        defer_indexes_and_foreign_keys(tx)
    })
}

/// Drops the new project's foreign keys and its indexes other than the
/// keys (they are empty) and returns the statements that make them again
/// once the rows are in. Checked row by row, the foreign keys and the
/// search index were most of a copy's time on a server (a million spans,
/// four checks each); made after the rows, each is one pass. The project
/// ends with the same constraints and indexes, named as schema.pg.sql
/// names them, and a row they refuse fails the copy as before.
fn defer_indexes_and_foreign_keys(db: &Db) -> Result<Vec<String>, StoreError> {
    let pairs = |sql: &str| -> Result<Vec<(String, String)>, StoreError> {
        let mut statement = db.prepare(sql)?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let foreign_keys = pairs(
        "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,
                       pg_get_constraintdef(oid))
         FROM pg_constraint
         WHERE contype = 'f' AND connamespace = 'public'::regnamespace
         ORDER BY conrelid::regclass::text, conname",
    )?;
    // Not the indexes of primary keys and unique constraints: foreign keys
    // refer to those, and they keep a copy from doubling a row.
    let indexes = pairs(
        "SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relnamespace = 'public'::regnamespace
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
         ORDER BY i.indexrelid::regclass::text",
    )?;
    let mut again = Vec::new();
    for (drop, make) in foreign_keys.into_iter().chain(indexes) {
        db.execute_batch(&drop)?;
        again.push(make);
    }
    // Indexes first: a foreign key's check reads its table faster with them.
    again.reverse();
    // Then the planner's statistics: made in one pass, the indexes tell it
    // the tables' sizes but nothing of their columns, and it chose plans
    // that made a first export of 100,000 documents take many minutes
    // (autovacuum analyzes a table only a while after its rows arrive).
    again.push("ANALYZE".to_string());
    Ok(again)
}

impl Store {
    /// Copies this whole project into `target`, after `prepare` made it
    /// ready (emptied, or its tables made; it returns statements to run
    /// once the rows are in): every row with its id, in one snapshot of
    /// this project and one transaction of the target.
    fn copy_into(
        &self,
        target: &mut Store,
        prepare: impl FnOnce(&Db) -> Result<Vec<String>, StoreError>,
    ) -> Result<CopySummary, StoreError> {
        let _snapshot = self.snapshot()?;
        let source = self.conn();
        let sequences = read_sequences(source)?;
        target.write(|tx| {
            let db = tx.conn();
            let after_rows = prepare(db)?;
            let mut summary = CopySummary::default();
            for table in TABLES {
                if !has_table(source, table.name)? {
                    continue; // a project older than the table has no rows for it
                }
                let n = copy_table(source, db, table)?;
                if n > 0 {
                    summary.rows.push((table.name, n));
                }
            }
            for statement in &after_rows {
                db.execute_batch(statement)?;
            }
            write_sequences(db, &sequences)?;
            rebuild_search_index(db)?;
            Ok(summary)
        })
    }
}

/// Copies the rows of one table; returns how many.
fn copy_table(source: &Db, target: &Db, table: &Table) -> Result<usize, StoreError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let select = format!(
        "SELECT {} FROM {} ORDER BY {}",
        names.join(", "),
        table.name,
        order_of(table)
    );
    let mut batch: Vec<Value<'static>> = Vec::new();
    let (mut in_batch, mut bytes, mut copied) = (0, 0, 0);
    let mut search = ServerSearch::of(target, table);
    for_each_row(source, &select, |row| {
        if table.name == "project_meta" {
            let key: String = row.get(0)?;
            if ENGINE_META_KEYS.contains(&key.as_str()) {
                return Ok(());
            }
        }
        for (index, (_, kind)) in table.columns.iter().enumerate() {
            let value = read_value(row, index, *kind)?;
            if let Value::Text(text) = &value {
                bytes += text.len();
            }
            batch.push(value);
        }
        if let Some(search) = &mut search {
            search.add(&batch[batch.len() - names.len()..])?;
        }
        in_batch += 1;
        if in_batch == ROWS_PER_INSERT || bytes >= BYTES_PER_INSERT {
            insert_rows(target, table, &names, std::mem::take(&mut batch), in_batch)?;
            copied += in_batch;
            (in_batch, bytes) = (0, 0);
            if let Some(search) = &mut search {
                search.write(target)?;
            }
        }
        Ok(())
    })?;
    if in_batch > 0 {
        insert_rows(target, table, &names, batch, in_batch)?;
        copied += in_batch;
    }
    if let Some(search) = &mut search {
        search.write(target)?;
    }
    Ok(copied)
}

/// The copied documents' words for a server's search index
/// (`documents_fts`, which a server has and a file has not), written after
/// each INSERT of their rows.
struct ServerSearch {
    id_column: usize,
    text_column: usize,
    ids: Vec<i64>,
    words: Vec<Option<String>>,
}

impl ServerSearch {
    /// Some for the documents table copied to a server.
    fn of(target: &Db, table: &Table) -> Option<Self> {
        if target.engine() != Engine::Postgres || table.name != "documents" {
            return None;
        }
        let column = |name| table.columns.iter().position(|(n, _)| *n == name);
        Some(ServerSearch {
            id_column: column("id")?,
            text_column: column("text")?,
            ids: Vec::new(),
            words: Vec::new(),
        })
    }

    /// One document's row, as copied.
    fn add(&mut self, row: &[Value<'_>]) -> Result<(), StoreError> {
        let (Value::Integer(id), Value::Text(text)) =
            (&row[self.id_column], &row[self.text_column])
        else {
            // The columns are read as Int and Text (TABLES): only a bug
            // gets here, and a document without its words must not pass.
            return Err(StoreError::Corrupt(
                "a copied document's id or text is not what the copy read".into(),
            ));
        };
        self.ids.push(*id);
        self.words.push(index_words(text));
        Ok(())
    }

    fn write(&mut self, target: &Db) -> Result<(), StoreError> {
        if self.ids.is_empty() {
            return Ok(());
        }
        let words = std::mem::take(&mut self.words);
        write_server_words(target, &std::mem::take(&mut self.ids), words)
    }
}

/// Rows a server's cursor hands over at a time.
const ROWS_PER_FETCH: usize = 5_000;

/// Runs `select` on the source and hands each row to `each`. SQLite steps
/// through the result; a server's result comes a page at a time from a
/// cursor in the copy's snapshot: a plain query would hold the whole table
/// (a million spans) in memory at once.
fn for_each_row(
    source: &Db,
    select: &str,
    mut each: impl FnMut(&Row<'_>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    match source.engine() {
        Engine::Sqlite => {
            let mut statement = source.prepare(select)?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                each(&row)?;
            }
        }
        Engine::Postgres => {
            source.execute_batch(&format!(
                "DECLARE glossator_copy NO SCROLL CURSOR FOR {select}"
            ))?;
            // Prepared while the cursor exists, so that the server
            // describes this table's columns (not cached: the next table's
            // cursor has other columns).
            let mut fetch = source.prepare(&format!(
                "FETCH FORWARD {ROWS_PER_FETCH} FROM glossator_copy"
            ))?;
            loop {
                let mut rows = fetch.query([])?;
                let mut fetched = 0;
                while let Some(row) = rows.next()? {
                    each(&row)?;
                    fetched += 1;
                }
                if fetched < ROWS_PER_FETCH {
                    break;
                }
            }
            drop(fetch);
            source.execute_batch("CLOSE glossator_copy")?;
        }
    }
    Ok(())
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

fn read_value(row: &Row<'_>, index: usize, kind: Kind) -> Result<Value<'static>, StoreError> {
    let text = |text: String| Value::Text(Cow::Owned(text));
    Ok(match kind {
        Kind::Int => Value::Integer(row.get(index)?),
        Kind::OptInt => row
            .get::<_, Option<i64>>(index)?
            .map_or(Value::Null, Value::Integer),
        Kind::Text => text(row.get(index)?),
        Kind::OptText => row
            .get::<_, Option<String>>(index)?
            .map_or(Value::Null, text),
        Kind::Real => Value::Real(row.get(index)?),
    })
}

/// One INSERT of `count` rows whose values are `batch`, row after row.
fn insert_rows(
    target: &Db,
    table: &Table,
    names: &[&str],
    batch: Vec<Value<'static>>,
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
        .execute(params_from_iter(batch))?;
    Ok(())
}

/// Whether the project has `table`: a read-only source file may be of an
/// older schema version; a server project is at the current one.
fn has_table(db: &Db, table: &str) -> Result<bool, StoreError> {
    match db.engine() {
        Engine::Sqlite => Ok(db
            .prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1")?
            .query_row([table], |_| Ok(()))
            .optional()?
            .is_some()),
        Engine::Postgres => Ok(true),
    }
}

/// The last id each sequenced table handed out (deleted rows included).
fn read_sequences(db: &Db) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut sequences = Vec::new();
    for table in SEQUENCED {
        let last: Option<i64> = match db.engine() {
            Engine::Sqlite => db
                .prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = ?1")?
                .query_row([table], |row| row.get(0))
                .optional()?,
            Engine::Postgres => {
                // The sequence itself: `last_value` is the next id to hand
                // out until `is_called` (a setval(.., false) does that).
                let sequence: String =
                    db.query_row("SELECT pg_get_serial_sequence(?1, 'id')", [table], |row| {
                        row.get(0)
                    })?;
                db.query_row(
                    &format!(
                        "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END
                         FROM {sequence}"
                    ),
                    [],
                    |row| row.get(0),
                )
                .optional()?
            }
        };
        if let Some(last) = last.filter(|last| *last > 0) {
            sequences.push((*table, last));
        }
    }
    Ok(sequences)
}

/// Every table with an identity on a server: each must hand out ids after
/// the copied ones.
const IDENTITIES: &[&str] = &[
    "annotators",
    "labels",
    "attribute_defs",
    "documents",
    "layers",
    "spans",
    "relations",
    "suggestions",
];

/// Hands out ids after `sequences` (and after every copied row) from now on.
fn write_sequences(db: &Db, sequences: &[(&str, i64)]) -> Result<(), StoreError> {
    let carried = |table: &str| {
        sequences
            .iter()
            .find(|(name, _)| *name == table)
            .map_or(0, |(_, last)| *last)
    };
    match db.engine() {
        // AUTOINCREMENT already follows the copied rows; only what the
        // source had handed out and then deleted is to carry over.
        Engine::Sqlite => {
            for (table, last) in sequences {
                let updated = db.execute(
                    "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2",
                    params![table, last],
                )?;
                if updated == 0 {
                    db.execute(
                        "INSERT INTO sqlite_sequence (name, seq)
                         SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)",
                        params![table, last],
                    )?;
                }
            }
        }
        // An identity does not follow explicit ids at all.
        Engine::Postgres => {
            for table in IDENTITIES {
                db.query_row(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence(?1, 'id'),
                                GREATEST(COALESCE((SELECT MAX(id) FROM {table}), 0), ?2) + 1, false)"
                    ),
                    params![table, carried(table)],
                    |_| Ok(()),
                )?;
            }
        }
    }
    Ok(())
}

/// The copied texts into a file's full-text index (one pass, not a row at
/// a time); a server's was written with the documents ([`ServerSearch`]).
fn rebuild_search_index(db: &Db) -> Result<(), StoreError> {
    if db.engine() == Engine::Sqlite && has_table(db, "documents_fts")? {
        db.execute_batch("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")?;
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
        let conn = store.db.as_sqlite().unwrap();
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

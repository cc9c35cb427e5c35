//! On a server, a span's layer and label are checked once per statement by
//! triggers (schema.pg.sql), not by foreign keys checked row by row. They
//! must hold what the foreign keys held, for plain SQL too: no span without
//! its layer or label, deleting a layer or document deletes its spans,
//! a label that spans carry stays, and two transactions racing a delete
//! against an insert leave no span behind without its layer.

mod common;

use std::time::Duration;

use common::pg_server::server;
use glossator::store::{copy_project, ProjectLocation, Store};
use postgres::{Client, GenericClient, NoTls};

struct Project {
    url: String,
    admin: Client,
    document: i64,
    annotator: i64,
    label: i64,
}

/// A server project with the default labels, one document and one layer.
fn project(test: &str) -> Project {
    let database = server().create_database(test);
    let url = server().superuser_url(&database);
    let empty = Store::in_memory().unwrap();
    copy_project(&empty, &ProjectLocation::Server(url.clone())).unwrap();
    let mut admin = Client::connect(&url, NoTls).unwrap();
    let document: i64 = admin
        .query_one(
            "INSERT INTO documents (external_id, title, text, len_chars, content_hash, sort_order)
             VALUES ('d1', 'd1', 'Ana and Ben met in Kabul.', 25, 'h1', 1) RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let annotator: i64 = admin
        .query_one(
            "INSERT INTO annotators (name) VALUES ('ana') RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    admin
        .execute(
            "INSERT INTO layers (document_id, annotator_id, updated_at) VALUES ($1, $2, 0)",
            &[&document, &annotator],
        )
        .unwrap();
    let label: i64 = admin
        .query_one(
            "SELECT id FROM labels WHERE kind = 'span' ORDER BY sort_order LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    Project {
        url,
        admin,
        document,
        annotator,
        label,
    }
}

const INSERT_SPAN: &str = "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
     VALUES ($1, 0, 3, $3, $2, 0, 0) RETURNING id";

fn insert_span(
    client: &mut impl GenericClient,
    document: i64,
    annotator: i64,
    label: i64,
) -> Result<i64, postgres::Error> {
    client
        .query_one(INSERT_SPAN, &[&document, &annotator, &label])
        .map(|row| row.get(0))
}

fn is_foreign_key_violation(err: &postgres::Error) -> bool {
    err.code() == Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION)
}

fn count(client: &mut Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_span_needs_its_layer_and_its_label() {
    let mut p = project("span_refs_needed");
    insert_span(&mut p.admin, p.document, p.annotator, p.label).expect("a span in a layer");
    let no_layer = insert_span(&mut p.admin, p.document, p.annotator + 100, p.label).unwrap_err();
    assert!(is_foreign_key_violation(&no_layer), "{no_layer:?}");
    let no_label = insert_span(&mut p.admin, p.document, p.annotator, 9_999).unwrap_err();
    assert!(is_foreign_key_violation(&no_label), "{no_label:?}");
    // Many rows in one statement: one bad row refuses them all.
    let mixed = p.admin.execute(
        "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
         SELECT $1::bigint, n, n + 1, CASE WHEN n = 7 THEN 9999 ELSE $3::bigint END, $2::bigint, 0, 0
         FROM generate_series(0, 20) n",
        &[&p.document, &p.annotator, &p.label],
    );
    let mixed = mixed.unwrap_err();
    assert!(is_foreign_key_violation(&mixed), "{mixed:?}");
    // A change of layer or label is checked the same way.
    let moved = p
        .admin
        .execute("UPDATE spans SET annotator_id = annotator_id + 100", &[])
        .unwrap_err();
    assert!(is_foreign_key_violation(&moved), "{moved:?}");
    let relabelled = p
        .admin
        .execute("UPDATE spans SET label_id = 9999", &[])
        .unwrap_err();
    assert!(is_foreign_key_violation(&relabelled), "{relabelled:?}");
    assert_eq!(count(&mut p.admin, "SELECT COUNT(*) FROM spans"), 1);
}

#[test]
fn deleting_a_layer_or_its_document_deletes_its_spans_relations_and_attributes() {
    let mut p = project("span_refs_cascade");
    let from = insert_span(&mut p.admin, p.document, p.annotator, p.label).unwrap();
    let to = insert_span(&mut p.admin, p.document, p.annotator, p.label).unwrap();
    let relation_label: i64 = p
        .admin
        .query_one("SELECT id FROM labels WHERE kind = 'relation' LIMIT 1", &[])
        .unwrap()
        .get(0);
    p.admin
        .execute(
            "INSERT INTO relations (document_id, from_span_id, to_span_id, label_id, annotator_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 0, 0)",
            &[&p.document, &from, &to, &relation_label, &p.annotator],
        )
        .unwrap();
    p.admin
        .execute(
            "INSERT INTO span_attributes (span_id, name, value) VALUES ($1, 'type', 'x')",
            &[&from],
        )
        .unwrap();
    p.admin.execute("DELETE FROM layers", &[]).unwrap();
    for table in ["spans", "relations", "span_attributes"] {
        assert_eq!(
            count(&mut p.admin, &format!("SELECT COUNT(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    // Through the document: its layers go, and their spans with them.
    p.admin
        .execute(
            "INSERT INTO layers (document_id, annotator_id, updated_at) VALUES ($1, $2, 0)",
            &[&p.document, &p.annotator],
        )
        .unwrap();
    insert_span(&mut p.admin, p.document, p.annotator, p.label).unwrap();
    p.admin.execute("DELETE FROM documents", &[]).unwrap();
    assert_eq!(count(&mut p.admin, "SELECT COUNT(*) FROM spans"), 0);
}

#[test]
fn a_label_spans_carry_stays_and_keys_never_change() {
    let mut p = project("span_refs_label");
    insert_span(&mut p.admin, p.document, p.annotator, p.label).unwrap();
    let err = p
        .admin
        .execute("DELETE FROM labels WHERE id = $1", &[&p.label])
        .unwrap_err();
    assert!(is_foreign_key_violation(&err), "{err:?}");
    let unused: i64 = p
        .admin
        .query_one(
            "SELECT id FROM labels WHERE kind = 'span' AND id <> $1 LIMIT 1",
            &[&p.label],
        )
        .unwrap()
        .get(0);
    p.admin.execute("DELETE FROM relation_rules", &[]).unwrap();
    p.admin
        .execute("DELETE FROM labels WHERE id = $1", &[&unused])
        .expect("a label no span carries goes");
    for sql in [
        "UPDATE labels SET id = id + 1000 WHERE id = $1",
        "UPDATE layers SET annotator_id = annotator_id + 1 WHERE $1::bigint > 0",
    ] {
        let err = p.admin.execute(sql, &[&p.label]).unwrap_err();
        assert!(is_foreign_key_violation(&err), "{sql}: {err:?}");
    }
    // What never touches a key passes.
    p.admin
        .execute("UPDATE layers SET status = 'done'", &[])
        .unwrap();
    p.admin
        .execute(
            "UPDATE labels SET color = '#000000' WHERE id = $1",
            &[&p.label],
        )
        .unwrap();
}

/// A layer deleted while another transaction inserts a span into it: the
/// delete waits for the insert's lock and then takes the span with it; an
/// insert into a layer being deleted waits and then is refused.
#[test]
fn a_delete_racing_an_insert_leaves_no_span_without_its_layer() {
    let mut p = project("span_refs_race");
    let mut inserter = Client::connect(&p.url, NoTls).unwrap();
    let mut tx = inserter.transaction().unwrap();
    insert_span(&mut tx, p.document, p.annotator, p.label).unwrap();
    let url = p.url.clone();
    let deleter = std::thread::spawn(move || {
        let mut client = Client::connect(&url, NoTls).unwrap();
        client.execute("DELETE FROM layers", &[]).unwrap()
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(!deleter.is_finished(), "the delete waits for the insert");
    tx.commit().unwrap();
    assert_eq!(deleter.join().unwrap(), 1);
    assert_eq!(count(&mut p.admin, "SELECT COUNT(*) FROM spans"), 0);

    // The other way round.
    p.admin
        .execute(
            "INSERT INTO layers (document_id, annotator_id, updated_at) VALUES ($1, $2, 0)",
            &[&p.document, &p.annotator],
        )
        .unwrap();
    let mut deleting = Client::connect(&p.url, NoTls).unwrap();
    let mut tx = deleting.transaction().unwrap();
    tx.execute("DELETE FROM layers", &[]).unwrap();
    let url = p.url.clone();
    let (document, annotator, label) = (p.document, p.annotator, p.label);
    let inserting = std::thread::spawn(move || {
        let mut client = Client::connect(&url, NoTls).unwrap();
        insert_span(&mut client, document, annotator, label)
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(!inserting.is_finished(), "the insert waits for the delete");
    tx.commit().unwrap();
    let refused = inserting.join().unwrap().unwrap_err();
    assert!(is_foreign_key_violation(&refused), "{refused:?}");
    assert_eq!(count(&mut p.admin, "SELECT COUNT(*) FROM spans"), 0);
}

/// Deleting a layer or a label in REPEATABLE READ could miss a span another
/// transaction committed since the snapshot (a foreign key would raise a
/// serialization failure there): the checks refuse it.
#[test]
fn layers_and_labels_are_deleted_only_in_read_committed() {
    let mut p = project("span_refs_isolation");
    for sql in ["DELETE FROM layers", "DELETE FROM labels WHERE id = 9999"] {
        let mut tx = p
            .admin
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .start()
            .unwrap();
        let err = tx.execute(sql, &[]).unwrap_err();
        assert_eq!(
            err.code(),
            Some(&postgres::error::SqlState::T_R_SERIALIZATION_FAILURE),
            "{sql}: {err:?}"
        );
    }
    p.admin
        .execute("DELETE FROM layers", &[])
        .expect("read committed");
}

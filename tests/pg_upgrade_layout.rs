//! A server project set up by an earlier Glossator (tests/data/handmade/
//! pg-layout-1: an expression search index, four foreign keys per span) is
//! refused at open with the way out, and `glossator upgrade URL` brings it
//! to the current layout in place: every row kept, the words indexed, the
//! spans checked by triggers, the team's rights on the new table.

mod common;

use common::engines::add_document;
use common::pg_server::server;
use common::{data_dir, fails_with, glossator, ok};
use glossator::search::{search, Query, SearchScope};
use glossator::store::server::{init_team_project, TeamSetup};
use glossator::store::{Store, StoreError};
use postgres::{Client, NoTls};

const PASSWORD: &str = "layout-secret";

/// A database holding a project as the earlier build installed it, with
/// its team, a document in Kabul's café and two spans by ana.
fn earlier_project(test: &str) -> (String, String) {
    let database = server().create_database(test);
    let url = server().superuser_url(&database);
    let mut admin = Client::connect(&url, NoTls).unwrap();
    let layout = data_dir().join("handmade/pg-layout-1");
    for file in ["schema.pg.sql", "team.pg.sql"] {
        let sql = std::fs::read_to_string(layout.join(file)).unwrap();
        admin.batch_execute(&sql).unwrap();
    }
    // The team as the earlier build's init-server made it (the same roles
    // and grants as this build's, which refuses to touch a version 6: the
    // version is 6 again right after).
    admin
        .batch_execute("INSERT INTO project_meta (key, value) VALUES ('schema_version', '7')")
        .unwrap();
    let ana = format!("ana_{test}");
    init_team_project(
        &mut admin,
        &TeamSetup {
            annotators: vec![ana.clone()],
            curators: vec![],
        },
    )
    .unwrap();
    admin
        .batch_execute("UPDATE project_meta SET value = '6' WHERE key = 'schema_version'")
        .unwrap();
    server().psql(
        "postgres",
        &format!("ALTER ROLE \"{ana}\" PASSWORD '{PASSWORD}'"),
    );
    admin
        .batch_execute(&format!(
            "INSERT INTO labels (id, kind, name, color, sort_order) VALUES (1, 'span', 'ACTOR', '#112233', 1);
             INSERT INTO documents (id, external_id, title, text, len_chars, content_hash, sort_order)
                 VALUES (1, 'd1', 'd1', 'Ana met Ben in a café in Kabul.', 31, 'h1', 1),
                        (2, 'd2', 'd2', 'Nothing here.', 13, 'h2', 2);
             INSERT INTO layers (document_id, annotator_id, updated_at)
                 SELECT 1, id, 0 FROM annotators WHERE name = '{ana}';
             INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
                 SELECT 1, s, s + 3, 1, id, 0, 0 FROM annotators, (VALUES (0), (8)) AS at (s)
                 WHERE name = '{ana}';"
        ))
        .unwrap();
    (url, server().url(&ana, PASSWORD, &database))
}

fn hits(store: &Store, query: &str) -> usize {
    let query = Query::parse(query).unwrap();
    let scope = SearchScope {
        documents: None,
        limit: 100,
    };
    search(store, &query, &scope, &mut |_, _| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap()
    .hits
    .len()
}

fn count(client: &mut Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn an_earlier_server_project_is_refused_then_upgraded_in_place() {
    let (url, ana_url) = earlier_project("layout_upgrade");
    let refused = Store::open_server(&ana_url).err().unwrap();
    assert!(
        matches!(refused, StoreError::ServerLayout { .. }),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("glossator upgrade"),
        "{refused}"
    );
    fails_with(glossator(&[&"stats", &ana_url]), "glossator upgrade");

    let said = ok(glossator(&[&"upgrade", &url]));
    assert!(
        said.contains("upgraded") && said.contains("2 documents"),
        "{said}"
    );

    let mut admin = Client::connect(&url, NoTls).unwrap();
    assert_eq!(count(&mut admin, "SELECT COUNT(*) FROM spans"), 2);
    assert_eq!(
        count(
            &mut admin,
            "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f'
             AND conrelid = 'spans'::regclass"
        ),
        0,
        "the span's foreign keys gave way to the triggers"
    );
    assert_eq!(
        count(&mut admin, "SELECT COUNT(*) FROM documents_fts"),
        2,
        "every document's words"
    );
    let orphan = admin
        .execute(
            "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
             SELECT 1, 0, 3, 99, id, 0, 0 FROM annotators",
            &[],
        )
        .unwrap_err();
    assert_eq!(
        orphan.code(),
        Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION)
    );

    // The annotator opens it as before, and search finds through the words.
    let store = Store::open_server(&ana_url).unwrap();
    assert_eq!(hits(&store, "cafe"), 1);
    assert_eq!(hits(&store, "kab*"), 1);
    assert_eq!(hits(&store, "nowhere"), 0);

    let again = ok(glossator(&[&"upgrade", &url]));
    assert!(again.contains("up to date"), "{again}");
}

#[test]
fn an_upgrade_that_fails_changes_nothing() {
    let (url, ana_url) = earlier_project("layout_upgrade_refused");
    // ana does not own the tables: the upgrade is refused whole.
    let refused = glossator(&[&"upgrade", &ana_url]);
    assert!(!refused.status.success());
    let mut admin = Client::connect(&url, NoTls).unwrap();
    assert_eq!(
        count(
            &mut admin,
            "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f'
             AND conrelid = 'spans'::regclass"
        ),
        4
    );
    assert_eq!(
        count(
            &mut admin,
            "SELECT COUNT(*) FROM pg_class WHERE relname = 'documents_fts' AND relkind = 'i'"
        ),
        1
    );
}

/// The tables belong to the database's owner, and a superuser upgrades:
/// what the upgrade makes is the owner's too, so the owner still adds
/// documents (with their words) afterwards.
#[test]
fn an_upgrade_by_a_superuser_leaves_everything_to_the_owner() {
    let database = server().create_database("layout_owner");
    let owner = "owner_layout_owner";
    server().create_role(owner, PASSWORD);
    server().psql(
        "postgres",
        &format!("ALTER DATABASE \"{database}\" OWNER TO \"{owner}\""),
    );
    let owner_url = server().url(owner, PASSWORD, &database);
    let mut as_owner = Client::connect(&owner_url, NoTls).unwrap();
    let layout = data_dir().join("handmade/pg-layout-1");
    for file in ["schema.pg.sql", "team.pg.sql"] {
        let sql = std::fs::read_to_string(layout.join(file)).unwrap();
        as_owner.batch_execute(&sql).unwrap();
    }
    as_owner
        .batch_execute("INSERT INTO project_meta (key, value) VALUES ('schema_version', '6')")
        .unwrap();
    ok(glossator(&[&"upgrade", &server().superuser_url(&database)]));
    let owners: Vec<String> = as_owner
        .query(
            "SELECT DISTINCT pg_get_userbyid(relowner)::text FROM pg_class
             WHERE relname IN ('documents_fts', 'documents_fts_words', 'spans')
             UNION SELECT DISTINCT pg_get_userbyid(proowner)::text FROM pg_proc
             WHERE proname LIKE 'glossator\\_%'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(owners, vec![owner.to_string()]);
    let mut store = Store::open_server(&owner_url).unwrap();
    // The owner adds a document, and its words.
    add_document(&mut store, "d1", "Un café à Kaboul.");
    assert_eq!(hits(&store, "kaboul"), 1);
}

#[test]
fn an_upgrade_of_a_database_without_a_project_says_so() {
    let database = server().create_database("layout_empty");
    fails_with(
        glossator(&[&"upgrade", &server().superuser_url(&database)]),
        "holds no Glossator project",
    );
}

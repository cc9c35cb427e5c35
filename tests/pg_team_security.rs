//! Row-level security on a team server, tried by a hostile client: plain SQL
//! over the postgres crate as annotator `ana`, who must not read or touch
//! `ben`'s layer, write `gold`, documents or the schema, or make herself a
//! curator; curator `cy` may do all of that.

mod common;

use common::pg_server::{server, PgServer};
use glossator::store::server::{init_team_project, TeamSetup, SEE_OTHER_LAYERS_KEY};
use postgres::Client;

const PASSWORD: &str = "team-secret";

/// One test's project: its database and the role names of its team (roles
/// are shared by the whole server, so each test has its own).
struct Team {
    server: &'static PgServer,
    database: String,
    ana: String,
    ben: String,
    cy: String,
    /// Ids set up by the superuser: a document, a span label, and one span in
    /// each of ana's and ben's layers.
    document: i64,
    label: i64,
    ana_span: i64,
    ben_span: i64,
}

impl Team {
    fn new(test: &str) -> Self {
        let server = server();
        let database = server.create_database(test);
        let name = |who: &str| format!("{who}_{test}");
        let (ana, ben, cy) = (name("ana"), name("ben"), name("cy"));
        let mut admin = connect(&server.superuser_url(&database));
        init_team_project(
            &mut admin,
            &TeamSetup {
                annotators: vec![ana.clone(), ben.clone()],
                curators: vec![cy.clone()],
            },
        )
        .expect("init-server sets the project up");
        for role in [&ana, &ben, &cy] {
            server.psql(
                "postgres",
                &format!("ALTER ROLE \"{role}\" PASSWORD '{PASSWORD}'"),
            );
        }
        let document: i64 = admin
            .query_one(
                "INSERT INTO documents (external_id, title, text, len_chars, content_hash, sort_order)
                 VALUES ('d1', 'd1', 'Ana and Ben met in Kabul.', 25, 'h1', 1) RETURNING id",
                &[],
            )
            .unwrap()
            .get(0);
        let label: i64 = admin
            .query_one(
                "INSERT INTO labels (kind, name, color, sort_order)
                 VALUES ('span', 'ACTOR', '#ff0000', 1) RETURNING id",
                &[],
            )
            .unwrap()
            .get(0);
        let mut team = Self {
            server,
            database,
            ana,
            ben,
            cy,
            document,
            label,
            ana_span: 0,
            ben_span: 0,
        };
        team.ana_span = team.add_layer_with_span(&mut admin, &team.ana.clone());
        team.ben_span = team.add_layer_with_span(&mut admin, &team.ben.clone());
        team
    }

    fn add_layer_with_span(&self, client: &mut Client, annotator: &str) -> i64 {
        let annotator_id = self.annotator_id(client, annotator);
        client
            .execute(
                "INSERT INTO layers (document_id, annotator_id, updated_at) VALUES ($1, $2, 0)",
                &[&self.document, &annotator_id],
            )
            .unwrap();
        client
            .query_one(
                "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
                 VALUES ($1, 0, 3, $2, $3, 0, 0) RETURNING id",
                &[&self.document, &self.label, &annotator_id],
            )
            .unwrap()
            .get(0)
    }

    fn annotator_id(&self, client: &mut Client, name: &str) -> i64 {
        client
            .query_one(
                "INSERT INTO annotators (name) VALUES ($1)
                 ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id",
                &[&name],
            )
            .unwrap()
            .get(0)
    }

    fn session(&self, role: &str) -> Client {
        connect(&self.server.url(role, PASSWORD, &self.database))
    }

    fn admin(&self) -> Client {
        connect(&self.server.superuser_url(&self.database))
    }

    /// The spans of `annotator` as the superuser sees them (the truth).
    fn spans_of(&self, annotator: &str) -> Vec<(i64, i64, i64)> {
        self.admin()
            .query(
                "SELECT s.id, s.start_char, s.end_char FROM spans s
                 JOIN annotators a ON a.id = s.annotator_id WHERE a.name = $1 ORDER BY s.id",
                &[&annotator],
            )
            .unwrap()
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2)))
            .collect()
    }
}

fn connect(url: &str) -> Client {
    Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// Asserts that `sql` fails as a row-level security violation.
fn refused(client: &mut Client, sql: &str) {
    let error = client
        .batch_execute(sql)
        .expect_err(&format!("must be refused: {sql}"));
    let message = server_message(&error);
    let reasons = [
        "row-level security",
        "permission denied",
        "must have admin option",
        "must be owner",
    ];
    assert!(
        reasons.iter().any(|reason| message.contains(reason)),
        "{sql}: {message}"
    );
}

fn server_message(error: &postgres::Error) -> String {
    error
        .as_db_error()
        .map(|db| db.message().to_string())
        .unwrap_or_else(|| error.to_string())
}

fn changed(client: &mut Client, sql: &str) -> u64 {
    client
        .execute(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn count(client: &mut Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn ana_cannot_see_insert_into_update_or_delete_bens_layer() {
    let team = Team::new("sec_layers");
    let before = team.spans_of(&team.ben);
    let mut ana = team.session(&team.ana);
    let ben_id = team.annotator_id(&mut team.admin(), &team.ben);
    let (document, label, ben_span) = (team.document, team.label, team.ben_span);

    assert_eq!(
        count(&mut ana, "SELECT COUNT(*) FROM spans"),
        1,
        "only her own span"
    );
    assert_eq!(
        count(&mut ana, "SELECT COUNT(*) FROM layers"),
        1,
        "only her own layer"
    );
    assert_eq!(
        count(
            &mut ana,
            &format!("SELECT COUNT(*) FROM spans WHERE annotator_id = {ben_id}")
        ),
        0
    );
    refused(
        &mut ana,
        &format!(
            "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
             VALUES ({document}, 4, 7, {label}, {ben_id}, 0, 0)"
        ),
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!("UPDATE spans SET end_char = 9 WHERE id = {ben_span}")
        ),
        0
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!("DELETE FROM spans WHERE annotator_id = {ben_id}")
        ),
        0
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!("UPDATE layers SET status = 'done' WHERE annotator_id = {ben_id}")
        ),
        0
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!("DELETE FROM layers WHERE annotator_id = {ben_id}")
        ),
        0
    );
    // Her own span given to ben: the new row is not hers.
    refused(
        &mut ana,
        &format!(
            "UPDATE spans SET annotator_id = {ben_id} WHERE id = {}",
            team.ana_span
        ),
    );
    refused(
        &mut ana,
        &format!(
            "INSERT INTO span_attributes (span_id, name, value) VALUES ({ben_span}, 'x', 'y')"
        ),
    );
    assert_eq!(team.spans_of(&team.ben), before, "ben's layer is untouched");
}

#[test]
fn ana_cannot_tie_her_relation_to_bens_span() {
    let team = Team::new("sec_relation");
    let mut ana = team.session(&team.ana);
    let ana_id = team.annotator_id(&mut team.admin(), &team.ana);
    let label: i64 = team
        .admin()
        .query_one(
            "INSERT INTO labels (kind, name, color, sort_order)
             VALUES ('relation', 'meets', '#00ff00', 1) RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    let relation = |to: i64| {
        format!(
            "INSERT INTO relations (document_id, from_span_id, to_span_id, label_id, annotator_id, created_at, updated_at)
             VALUES ({}, {}, {to}, {label}, {ana_id}, 0, 0)",
            team.document, team.ana_span
        )
    };
    refused(&mut ana, &relation(team.ben_span));
    changed(&mut ana, &relation(team.ana_span));
}

#[test]
fn ana_writes_her_own_layer() {
    let team = Team::new("sec_own");
    let mut ana = team.session(&team.ana);
    let ana_id = team.annotator_id(&mut team.admin(), &team.ana);
    changed(
        &mut ana,
        &format!(
            "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
             VALUES ({}, 8, 11, {}, {ana_id}, 0, 0)",
            team.document, team.label
        ),
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!(
                "UPDATE spans SET note = 'mine' WHERE id = {}",
                team.ana_span
            )
        ),
        1
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!(
                "INSERT INTO span_attributes VALUES ({}, 'certainty', 'high')",
                team.ana_span
            )
        ),
        1
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!("UPDATE layers SET status = 'done' WHERE annotator_id = {ana_id}")
        ),
        1
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!("DELETE FROM spans WHERE id = {}", team.ana_span)
        ),
        1
    );
    assert_eq!(team.spans_of(&team.ana).len(), 1);
}

#[test]
fn ana_cannot_write_gold_documents_the_schema_or_the_project_settings() {
    let team = Team::new("sec_gold");
    let mut admin = team.admin();
    let gold_id = team.annotator_id(&mut admin, "gold");
    let mut ana = team.session(&team.ana);
    let (document, label) = (team.document, team.label);
    refused(
        &mut ana,
        &format!("INSERT INTO layers (document_id, annotator_id, updated_at) VALUES ({document}, {gold_id}, 0)"),
    );
    refused(
        &mut ana,
        "INSERT INTO documents (external_id, title, text, len_chars, content_hash, sort_order)
         VALUES ('d2', 'd2', 'x', 1, 'h2', 2)",
    );
    assert_eq!(changed(&mut ana, "DELETE FROM documents"), 0);
    assert_eq!(changed(&mut ana, "UPDATE documents SET title = 'mine'"), 0);
    refused(
        &mut ana,
        "INSERT INTO labels (kind, name, color, sort_order) VALUES ('span', 'MINE', '#000000', 9)",
    );
    assert_eq!(
        changed(
            &mut ana,
            &format!("UPDATE labels SET name = 'X' WHERE id = {label}")
        ),
        0
    );
    assert_eq!(changed(&mut ana, "DELETE FROM labels"), 0);
    refused(
        &mut ana,
        "INSERT INTO annotators (name) VALUES ('someone_else')",
    );
    refused(&mut ana, "INSERT INTO annotators (name) VALUES ('gold')");
    refused(
        &mut ana,
        &format!("INSERT INTO project_meta VALUES ('{SEE_OTHER_LAYERS_KEY}', 'true')"),
    );
    assert_eq!(changed(&mut ana, "UPDATE project_meta SET value = 'x'"), 0);
    assert_eq!(changed(&mut ana, "DELETE FROM project_meta"), 0);
    // A document's text direction is a shared view choice she may set.
    changed(
        &mut ana,
        &format!("INSERT INTO project_meta VALUES ('text_direction:{document}', 'rtl')"),
    );
    assert_eq!(
        count(
            &mut admin,
            "SELECT COUNT(*) FROM documents WHERE title = 'd1'"
        ),
        1
    );
    assert_eq!(count(&mut admin, "SELECT COUNT(*) FROM labels"), 1);
}

#[test]
fn ana_cannot_make_herself_a_curator() {
    let team = Team::new("sec_escalate");
    let mut ana = team.session(&team.ana);
    // Her own project_meta, first in her search path: the policies read the
    // project's (public.project_meta) all the same.
    ana.batch_execute(&format!(
        "CREATE TEMP TABLE project_meta (key text, value text);
         INSERT INTO project_meta VALUES ('curators_role', '{}'), ('see_other_layers', 'true');
         CREATE TEMP TABLE annotators (id bigint, name text);
         SET search_path = pg_temp, public;",
        team.ana
    ))
    .unwrap();
    assert_eq!(count(&mut ana, "SELECT COUNT(*) FROM public.spans"), 1);
    assert_eq!(changed(&mut ana, "DELETE FROM public.labels"), 0);
    let groups = format!("{}_curators", team.database);
    refused(&mut ana, &format!("SET ROLE \"{groups}\""));
    refused(&mut ana, &format!("SET ROLE \"{}\"", team.cy));
    refused(&mut ana, &format!("GRANT \"{groups}\" TO \"{}\"", team.ana));
    refused(&mut ana, "ALTER TABLE spans DISABLE ROW LEVEL SECURITY");
}

#[test]
fn cy_the_curator_writes_gold_the_schema_and_every_layer() {
    let team = Team::new("sec_curator");
    let mut cy = team.session(&team.cy);
    let gold_id = team.annotator_id(&mut cy, "gold");
    let ben_id = team.annotator_id(&mut team.admin(), &team.ben);
    assert_eq!(
        count(&mut cy, "SELECT COUNT(*) FROM spans"),
        2,
        "every layer"
    );
    changed(
        &mut cy,
        &format!(
            "INSERT INTO layers (document_id, annotator_id, updated_at) VALUES ({}, {gold_id}, 0)",
            team.document
        ),
    );
    changed(
        &mut cy,
        &format!(
            "INSERT INTO spans (document_id, start_char, end_char, label_id, annotator_id, created_at, updated_at)
             VALUES ({}, 0, 3, {}, {gold_id}, 0, 0)",
            team.document, team.label
        ),
    );
    changed(
        &mut cy,
        "INSERT INTO labels (kind, name, color, sort_order) VALUES ('span', 'EVENT', '#0000ff', 2)",
    );
    changed(
        &mut cy,
        "INSERT INTO documents (external_id, title, text, len_chars, content_hash, sort_order)
         VALUES ('d2', 'd2', 'x', 1, 'h2', 2)",
    );
    assert_eq!(
        changed(
            &mut cy,
            &format!("UPDATE spans SET note = 'checked' WHERE annotator_id = {ben_id}")
        ),
        1
    );
    assert_eq!(team.spans_of("gold").len(), 1);
}

#[test]
fn when_the_project_allows_it_ana_reads_bens_layer_but_still_cannot_change_it() {
    let team = Team::new("sec_visible");
    let mut cy = team.session(&team.cy);
    changed(
        &mut cy,
        &format!("INSERT INTO project_meta VALUES ('{SEE_OTHER_LAYERS_KEY}', 'true')"),
    );
    let mut ana = team.session(&team.ana);
    assert_eq!(count(&mut ana, "SELECT COUNT(*) FROM spans"), 2);
    assert_eq!(
        changed(
            &mut ana,
            &format!("DELETE FROM spans WHERE id = {}", team.ben_span)
        ),
        0
    );
    assert_eq!(team.spans_of(&team.ben).len(), 1);
}

#[test]
fn a_role_outside_the_team_cannot_connect() {
    let team = Team::new("sec_outsider");
    let outsider = "eve_sec_outsider";
    team.server.create_role(outsider, PASSWORD);
    let refused = Client::connect(
        &team.server.url(outsider, PASSWORD, &team.database),
        postgres::NoTls,
    );
    let Err(error) = refused else {
        panic!("eve is not in the team, yet she connected");
    };
    let message = server_message(&error);
    assert!(message.contains("permission denied"), "{message}");
}

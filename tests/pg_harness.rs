//! The private PostgreSQL server of tests/common/pg_server.rs works: it starts,
//! gives each test its own database, authenticates roles by password over TCP,
//! and survives a restart. Every team-server test stands on this.

mod common;

use common::pg_server::{private_server, server};

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn a_role_connects_with_its_password_and_not_without() {
    let server = server();
    let database = server.create_database("harness_roles");
    server.create_role("harness_ana", "ana-secret");
    let mut client = connect(&server.url("harness_ana", "ana-secret", &database));
    let row = client.query_one("SELECT current_user::text", &[]).unwrap();
    assert_eq!(row.get::<_, String>(0), "harness_ana");
    let wrong = postgres::Client::connect(
        &server.url("harness_ana", "wrong", &database),
        postgres::NoTls,
    );
    assert!(wrong.is_err(), "a wrong password must be refused");
}

#[test]
fn each_test_gets_its_own_database_and_the_server_comes_back_after_a_stop() {
    let server = private_server();
    let database = server.create_database("harness_restart");
    server.psql(
        &database,
        "CREATE TABLE kept (n integer); INSERT INTO kept VALUES (7)",
    );
    let url = server.superuser_url(&database);
    let mut client = connect(&url);
    server.stop_immediate();
    assert!(
        client.query_one("SELECT 1", &[]).is_err(),
        "the server is down"
    );
    server.start_again();
    let mut client = connect(&url);
    let row = client.query_one("SELECT n FROM kept", &[]).unwrap();
    assert_eq!(row.get::<_, i32>(0), 7);
}

//! A server project is copied out a page of rows at a time (a cursor, so
//! that a table of a million spans is never held in memory at once): a
//! table of more rows than a page must come back whole, with no row lost
//! or repeated where one page ends and the next begins.

mod common;

use common::engines::fresh_server_project;
use common::snapshot;
use glossator::formats::{collect_import_files, import_files};
use glossator::store::{copy_project, OpenMode, ProjectLocation, Reader, Store};

#[test]
fn a_server_project_of_more_rows_than_a_page_copies_to_a_file_whole() {
    let folder = tempfile::tempdir().unwrap();
    let corpus = folder.path().join("corpus.jsonl");
    let mut out = std::fs::File::create(&corpus).unwrap();
    // 1,100 documents of 10 spans each: 11,000 spans, two pages and part
    // of a third.
    glossator::bench_corpus::write_corpus(&mut out, 7, 1_100).unwrap();
    drop(out);
    let mut server = fresh_server_project("copy_pages");
    let (files, notices) = collect_import_files(&[corpus], None).unwrap();
    import_files(&mut server.store, &files, notices, &mut |_, _| true).unwrap();
    let stats = server.store.stats().unwrap();
    assert_eq!(stats.spans, 11_000, "{stats:?}");

    let back = folder.path().join("back.sqlite");
    let summary = copy_project(&server.store, &ProjectLocation::File(back.clone())).unwrap();
    assert_eq!(summary.rows_of("spans"), 11_000);
    let (file, _) = Store::open(&back, OpenMode::Existing).unwrap();
    assert_eq!(file.stats().unwrap(), stats);
    assert_eq!(snapshot(&file), snapshot(&server.store));
}

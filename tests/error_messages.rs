//! Each error says what happened: a usage error or a full folder is not
//! called "bad data" in the project (issue 15, item 4).

mod common;

use common::{fails_with, glossator, gold_project_file};

#[test]
fn brat_without_an_output_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let message = fails_with(
        glossator(&[&"export", &project, &"--format", &"brat"]),
        "brat writes a folder of files, not one stream: name a new or empty folder with --output",
    );
    assert!(!message.contains("bad data"), "{message}");
}

#[test]
fn brat_into_a_folder_with_files_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let project = gold_project_file(dir.path(), "p.sqlite");
    let folder = dir.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep.txt"), "mine").unwrap();
    let message = fails_with(
        glossator(&[&"export", &project, &"--format", &"brat", &"-o", &folder]),
        "is not empty; choose a new or empty folder for a brat export",
    );
    assert!(!message.contains("bad data"), "{message}");
    assert_eq!(
        std::fs::read_to_string(folder.join("keep.txt")).unwrap(),
        "mine"
    );
}

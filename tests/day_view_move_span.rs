//! Issue 16, moving a span's boundaries (the store and edit path under the
//! article's Shift+←/→ and edge drags): relations, attributes and the note
//! stay, undo restores the old range, and a range that is no span is refused
//! with nothing written.

mod common;

use common::*;
use glossator::edit::{apply, Command, EditError};
use glossator::formats::import_documents;
use glossator::formats::jsonl::parse_jsonl;
use glossator::store::{Reader, Store};

#[test]
fn a_moved_span_keeps_everything_but_its_range_and_undo_restores_it() {
    let mut store = Store::in_memory().unwrap();
    let parsed = parse_jsonl(std::path::Path::new("gold.jsonl"), &gold_jsonl_line()).unwrap();
    import_documents(&mut store, parsed).unwrap();
    let document = store.document_ids().unwrap()[0];
    let relations_before = store.relations_of(document).unwrap();
    let span = relations_before[0].data.from_span;
    let before = store.span(span).unwrap().unwrap();
    let before_snapshot = snapshot(&store);

    let moved = Command::MoveSpan {
        id: span,
        start_char: before.data.start_char + 1,
        end_char: before.data.end_char + 2,
    };
    let inverse = apply(&mut store, &moved).unwrap().inverse;
    let after = store.span(span).unwrap().unwrap();
    assert_eq!(
        (after.data.start_char, after.data.end_char),
        (before.data.start_char + 1, before.data.end_char + 2)
    );
    assert_eq!(after.data.label_id, before.data.label_id);
    assert_eq!(after.data.attributes, before.data.attributes);
    assert_eq!(store.relations_of(document).unwrap(), relations_before);

    apply(&mut store, &inverse).unwrap();
    assert_eq!(
        snapshot(&store),
        before_snapshot,
        "undo brings back the range"
    );

    let len_chars = store.document_len_chars(document).unwrap().unwrap();
    for (start_char, end_char) in [(5, 5), (9, 4), (0, len_chars + 1)] {
        let refused = apply(
            &mut store,
            &Command::MoveSpan {
                id: span,
                start_char,
                end_char,
            },
        )
        .unwrap_err();
        assert!(
            matches!(refused, EditError::BadSpan { .. }),
            "{start_char}..{end_char}: {refused:?}"
        );
    }
    assert_eq!(
        snapshot(&store),
        before_snapshot,
        "a refused move writes nothing"
    );
}

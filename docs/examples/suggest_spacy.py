# Suggestions from a spaCy model, for `glossator suggest PROJECT --command`:
#   glossator suggest p.sqlite --command "python3 suggest_spacy.py en_core_web_sm"
# Reads Glossator's documents (one JSON object a line) on stdin and writes,
# for each, its id and the entities as spans. spaCy's character offsets are
# Python string indices: code points, as Glossator's are.
import json
import sys

import spacy

nlp = spacy.load(sys.argv[1] if len(sys.argv) > 1 else "en_core_web_sm")
# The model's entity types, mapped onto the project's labels (others are left out).
LABELS = {"PERSON": "ACTOR", "ORG": "ACTOR", "GPE": "ACTOR", "NORP": "ACTOR", "EVENT": "EVENT"}

for line in sys.stdin:
    document = json.loads(line)
    entities = nlp(document["text"]).ents
    spans = [
        {"start": e.start_char, "end": e.end_char, "text": e.text, "label": LABELS[e.label_]}
        for e in entities
        if e.label_ in LABELS
    ]
    print(json.dumps({"id": document["id"], "spans": spans}), flush=True)

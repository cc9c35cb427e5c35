//! Issue 20: the Label Studio ML backend protocol against the real
//! `label-studio-ml` package: a model class written here returns fixed spans,
//! served on 127.0.0.1 by the package's own server (`init_app(...).run`).

mod common;

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A model that finds "Kabul" (score 0.8), and also claims "Taliban" with
/// the wrong text, which Glossator must drop and report.
const MODEL: &str = r#"
import sys
from label_studio_ml.model import LabelStudioMLBase
from label_studio_ml.api import init_app

class FixedSpans(LabelStudioMLBase):
    def predict(self, tasks, **kwargs):
        predictions = []
        for task in tasks:
            text = task["data"]["text"]
            result = []
            start = text.find("Kabul")
            if start >= 0:
                result.append({"from_name": "label", "to_name": "text", "type": "labels",
                    "value": {"start": start, "end": start + 5, "text": "Kabul", "labels": ["ACTOR"]},
                    "score": 0.8})
            start = text.find("Taliban")
            if start >= 0:
                result.append({"from_name": "label", "to_name": "text", "type": "labels",
                    "value": {"start": start, "end": start + 7, "text": "Talibam", "labels": ["ACTOR"]}})
            predictions.append({"result": result, "score": 0.5})
        return predictions

init_app(FixedSpans, model_dir=sys.argv[2]).run(host="127.0.0.1", port=int(sys.argv[1]))
"#;

/// Stops the server when the test ends, passing or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs label-studio-ml in its own environment: bash .ci/python-env target/python-ml-env tests/python-ml-requirements.txt"]
fn a_real_label_studio_ml_backend_gives_suggestions() {
    let python = python_with(&["label_studio_ml", "redis", "rq"]);
    let dir = tempfile::tempdir().unwrap();
    let script = write(dir.path(), "model.py", MODEL);
    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = Server(
        Command::new(&python)
            .arg(&script)
            .arg(port.to_string())
            .arg(&models)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the model server starts"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server never listened"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let project = dir.path().join("p.sqlite");
    let text = "👩‍👩‍👧 The Taliban met in Kabul.";
    let line = serde_json::json!({"id": "d1", "text": text}).to_string();
    let input = write(dir.path(), "in.jsonl", format!("{line}\n"));
    ok(glossator(&[&"import", &project, &input]));
    let url = format!("http://127.0.0.1:{port}");
    let output = glossator(&[&"suggest", &project, &"--ml-backend", &url, &"--json"]);
    let printed = parse_jsonl(&ok(output.clone()));
    assert_eq!(printed.len(), 1, "{printed:?}");
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (
        printed[0]["start"].as_u64().unwrap() as usize,
        printed[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[start..end].iter().collect::<String>(), "Kabul");
    assert_eq!(printed[0]["score"].as_f64(), Some(0.8));
    assert_eq!(printed[0]["source"], "ml-backend");
    assert!(
        stderr(&output).contains("says \"Talibam\""),
        "{}",
        stderr(&output)
    );
}

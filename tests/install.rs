//! What an installed Glossator needs: `--version`, the desktop entry and the
//! icons it names, the window icon, and the package metadata pointing at
//! files that exist. (`packaging/test-deb` installs the real `.deb`.)

mod common;

use std::path::Path;

use common::*;

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn version_names_the_program_and_the_schema_it_writes() {
    let printed = ok(glossator(&[&"--version"]));
    assert_eq!(
        printed.trim(),
        format!(
            "glossator {} (project schema version {}; on a server {})",
            env!("CARGO_PKG_VERSION"),
            glossator::store::CURRENT_SCHEMA_VERSION,
            glossator::store::server::SERVER_SCHEMA_VERSION
        )
    );
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    assert_eq!(&bytes[12..16], b"IHDR");
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (word(16), word(20))
}

#[test]
fn icons_exist_in_every_size_the_package_installs() {
    for size in [48, 64, 128, 256, 512] {
        let path = repo(&format!("assets/icon/glossator-{size}.png"));
        assert_eq!(png_size(&path), (size, size), "{}", path.display());
    }
    let svg = std::fs::read_to_string(repo("assets/icon/glossator.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("viewBox=\"0 0 512 512\""));
}

#[test]
fn the_window_icon_loads() {
    let icon = glossator::ui::window_icon().expect("the bundled icon decodes");
    assert_eq!((icon.width, icon.height), (256, 256));
    assert_eq!(icon.rgba.len(), 256 * 256 * 4);
}

#[test]
fn the_desktop_entry_starts_glossator_with_files() {
    let entry = std::fs::read_to_string(repo("assets/glossator.desktop")).unwrap();
    let mut lines = entry.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    let keys: std::collections::BTreeMap<&str, &str> = lines
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            line.split_once('=')
                .unwrap_or_else(|| panic!("not key=value: {line}"))
        })
        .collect();
    assert_eq!(keys["Type"], "Application");
    assert_eq!(keys["Name"], "Glossator");
    assert_eq!(keys["Exec"], "glossator %F");
    assert_eq!(keys["Icon"], "glossator");
    assert_eq!(keys["Terminal"], "false");
    assert!(!keys["Comment"].is_empty());
    assert!(keys["Categories"].ends_with(';'));
    // The freedesktop validator, where the machine has it (desktop-file-utils).
    if let Ok(output) = std::process::Command::new("desktop-file-validate")
        .arg(repo("assets/glossator.desktop"))
        .output()
    {
        assert!(
            output.status.success() && output.stdout.is_empty(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn every_file_the_package_installs_exists() {
    let manifest = std::fs::read_to_string(repo("Cargo.toml")).unwrap();
    let (_, deb) = manifest
        .split_once("[package.metadata.deb]")
        .expect("Cargo.toml has [package.metadata.deb]");
    let (_, assets) = deb
        .split_once("assets = [")
        .expect("the package lists its assets");
    let mut sources = 0;
    for line in assets
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("[\""))
    {
        let source = line.trim_start_matches("[\"").split('"').next().unwrap();
        sources += 1;
        if source.starts_with("target/") {
            continue; // built by cargo deb
        }
        assert!(
            repo(source).is_file(),
            "{source} is listed in the package but missing"
        );
    }
    assert_eq!(sources, 11);
    assert!(
        deb.contains("libxkbcommon-x11-0"),
        "the window's run-time libraries are declared"
    );
}

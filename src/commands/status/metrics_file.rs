//! `status --metrics-file`: the metrics put in place for node_exporter's
//! textfile collector, which reads the file whenever Prometheus scrapes: a
//! reader sees the old file or the new one, never part of one, and a
//! failure leaves the old file and no temporary one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use crate::error::Error;

/// The file mode of a metrics file: node_exporter runs as another user, and
/// the figures are no secret (no error text is among them).
const FILE_MODE: u32 = 0o644;

/// Replaces `path` with `text` whole, as node_exporter's textfile collector
/// needs: the text goes to a temporary file in the same directory (named
/// `.NAME.PID.tmp`, which the collector ignores, as it reads `*.prom` only),
/// is flushed to disk, and is renamed over `path`, so a reader sees the old
/// file or the new one, never part of one. On failure the temporary file is
/// removed and `path` is left as it was. The file is readable by all
/// ([`FILE_MODE`]), whatever the umask. A [`Error::Usage`] (exit 2) naming
/// the path when any step fails.
pub fn write(path: &Path, text: &str) -> Result<(), Error> {
    write_atomically(path, text).map_err(|err| {
        Error::Usage(format!(
            "cannot write the metrics file {} (--metrics-file): {err}",
            path.display()
        ))
    })
}

/// [`write`], with the step that failed in the error.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let name = path
        .file_name()
        .ok_or_else(|| "it names no file".to_owned())?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let failed = |step: &str, err: io::Error| format!("{step} {}: {err}", temp.display());
    let mut file = create(&temp).map_err(|err| failed("creating", err))?;
    let written = file
        .set_permissions(fs::Permissions::from_mode(FILE_MODE))
        .and_then(|()| file.write_all(text.as_bytes()))
        .and_then(|()| file.sync_all())
        .map_err(|err| failed("writing", err))
        .and_then(|()| {
            fs::rename(&temp, path)
                .map_err(|err| format!("renaming {} to {}: {err}", temp.display(), path.display()))
        });
    drop(file);
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    // The rename is on disk once the directory is: best effort, since a
    // directory one may write to but not read cannot be opened to sync it.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Creates `temp` anew, never through a link left in its place: one left by a
/// run that was killed (a process id comes round again) is removed first.
fn create(temp: &Path) -> io::Result<File> {
    let open = || {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(FILE_MODE)
            .open(temp)
    };
    match open() {
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(temp)?;
            open()
        }
        result => result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read the directory")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_written_file_replaces_the_old_one_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("fxrates.prom");
        fs::write(&path, "old\n").expect("an old file");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        let text = "a\n".repeat(100_000);

        write(&path, &text).expect("written");

        assert_eq!(fs::read_to_string(&path).expect("read"), text);
        assert_eq!(listing(dir.path()), ["fxrates.prom"]);
        let mode = fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, FILE_MODE);
    }

    #[test]
    fn a_temporary_file_left_by_a_killed_run_is_replaced() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("fxrates.prom");
        let temp = dir
            .path()
            .join(format!(".fxrates.prom.{}.tmp", std::process::id()));
        fs::write(&temp, "half a fi").expect("a stray temporary file");

        write(&path, "# EOF\n").expect("written");

        assert_eq!(fs::read_to_string(&path).expect("read"), "# EOF\n");
        assert_eq!(listing(dir.path()), ["fxrates.prom"]);
    }

    #[test]
    fn a_failed_write_names_the_file_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().expect("a directory");
        // A directory where the file should go: the rename fails.
        let taken = dir.path().join("taken.prom");
        fs::create_dir(&taken).expect("a directory in the way");
        let err = write(&taken, "# EOF\n").expect_err("cannot replace a directory");
        assert!(matches!(err, Error::Usage(_)), "{err:?}");
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "cannot write the metrics file {} (--metrics-file): renaming ",
                taken.display()
            )),
            "{message}"
        );
        assert_eq!(listing(dir.path()), ["taken.prom"]);
        assert!(listing(&taken).is_empty());

        let missing = dir.path().join("missing/fxrates.prom");
        let message = write(&missing, "# EOF\n")
            .expect_err("no such directory")
            .to_string();
        assert!(message.contains(": creating "), "{message}");
        assert!(message.contains("No such file or directory"), "{message}");

        let message = write(Path::new("/"), "# EOF\n")
            .expect_err("not a file")
            .to_string();
        assert_eq!(
            message,
            "cannot write the metrics file / (--metrics-file): it names no file"
        );
    }
}

//! Secret values kept as files: readable by their owner only (0600, in a 0700 directory), created
//! once and never overwritten.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::BootstrapError;

fn error(path: &Path) -> impl FnOnce(std::io::Error) -> BootstrapError + '_ {
    move |source| BootstrapError::SecretFile { path: path.display().to_string(), source }
}

/// The file's value, `None` when there is no such file. Permissions looser than 0600 are
/// tightened.
pub fn read(path: &Path) -> Result<Option<String>, BootstrapError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(error(path)(e)),
    };
    if fs::metadata(path).map_err(error(path))?.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(error(path))?;
    }
    let value = text.trim();
    if value.is_empty() {
        let empty = std::io::Error::new(std::io::ErrorKind::InvalidData, "empty; delete it to make a new one");
        return Err(error(path)(empty));
    }
    Ok(Some(value.to_owned()))
}

/// Writes a new file (never replacing one) with mode 0600, creating its directory (0700).
pub fn create(path: &Path, value: &str) -> Result<(), BootstrapError> {
    if let Some(dir) = path.parent() {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(error(dir))?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(error(path))?;
    file.write_all(value.as_bytes()).and_then(|()| file.sync_all()).map_err(error(path))
}

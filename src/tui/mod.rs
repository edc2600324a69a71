//! The terminal UI: event -> keymap -> action -> update -> effects -> draw.
//! (Skeleton: the reading-experience issue fills this in.)

use crate::archive::Archive;

/// Options the binary hands to the TUI.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// Theme name (`--theme`).
    pub theme: Option<String>,
    /// Colour depth (`--color`): auto, truecolor, 256, 16, never.
    pub color: Option<String>,
}

/// Run the TUI on an opened archive until the user quits.
pub fn run(archive: Archive, _options: TuiOptions) -> std::io::Result<()> {
    println!("{} cables in {}", archive.len(), archive.name());
    Ok(())
}

//! The SSH channel as a front end of the TUI loop ([`crate::tui::frontend`]): frames are
//! drawn by ratatui's crossterm backend into a writer that sends their bytes on the channel,
//! on a viewport of the client's window size.

use crate::tui::frontend::FixedTerminal;
use crate::tui::sgr16::Sgr16;
use russh::ChannelId;
use russh::server::Handle;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a frame may wait for a client that does not read before the session is taken
/// as dead (and saved); shorter while the server stops.
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);
const WRITE_TIMEOUT_STOPPING: Duration = Duration::from_millis(500);

/// Bytes for one channel: kept until a flush, then sent as one SSH data message.
pub struct ChannelWriter {
    runtime: tokio::runtime::Handle,
    ssh: Handle,
    channel: ChannelId,
    buffer: Vec<u8>,
    stopping: Arc<AtomicBool>,
    /// A send failed: the channel is gone, later bytes are dropped (ratatui still writes
    /// when its terminal is dropped, and reports a failure on the server's stderr).
    dead: bool,
}

impl ChannelWriter {
    /// A writer to `channel` of the connection behind `ssh`, for a thread outside the
    /// runtime (the session's loop); `stopping`: the server is shutting down.
    pub fn new(
        runtime: tokio::runtime::Handle,
        ssh: Handle,
        channel: ChannelId,
        stopping: Arc<AtomicBool>,
    ) -> ChannelWriter {
        ChannelWriter {
            runtime,
            ssh,
            channel,
            buffer: Vec::new(),
            stopping,
            dead: false,
        }
    }

    /// What ends the channel once the terminal is done with the writer.
    pub fn closer(&self) -> ChannelCloser {
        ChannelCloser {
            runtime: self.runtime.clone(),
            ssh: self.ssh.clone(),
            channel: self.channel,
        }
    }
}

/// Ends a channel: an exit status, end of file, close.
pub struct ChannelCloser {
    runtime: tokio::runtime::Handle,
    ssh: Handle,
    channel: ChannelId,
}

impl ChannelCloser {
    /// End the channel with `status`. Errors are ignored (the client may be gone).
    pub fn close(&self, status: u32) {
        let (ssh, channel) = (self.ssh.clone(), self.channel);
        let _ = self.runtime.block_on(async move {
            tokio::time::timeout(Duration::from_secs(2), async {
                let _ = ssh.exit_status_request(channel, status).await;
                let _ = ssh.eof(channel).await;
                let _ = ssh.close(channel).await;
            })
            .await
        });
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.dead {
            self.buffer.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() || self.dead {
            return Ok(());
        }
        let data = std::mem::take(&mut self.buffer);
        let timeout = if self.stopping.load(Ordering::Relaxed) {
            WRITE_TIMEOUT_STOPPING
        } else {
            WRITE_TIMEOUT
        };
        let (ssh, channel) = (self.ssh.clone(), self.channel);
        let sent = self
            .runtime
            .block_on(async move { tokio::time::timeout(timeout, ssh.data(channel, data)).await });
        if !matches!(sent, Ok(Ok(()))) {
            self.dead = true;
        }
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the SSH channel is closed",
            )),
            Err(_) => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            )),
        }
    }
}

/// A session's screen: a fixed viewport of the client's window size, colour codes fitted to
/// 16-colour terminals, drawn into the channel.
pub type SshTerminal = FixedTerminal<Sgr16<ChannelWriter>>;

/// The screen of a session drawing into `writer`; `few_colours`: the client shows 16
/// colours or none.
pub fn screen(
    writer: ChannelWriter,
    size: (u16, u16),
    few_colours: bool,
) -> io::Result<SshTerminal> {
    FixedTerminal::new(Sgr16::new(writer, few_colours), size)
}

//! One SSH connection: public-key authentication against the authorized-keys file, the
//! session channel's requests (pty, env, window-change, shell), keys read from its bytes,
//! and everything else refused. One line of the connection log when it ends.

use super::Shared;
use super::input::InputParser;
use super::limits::Startup;
use super::session::{self, Request};
use super::users::AuthorizedKeys;
use crate::tui::event::Event;
use russh::keys::HashAlg;
use russh::server::{Auth, ChannelOpenHandle, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::time::Instant;

/// Session channels one connection may open.
const MAX_CHANNELS: usize = 4;
/// Environment variables kept per channel, and the longest value.
const MAX_ENV: usize = 8;
const MAX_ENV_VALUE: usize = 64;
/// The only variables read from the client.
const ENV_READ: [&str; 2] = ["NO_COLOR", "COLORTERM"];

/// What a session channel asked for, and its running session.
#[derive(Default)]
struct ChannelState {
    pty: Option<(String, (u16, u16))>,
    env: Vec<(String, String)>,
    parser: InputParser,
    running: Option<(u64, Sender<Event>)>,
}

/// The handler of one connection.
pub struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    started: Instant,
    user: Option<String>,
    fingerprint: Option<String>,
    tried: u32,
    startup: Option<Startup>,
    channels: HashMap<ChannelId, ChannelState>,
    refused: Option<String>,
}

impl Connection {
    /// A new connection from `peer`, holding a place among those not authenticated yet.
    pub fn new(shared: Arc<Shared>, peer: Option<SocketAddr>, startup: Startup) -> Connection {
        Connection {
            shared,
            peer,
            started: Instant::now(),
            user: None,
            fingerprint: None,
            tried: 0,
            startup: Some(startup),
            channels: HashMap::new(),
            refused: None,
        }
    }

    /// The user of `key` in the authorized-keys file as it is now.
    fn user_of(&self, key: &russh::keys::PublicKey) -> Option<String> {
        match AuthorizedKeys::load(&self.shared.keys_path) {
            Ok(keys) => keys.user_of(key).map(str::to_string),
            Err(e) => {
                crate::output::report(&format!("cables serve: {e}"));
                None
            }
        }
    }

    /// Tell the client why its request is refused, on the channel's stderr, then end the
    /// channel with exit status 1. The request itself is answered with success and nothing
    /// is run: OpenSSH drops what the channel still holds once a request failed, so a failure
    /// reply would hide the message behind its own "request failed".
    fn refuse(&mut self, channel: ChannelId, why: &str, session: &mut Session) {
        let text = format!("cables serve: {why}\r\n");
        let _ = session.channel_success(channel);
        let _ = session.extended_data(channel, 1, text.into_bytes());
        let _ = session.exit_status_request(channel, 1);
        let _ = session.eof(channel);
        let _ = session.close(channel);
        if self.refused.is_none() {
            self.refused = Some(why.to_string());
        }
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.user_of(offer.public_key).is_some() {
            Ok(Auth::Accept)
        } else {
            self.tried += 1;
            if self.fingerprint.is_none() {
                self.fingerprint = Some(offer.public_key.fingerprint(HashAlg::Sha256).to_string());
            }
            Ok(Auth::reject())
        }
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        self.fingerprint = Some(key.public_key.fingerprint(HashAlg::Sha256).to_string());
        match self.user_of(key.public_key) {
            Some(user) => {
                self.user = Some(user);
                self.startup = None;
                if let Some(peer) = self.peer {
                    self.shared.failures.succeeded(peer.ip());
                }
                Ok(Auth::Accept)
            }
            None => {
                self.tried += 1;
                Ok(Auth::reject())
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channels.len() >= MAX_CHANNELS {
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        self.channels.insert(channel.id(), ChannelState::default());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = self.shared.limits.window(col_width, row_height);
        let term: String = term
            .chars()
            .filter(|c| c.is_ascii_graphic())
            .take(64)
            .collect();
        match self.channels.get_mut(&channel) {
            Some(state) if state.running.is_none() => {
                state.pty = Some((term, size));
                session.channel_success(channel)?;
            }
            _ => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(state) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        if ENV_READ.contains(&name) && value.len() <= MAX_ENV_VALUE && state.env.len() < MAX_ENV {
            state.env.retain(|(k, _)| k != name);
            state.env.push((name.to_string(), value.to_string()));
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(user) = self.user.clone() else {
            return session.channel_failure(channel);
        };
        let Some(state) = self.channels.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        if state.running.is_some() {
            return session.channel_failure(channel);
        }
        let Some((term, size)) = state.pty.clone() else {
            self.refuse(
                channel,
                "the reader needs a terminal: connect with `ssh -t`",
                session,
            );
            return Ok(());
        };
        let request = Request {
            user: user.clone(),
            term,
            size,
            env: state.env.clone(),
        };
        let (tx, rx) = mpsc::channel();
        let ticket = match self
            .shared
            .sessions
            .start(&user, tx.clone(), &self.shared.limits)
        {
            Ok(t) => t,
            Err(why) => {
                self.refuse(channel, &why, session);
                return Ok(());
            }
        };
        state.running = Some((ticket.id, tx.clone()));
        session.channel_success(channel)?;
        let shared = Arc::clone(&self.shared);
        if let Err(e) = session::spawn(shared, request, session.handle(), channel, (tx, rx), ticket)
        {
            crate::output::report(&format!(
                "cables serve: {user}: cannot start a session: {e}"
            ));
            self.refuse(channel, "the server cannot start a session now", session);
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(state) = self.channels.get_mut(&channel) else {
            return Ok(());
        };
        let Some((id, tx)) = &state.running else {
            return Ok(());
        };
        let events = state.parser.feed(data);
        if !events.is_empty() {
            self.shared.sessions.touch(*id);
        }
        for event in events {
            if tx.send(event).is_err() {
                break;
            }
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (w, h) = self.shared.limits.window(col_width, row_height);
        if let Some(state) = self.channels.get_mut(&channel) {
            match &state.running {
                Some((_, tx)) => {
                    let _ = tx.send(Event::Resize(w, h));
                }
                None => {
                    if let Some((_, size)) = &mut state.pty {
                        *size = (w, h);
                    }
                }
            }
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some((_, tx)) = self.channels.get(&channel).and_then(|s| s.running.as_ref()) {
            let _ = tx.send(Event::InputClosed);
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channels.remove(&channel)
            && let Some((_, tx)) = state.running
        {
            let _ = tx.send(Event::InputClosed);
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(
            channel,
            "commands are not run here; connect without one to read the archive",
            session,
        );
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_graphic())
            .take(32)
            .collect();
        self.refuse(
            channel,
            &format!("no subsystem is served here (asked for `{name}`)"),
            session,
        );
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        prohibited(reply).await
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        prohibited(reply).await
    }
}

/// Refuse a forwarding channel.
async fn prohibited(reply: ChannelOpenHandle) -> Result<(), russh::Error> {
    reply
        .reject(ChannelOpenFailure::AdministrativelyProhibited)
        .await;
    Ok(())
}

impl Drop for Connection {
    fn drop(&mut self) {
        // A dropped client: every session of the connection ends and is saved.
        for state in self.channels.values() {
            if let Some((_, tx)) = &state.running {
                let _ = tx.send(Event::InputClosed);
            }
        }
        if self.user.is_none()
            && self.tried > 0
            && let Some(peer) = self.peer
        {
            self.shared.failures.failed(peer.ip());
        }
        let end = match (&self.user, &self.refused) {
            (None, _) if self.tried > 0 => "refused: unknown key".to_string(),
            (None, _) => "closed before authenticating".to_string(),
            (Some(_), Some(why)) => format!("refused: {why}"),
            (Some(_), None) => "closed".to_string(),
        };
        super::log::connection(&super::log::Line {
            user: self.user.as_deref(),
            fingerprint: self.fingerprint.as_deref(),
            peer: self.peer,
            duration: self.started.elapsed(),
            end: &end,
        });
    }
}

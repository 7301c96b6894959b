//! Which address a request comes from, for throttling per client.
//!
//! Behind a load balancer every TCP peer is the balancer, and counting guesses per peer would
//! lock sign-in for the whole country at once. The `X-Forwarded-For` header names the client,
//! but anyone can send it: it is believed only when the peer is a configured trusted proxy
//! (`--trusted-proxies`), and only as far as the hops it lists are trusted proxies too.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::error::ApiError;
use crate::startup::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no peer address")))?;
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(ClientAddress(client_of(
            peer.ip(),
            forwarded,
            &state.trusted_proxies,
        )))
    }
}

/// The client: the peer, unless it is a trusted proxy; then, walking `X-Forwarded-For` from
/// the nearest hop outwards, the first address that is not a trusted proxy. A hop that is not
/// an address ends the walk at the last trusted one.
pub fn client_of<'a>(
    peer: IpAddr,
    forwarded: impl Iterator<Item = &'a str>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded.flat_map(|header| header.split(',')).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else {
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().expect("net")).collect()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let client = client_of(ip("203.0.113.9"), ["198.51.100.1"].into_iter(), &[]);
        assert_eq!(client, ip("203.0.113.9"));
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client forged the first entry; the balancer appended the real one.
        let client = client_of(
            ip("10.0.0.2"),
            ["1.1.1.1, 203.0.113.9", "10.0.0.7"].into_iter(),
            &trusted,
        );
        assert_eq!(client, ip("203.0.113.9"));
    }

    #[test]
    fn a_garbled_hop_stops_at_the_last_trusted_proxy() {
        let trusted = nets(&["10.0.0.0/8"]);
        let client = client_of(ip("10.0.0.2"), ["nonsense"].into_iter(), &trusted);
        assert_eq!(client, ip("10.0.0.2"));
        let client = client_of(ip("10.0.0.2"), std::iter::empty(), &trusted);
        assert_eq!(client, ip("10.0.0.2"));
    }
}

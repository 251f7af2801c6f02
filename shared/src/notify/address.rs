//! Where a webhook may point: no server-side request forgery. In production only `https` to
//! public addresses: the host is resolved and loopback, private, link-local (the cloud metadata
//! service at 169.254.169.254 among them), shared, multicast and reserved addresses are refused.
//! The same rule is the HTTP client's resolver ([`GuardedResolver`]), so a name that resolves
//! somewhere else by the time of sending (DNS rebinding) is refused then too. Locally the runner
//! may allow loopback (`WEBHOOK_ALLOW_LOOPBACK`), so tests receive on 127.0.0.1.
//!
//! Written out rather than taken from a crate: the classification is a dozen ranges, std knows
//! most of them, and the rest (shared, benchmarking, reserved, NAT64) need to be named here.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// The longest webhook URL accepted.
pub const MAX_URL_CHARS: usize = 2000;

/// Which webhook destinations are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddressPolicy {
    /// `http` and loopback addresses too (the local stack only).
    pub allow_loopback: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the URL is not valid: {0}")]
    Invalid(String),
    #[error("only https URLs are allowed")]
    NotHttps,
    #[error("URLs with a user name or password are not allowed")]
    Credentials,
    #[error("the host {0} does not resolve")]
    Unresolvable(String),
    #[error("the address {0} is not public")]
    NotPublic(IpAddr),
}

impl AddressPolicy {
    /// Checks the URL's form and resolves its host; every address it resolves to must be allowed.
    pub async fn check(&self, raw: &str) -> Result<Url, Refusal> {
        let url = self.check_form(raw)?;
        let host = url.host_str().ok_or_else(|| Refusal::Invalid("no host".into()))?.to_owned();
        let port = url.port_or_known_default().unwrap_or(443);
        let lookup = host.trim_start_matches('[').trim_end_matches(']').to_owned();
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((lookup.as_str(), port))
            .await
            .map_err(|_| Refusal::Unresolvable(host.clone()))?
            .collect();
        if addrs.is_empty() {
            return Err(Refusal::Unresolvable(host));
        }
        for addr in &addrs {
            self.check_ip(addr.ip())?;
        }
        Ok(url)
    }

    /// The checks that need no resolving: scheme, credentials, and a literal address's class.
    pub fn check_form(&self, raw: &str) -> Result<Url, Refusal> {
        if raw.chars().count() > MAX_URL_CHARS {
            return Err(Refusal::Invalid(format!("longer than {MAX_URL_CHARS} characters")));
        }
        let url = Url::parse(raw.trim()).map_err(|e| Refusal::Invalid(e.to_string()))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_loopback => {}
            "http" => return Err(Refusal::NotHttps),
            other => return Err(Refusal::Invalid(format!("unsupported scheme {other}"))),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::Credentials);
        }
        match url.host() {
            None => return Err(Refusal::Invalid("no host".into())),
            Some(url::Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip))?,
            Some(url::Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip))?,
            Some(url::Host::Domain(_)) => {}
        }
        Ok(url)
    }

    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Refusal> {
        if is_public(ip) || (self.allow_loopback && ip.is_loopback()) { Ok(()) } else { Err(Refusal::NotPublic(ip)) }
    }
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let segments = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
            if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let o = v6.octets();
                return is_public_v4(Ipv4Addr::new(o[12], o[13], o[14], o[15]));
            }
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
                || is_documentation_v6(v6)
                // IPv4-compatible (deprecated) ::a.b.c.d
                || segments[..6] == [0, 0, 0, 0, 0, 0])
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // shared address space (carrier-grade NAT; 100.100.100.200 is a cloud metadata address)
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments
        || (a == 192 && b == 0 && c == 0)
        // benchmarking
        || (a == 198 && (18..20).contains(&b))
        // reserved for future use
        || a >= 240)
}

fn is_documentation_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    s[0] == 0x2001 && s[1] == 0x0db8
}

/// The webhook client's resolver: the system's answer, minus every address the policy refuses;
/// a name left with none fails to connect.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub policy: AddressPolicy,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| policy.check_ip(a.ip()).is_ok()).collect();
            if allowed.is_empty() {
                return Err(Box::new(Refusal::Unresolvable(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

impl GuardedResolver {
    pub fn arc(policy: AddressPolicy) -> Arc<Self> {
        Arc::new(Self { policy })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRODUCTION: AddressPolicy = AddressPolicy { allow_loopback: false };

    #[test]
    fn private_loopback_link_local_and_metadata_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "::",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip} counted as public");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"] {
            assert!(is_public(ip.parse().unwrap()), "{ip} counted as not public");
        }
    }

    #[test]
    fn the_form_is_checked_before_any_lookup() {
        assert_eq!(PRODUCTION.check_form("http://example.com/h").unwrap_err(), Refusal::NotHttps);
        assert_eq!(PRODUCTION.check_form("https://u:p@example.com/").unwrap_err(), Refusal::Credentials);
        assert!(matches!(PRODUCTION.check_form("https://169.254.169.254/latest"), Err(Refusal::NotPublic(_))));
        assert!(matches!(PRODUCTION.check_form("https://[::1]/"), Err(Refusal::NotPublic(_))));
        assert!(matches!(PRODUCTION.check_form("ftp://example.com"), Err(Refusal::Invalid(_))));
        assert!(matches!(PRODUCTION.check_form("not a url"), Err(Refusal::Invalid(_))));
        assert!(PRODUCTION.check_form("https://hooks.example.com/x?y=1").is_ok());
        let local = AddressPolicy { allow_loopback: true };
        assert!(local.check_form("http://127.0.0.1:9/hook").is_ok());
        assert!(matches!(local.check_form("http://10.0.0.1/"), Err(Refusal::NotPublic(_))), "loopback only");
    }

    #[tokio::test]
    async fn names_are_resolved_and_judged_by_their_addresses() {
        assert!(matches!(PRODUCTION.check("https://localhost/hook").await, Err(Refusal::NotPublic(_))));
        assert!(AddressPolicy { allow_loopback: true }.check("http://localhost:8080/hook").await.is_ok());
        assert!(matches!(PRODUCTION.check("https://no-such-host.invalid/").await, Err(Refusal::Unresolvable(_))));
    }
}

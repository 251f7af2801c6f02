//! OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849 §3.4), parameters sent in the
//! `Authorization: OAuth …` header.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;
use sha1::Sha1;

/// RFC 5849 §3.6: everything but `ALPHA / DIGIT / "-" / "." / "_" / "~"` is encoded.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, RFC3986).to_string()
}

/// The protocol parameters of one signed request (everything but the signature).
#[derive(Debug, Clone)]
pub struct OAuthParams<'a> {
    pub consumer_key: &'a str,
    pub consumer_secret: &'a str,
    /// Token and token secret, when the request is made on behalf of a token.
    pub token: Option<(&'a str, &'a str)>,
    pub nonce: &'a str,
    pub timestamp: &'a str,
    /// `oauth_callback` (request-token step) and `oauth_verifier` (access-token step).
    pub callback: Option<&'a str>,
    pub verifier: Option<&'a str>,
    /// `Some("1.0")` to send `oauth_version` (optional in RFC 5849; Discogs examples send it).
    pub version: Option<&'a str>,
}

impl OAuthParams<'_> {
    fn protocol_params(&self) -> Vec<(&'static str, &str)> {
        let mut params = vec![
            ("oauth_consumer_key", self.consumer_key),
            ("oauth_nonce", self.nonce),
            ("oauth_signature_method", "HMAC-SHA1"),
            ("oauth_timestamp", self.timestamp),
        ];
        if let Some((token, _)) = self.token {
            params.push(("oauth_token", token));
        }
        if let Some(callback) = self.callback {
            params.push(("oauth_callback", callback));
        }
        if let Some(verifier) = self.verifier {
            params.push(("oauth_verifier", verifier));
        }
        if let Some(version) = self.version {
            params.push(("oauth_version", version));
        }
        params
    }
}

/// RFC 5849 §3.4.1.2: scheme and host lower-case, default port dropped, no query or fragment.
fn base_string_uri(url: &Url) -> String {
    let scheme = url.scheme().to_ascii_lowercase();
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    match url.port() {
        Some(port) => format!("{scheme}://{host}:{port}{}", url.path()),
        None => format!("{scheme}://{host}{}", url.path()),
    }
}

/// RFC 5849 §3.4.1: `METHOD&uri&normalised-parameters`, the parameters being the query, the
/// form body (`form`) and the protocol parameters, each encoded, sorted by name then value.
pub fn signature_base_string(method: &str, url: &Url, form: &[(&str, &str)], oauth: &OAuthParams<'_>) -> String {
    let mut pairs: Vec<(String, String)> =
        url.query_pairs().map(|(k, v)| (percent_encode(&k), percent_encode(&v))).collect();
    pairs.extend(form.iter().map(|(k, v)| (percent_encode(k), percent_encode(v))));
    pairs.extend(oauth.protocol_params().into_iter().map(|(k, v)| (percent_encode(k), percent_encode(v))));
    pairs.sort();
    let normalised = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    format!("{}&{}&{}", method.to_ascii_uppercase(), percent_encode(&base_string_uri(url)), percent_encode(&normalised))
}

/// RFC 5849 §3.4.2: base64 of HMAC-SHA1 keyed with `consumer_secret&token_secret`.
pub fn hmac_sha1_signature(base_string: &str, consumer_secret: &str, token_secret: &str) -> String {
    let key = format!("{}&{}", percent_encode(consumer_secret), percent_encode(token_secret));
    // HMAC accepts keys of any length; the error branch cannot happen.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key.as_bytes()) else {
        return String::new();
    };
    mac.update(base_string.as_bytes());
    B64.encode(mac.finalize().into_bytes())
}

/// The `Authorization` header value for a request.
pub fn authorization_header(method: &str, url: &Url, form: &[(&str, &str)], oauth: &OAuthParams<'_>) -> String {
    let base = signature_base_string(method, url, form, oauth);
    let token_secret = oauth.token.map_or("", |(_, secret)| secret);
    let signature = hmac_sha1_signature(&base, oauth.consumer_secret, token_secret);
    let mut params = oauth.protocol_params();
    params.push(("oauth_signature", &signature));
    params.sort();
    let fields: Vec<String> = params.iter().map(|(k, v)| format!("{k}=\"{}\"", percent_encode(v))).collect();
    format!("OAuth {}", fields.join(", "))
}

/// A fresh nonce: 32 random alphanumerics.
pub fn nonce() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..32).map(|_| char::from(ALPHABET[rand::random::<u32>() as usize % ALPHABET.len()])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 5849 §3.4.1.1 (and §3.1): the request whose base string the RFC prints in full.
    #[test]
    fn rfc5849_signature_base_string() {
        let url = Url::parse("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b").unwrap();
        let oauth = OAuthParams {
            consumer_key: "9djdj82h48djs9d2",
            consumer_secret: "j49sk3j29djd",
            token: Some(("kkk9d7dh3k39sjv7", "dh893hdasih9")),
            nonce: "7d8f3e4a",
            timestamp: "137131201",
            callback: None,
            verifier: None,
            version: None,
        };
        let base = signature_base_string("POST", &url, &[("c2", ""), ("a3", "2 q")], &oauth);
        assert_eq!(
            base,
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    fn photos(timestamp: &'static str, nonce: &'static str, version: Option<&'static str>) -> OAuthParams<'static> {
        OAuthParams {
            consumer_key: "dpf43f3p2l4k3l03",
            consumer_secret: "kd94hf93k423kf44",
            token: Some(("nnch734d00sl2jdk", "pfkkdhi9sl3r4s00")),
            nonce,
            timestamp,
            callback: None,
            verifier: None,
            version,
        }
    }

    /// RFC 5849 §1.2 and OAuth Core 1.0 Appendix A.5: the published signatures.
    #[test]
    fn published_signature_vectors() {
        let url = Url::parse("http://photos.example.net/photos?file=vacation.jpg&size=original").unwrap();
        let rfc = photos("137131202", "chapoH", None);
        let base = signature_base_string("GET", &url, &[], &rfc);
        assert_eq!(hmac_sha1_signature(&base, rfc.consumer_secret, "pfkkdhi9sl3r4s00"), "MdpQcU8iPSUjWoN/UDMsK2sui9I=");

        let core = photos("1191242096", "kllo9940pd9333jh", Some("1.0"));
        let base = signature_base_string("GET", &url, &[], &core);
        assert_eq!(
            base,
            "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal"
        );
        assert_eq!(
            hmac_sha1_signature(&base, core.consumer_secret, "pfkkdhi9sl3r4s00"),
            "tR3+Ty81lMeYAr/Fid0kMTYa/WM="
        );
        let header = authorization_header("GET", &url, &[], &core);
        assert!(header.starts_with("OAuth oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_nonce=\"kllo9940pd9333jh\""));
        assert!(header.contains("oauth_signature=\"tR3%2BTy81lMeYAr%2FFid0kMTYa%2FWM%3D\""), "{header}");
    }

    /// Discogs-shaped requests, computed independently (Python `hmac` + `urllib.parse.quote`):
    /// a request token with a callback carrying a query, and a signed search with non-ASCII text
    /// and secrets that need encoding.
    #[test]
    fn hand_computed_discogs_vectors() {
        let request_token = OAuthParams {
            consumer_key: "vdKeyAbc123",
            consumer_secret: "vdSecret/456+=",
            token: None,
            nonce: "n0nceN0nce",
            timestamp: "1735689600",
            callback: Some("https://app.example/oauth/callback?state=s t&x=1"),
            verifier: None,
            version: Some("1.0"),
        };
        let url = Url::parse("https://api.discogs.com/oauth/request_token").unwrap();
        let header = authorization_header("POST", &url, &[], &request_token);
        assert!(header.contains("oauth_signature=\"5jrQEIHTRlPzDm6VDj7HqQAW5sk%3D\""), "{header}");
        assert!(
            header.contains("oauth_callback=\"https%3A%2F%2Fapp.example%2Foauth%2Fcallback%3Fstate%3Ds%20t%26x%3D1\"")
        );

        let mut url = Url::parse("https://api.discogs.com/database/search").unwrap();
        url.query_pairs_mut()
            .append_pair("page", "2")
            .append_pair("per_page", "100")
            .append_pair("q", "Sigur Rós – Ágætis byrjun");
        let search = OAuthParams {
            token: Some(("tokTOK789", "tokSecret!*")),
            nonce: "abcXYZ09",
            timestamp: "1735689601",
            callback: None,
            ..request_token
        };
        let base = signature_base_string("GET", &url, &[], &search);
        assert_eq!(hmac_sha1_signature(&base, "vdSecret/456+=", "tokSecret!*"), "aeSOl3ZjOQbYVcxyGVJRO9i5JcM=");
    }

    #[test]
    fn base_string_uri_normalises_scheme_host_and_port() {
        assert_eq!(
            base_string_uri(&Url::parse("HTTP://EXAMPLE.COM:80/r%20v/X?id=123").unwrap()),
            "http://example.com/r%20v/X"
        );
        assert_eq!(
            base_string_uri(&Url::parse("https://www.example.net:8080/?q=1").unwrap()),
            "https://www.example.net:8080/"
        );
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved() {
        assert_eq!(percent_encode("Ladies + Gentlemen"), "Ladies%20%2B%20Gentlemen");
        assert_eq!(percent_encode("An encoded string!"), "An%20encoded%20string%21");
        assert_eq!(percent_encode("Dogs, Cats & Mice"), "Dogs%2C%20Cats%20%26%20Mice");
        assert_eq!(percent_encode("☃"), "%E2%98%83");
        assert_eq!(percent_encode("-._~"), "-._~");
    }

    #[test]
    fn nonces_are_fresh() {
        let a = nonce();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, nonce());
    }
}

//! `email`, `url` and `ip_address` checks: validator.js 13.15 `isEmail`, `isURL` and `isIP`
//! with the default options Kuzzle uses, transcribed without regular expressions.
//!
//! Lengths are counted as JavaScript does (UTF-16 units), byte lengths in UTF-8.

use super::js::{is_js_space, utf16_len};

fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn is_ipv6(s: &str) -> bool {
    // An optional zone id: `%` then `[0-9a-zA-Z.]+`.
    let addr = match s.rsplit_once('%') {
        Some((a, zone)) => {
            if zone.is_empty() || !zone.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.') {
                return false;
            }
            a
        }
        None => s,
    };
    let group = |g: &str| !g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit());
    // Counts explicit 16-bit groups; an IPv4 tail counts for two and must come last.
    let count = |side: &str, last: bool| -> Option<usize> {
        if side.is_empty() {
            return Some(0);
        }
        let groups: Vec<&str> = side.split(':').collect();
        let mut n = 0;
        for (i, g) in groups.iter().enumerate() {
            if last && i + 1 == groups.len() && g.contains('.') {
                if !is_ipv4(g) {
                    return None;
                }
                n += 2;
            } else if group(g) {
                n += 1;
            } else {
                return None;
            }
        }
        Some(n)
    };
    match addr.split_once("::") {
        Some((head, tail)) => {
            if tail.contains("::") {
                return false;
            }
            match (count(head, false), count(tail, true)) {
                (Some(h), Some(t)) => h + t <= 7,
                _ => false,
            }
        }
        None => count(addr, true) == Some(8),
    }
}

/// `validator.isIP(s)` (version 4 or 6).
pub fn is_ip(s: &str) -> bool {
    is_ipv4(s) || is_ipv6(s)
}

fn tld_char(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{a1}'..='\u{a8}' | '\u{aa}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{ffef}')
}

/// `validator.isFQDN(s, {require_tld: true})` with underscores refused and no trailing dot.
pub fn is_fqdn(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let tld = parts.last().copied().unwrap_or("");
    if parts.len() < 2 {
        return false;
    }
    let xn = tld.len() >= 4
        && tld.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("xn"))
        && tld.bytes().skip(2).all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let alpha = utf16_len(tld) >= 2 && tld.chars().all(tld_char);
    if !(alpha || xn) || tld.chars().any(is_js_space) {
        return false;
    }
    parts.iter().all(|part| {
        utf16_len(part) <= 63
            && !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c >= '\u{a1}')
            && !part.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c))
            && !part.starts_with('-')
            && !part.ends_with('-')
    })
}

fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!#$%&'*+-/=?^_`{|}~".contains(c)
        || matches!(c, '\u{a1}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{ffef}')
}

fn quoted_local_ok(s: &str) -> bool {
    let wide = |c: char| matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{ffef}');
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        let ok = if c == '\\' {
            chars
                .next()
                .is_some_and(|e| matches!(e, '\u{1}'..='\u{9}' | '\u{b}' | '\u{c}' | '\u{d}'..='\u{7f}') || wide(e))
        } else {
            is_js_space(c)
                || matches!(c, '\u{1}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{21}' | '\u{23}'..='\u{5b}' | '\u{5d}'..='\u{7e}')
                || wide(c)
        };
        if !ok {
            return false;
        }
    }
    true
}

/// `validator.isEmail(s)` with its defaults (UTF-8 local part allowed, TLD required, no IP
/// domain, 64/254-byte limits).
pub fn is_email(s: &str) -> bool {
    if utf16_len(s) > 254 {
        return false;
    }
    let (user, domain) = s.rsplit_once('@').unwrap_or(("", s));
    if user.len() > 64 || domain.len() > 254 || !is_fqdn(domain) {
        return false;
    }
    if user.len() >= 2 && user.starts_with('"') && user.ends_with('"') {
        return quoted_local_ok(&user[1..user.len() - 1]);
    }
    if user == "\"" {
        return true;
    }
    user.split('.').all(|p| !p.is_empty() && p.chars().all(local_char))
}

/// `validator.isURL(s)` with its defaults (http, https, ftp; host required; TLD required).
pub fn is_url(url: &str) -> bool {
    if url.is_empty() || url.chars().any(|c| is_js_space(c) || c == '<' || c == '>') || url.starts_with("mailto:") {
        return false;
    }
    if utf16_len(url) > 2084 {
        return false;
    }
    let url = url.split('#').next().unwrap_or("");
    let mut url = url.split('?').next().unwrap_or("");
    let mut explicit = false;
    // A leading `scheme:` is a protocol unless it looks like `user:pass@` or `host:port`.
    let scheme_len = url
        .bytes()
        .enumerate()
        .take_while(|&(i, b)| {
            if i == 0 {
                b.is_ascii_alphabetic()
            } else {
                b.is_ascii_alphanumeric() || b"+-.".contains(&b)
            }
        })
        .count();
    if scheme_len > 0 && url.as_bytes().get(scheme_len) == Some(&b':') {
        let after = &url[scheme_len + 1..];
        let is_protocol = if after.starts_with("//") {
            true
        } else {
            let before_slash = after.split('/').next().unwrap_or("");
            match before_slash.find('@') {
                Some(at) => {
                    let auth = &before_slash[..at];
                    let plain = auth.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.%:".contains(&b));
                    let encoded = auth
                        .as_bytes()
                        .windows(3)
                        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit());
                    !plain || encoded
                }
                None => !after.as_bytes().first().is_some_and(u8::is_ascii_digit),
            }
        };
        if is_protocol {
            let protocol = url[..scheme_len].to_ascii_lowercase();
            if !["http", "https", "ftp"].contains(&protocol.as_str()) {
                return false;
            }
            explicit = true;
            url = after;
        }
    }
    if let Some(rest) = url.strip_prefix("//") {
        if !explicit {
            return false;
        }
        url = rest;
    }
    if url.is_empty() {
        return false;
    }
    let host_part = url.split('/').next().unwrap_or("");
    let mut pieces: Vec<&str> = host_part.split('@').collect();
    if pieces.len() > 1 {
        let auth = pieces.remove(0);
        if auth.is_empty() || auth.split(':').count() > 2 {
            return false;
        }
        let mut up = auth.split(':');
        if up.next() == Some("") && up.next() == Some("") {
            return false;
        }
    }
    let hostname = pieces.join("@");
    let (host, ipv6, port) = match wrapped_ipv6(&hostname) {
        Some((ip, port)) => (String::new(), Some(ip), port),
        None => match hostname.split_once(':') {
            Some((h, p)) => (h.to_owned(), None, Some(p.to_owned())),
            None => (hostname.clone(), None, None),
        },
    };
    if let Some(p) = port.filter(|p| !p.is_empty()) {
        let valid = p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
        if !valid {
            return false;
        }
    }
    is_ip(&host) || is_fqdn(&host) || ipv6.is_some_and(|ip| is_ipv6(&ip))
}

/// `^\[([^\]]+)\](?::([0-9]+))?$`: the address and the port.
fn wrapped_ipv6(h: &str) -> Option<(String, Option<String>)> {
    let inner = h.strip_prefix('[')?;
    let close = inner.find(']')?;
    let (ip, rest) = (&inner[..close], &inner[close + 1..]);
    if ip.is_empty() {
        return None;
    }
    if rest.is_empty() {
        return Some((ip.to_owned(), None));
    }
    let port = rest.strip_prefix(':')?;
    (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())).then(|| (ip.to_owned(), Some(port.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses() {
        for ok in [
            "127.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1234%eth0",
            "1:2:3:4:5:6:7:8",
            "::ffff:1.2.3.4",
            "1::",
            "1:2:3:4:5:6:1.2.3.4",
        ] {
            assert!(is_ip(ok), "{ok}");
        }
        for bad in [
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            ":::",
            "1:2:3:4:5:6:7:8::",
            "abc",
            "",
            "1.2.3.4::",
        ] {
            assert!(!is_ip(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in [
            "kleiner@blackmesa.us",
            "a.b+c@x-y.example.org",
            "élise@société.fr",
            "\"a b\"@example.com",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "kleiner",
            "a@b",
            "a..b@example.com",
            ".a@example.com",
            "a@example.c",
            "a@-x.com",
            "a@x_y.com",
            "a@1.2.3.4",
            "a b@example.com",
            "😀@example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(!is_email(&format!("{}@example.com", "a".repeat(65))));
    }

    #[test]
    fn urls() {
        for ok in [
            "http://kuzzle.io",
            "https://docs.kuzzle.io/core/2/?a=1#x",
            "kuzzle.io",
            "ftp://user:pw@files.example.com:21/x",
            "http://127.0.0.1:7512/_query",
            "http://[::1]:80/",
            "example.com:8080",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "",
            "http://localhost",
            "javascript:alert(1)",
            "mailto:a@b.com",
            "http://exa mple.com",
            "//kuzzle.io",
            "http://kuzzle.io:0",
            "http://kuzzle.io:70000",
            "gopher://kuzzle.io",
            "http://",
            "http://a_b.com",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }
}

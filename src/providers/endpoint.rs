//! The one way a provider's request URL is made from its base URL: the
//! provider's path goes below the base's path, before the base's query,
//! and the provider's own query pairs go after the base's. A mirror that
//! takes its own pairs (`https://mirror.example/ecb?token=abc`) thus gets
//! them on every request, at the right path.

/// The URL of `path` below `base`, with the query pairs `query` (as sent,
/// already encoded and joined by `&`; empty for none) after those of
/// `base`: `https://mirror.example/ecb/?token=abc`, `eurofxref-daily.xml`
/// and `a=1` make
/// `https://mirror.example/ecb/eurofxref-daily.xml?token=abc&a=1`.
///
/// Slashes between the base and `path` are made one; a fragment of the
/// base, which no request sends, is dropped. An empty `path` is the base
/// itself.
pub fn endpoint(base: &str, path: &str, query: &str) -> String {
    let base = base.split_once('#').map_or(base, |(before, _)| before);
    let (base_path, base_query) = base.split_once('?').unwrap_or((base, ""));
    let path = path.trim_start_matches('/');
    let mut url = base_path.trim_end_matches('/').to_owned();
    if !path.is_empty() {
        url.push('/');
        url.push_str(path);
    }
    let pairs: Vec<&str> = [base_query, query]
        .into_iter()
        .map(|pairs| pairs.trim_matches('&'))
        .filter(|pairs| !pairs.is_empty())
        .collect();
    if !pairs.is_empty() {
        // A query needs a path: `http://host?a=1` is sent as
        // `http://host/?a=1`, and shown as sent.
        if url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.contains('/'))
        {
            url.push('/');
        }
        url.push('?');
        url.push_str(&pairs.join("&"));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_base_gets_the_path_and_query_as_before() {
        assert_eq!(
            endpoint(
                "https://www.ecb.europa.eu/stats/eurofxref",
                "eurofxref-daily.xml",
                ""
            ),
            "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:8080/", "/latest", "base=USD&symbols=EUR"),
            "http://127.0.0.1:8080/latest?base=USD&symbols=EUR"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:8080", "rates", ""),
            "http://127.0.0.1:8080/rates"
        );
        assert_eq!(
            endpoint("https://www.mnb.hu//", "", ""),
            "https://www.mnb.hu"
        );
    }

    /// Regression: a mirror's `?token=abc` had the path appended after it
    /// (`…/ecb?token=abc/eurofxref-daily.xml`).
    #[test]
    fn a_base_with_a_query_keeps_it_before_the_providers_pairs() {
        assert_eq!(
            endpoint(
                "https://mirror.example/ecb?token=abc",
                "eurofxref-daily.xml",
                ""
            ),
            "https://mirror.example/ecb/eurofxref-daily.xml?token=abc"
        );
        assert_eq!(
            endpoint(
                "https://mirror.example/nbp/?token=abc&",
                "exchangerates/tables/A/2024-06-24/2024-06-28/",
                "format=json"
            ),
            "https://mirror.example/nbp/exchangerates/tables/A/2024-06-24/2024-06-28/?token=abc&format=json"
        );
        assert_eq!(
            endpoint("https://mirror.example?token=a/b", "latest", "x=1"),
            "https://mirror.example/latest?token=a/b&x=1"
        );
        assert_eq!(
            endpoint("https://mirror.example/boc?", "json", ""),
            "https://mirror.example/boc/json"
        );
        assert_eq!(
            endpoint(
                "https://mirror.example/oxr?token=abc#top",
                "latest.json",
                "app_id=k"
            ),
            "https://mirror.example/oxr/latest.json?token=abc&app_id=k"
        );
    }

    /// The base itself is the endpoint (the Banco Central de Chile's
    /// `SieteRestWS.ashx`): its query goes after it, and a base without a
    /// path gets the `/` a request sends.
    #[test]
    fn an_empty_path_is_the_base_with_the_query() {
        assert_eq!(
            endpoint(
                "https://si3.bcentral.cl/SieteRestWS/SieteRestWS.ashx",
                "",
                "a=1&b=2"
            ),
            "https://si3.bcentral.cl/SieteRestWS/SieteRestWS.ashx?a=1&b=2"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:8080", "", "a=1"),
            "http://127.0.0.1:8080/?a=1"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:8080/?token=abc", "", "a=1"),
            "http://127.0.0.1:8080/?token=abc&a=1"
        );
    }
}

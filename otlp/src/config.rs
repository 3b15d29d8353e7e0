//! What the standard OpenTelemetry variables ask of the trace export, checked once at
//! start-up: a value this exporter cannot honour is an error naming the variable, not a
//! silent fallback.

use std::fmt;
use std::time::Duration;

/// How long one export post may take, unless `OTEL_EXPORTER_OTLP_TIMEOUT` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The one protocol this exporter speaks.
const PROTOCOL: &str = "http/protobuf";

/// Which spans are recorded (`OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SamplerChoice {
    /// Every span.
    AlwaysOn,
    /// No span.
    AlwaysOff,
    /// This fraction of traces, by trace id.
    TraceIdRatio(f64),
    /// As the parent decided; a root span by the inner choice.
    ParentBased(ParentlessChoice),
}

/// What a parent-based sampler does with a span that has no parent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParentlessChoice {
    /// Records it.
    AlwaysOn,
    /// Drops it.
    AlwaysOff,
    /// Records this fraction of them, by trace id.
    TraceIdRatio(f64),
}

/// The trace export asked for by the environment.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceConfig {
    /// The full URL spans are posted to (`.../v1/traces`).
    pub endpoint: String,
    /// Headers sent with every post (`OTEL_EXPORTER_OTLP_HEADERS`), such as credentials.
    pub headers: Vec<(String, String)>,
    /// How long one post may take.
    pub timeout: Duration,
    /// The `service.name` of the resource.
    pub service_name: String,
    /// The other attributes of the resource (`OTEL_RESOURCE_ATTRIBUTES`).
    pub resource_attributes: Vec<(String, String)>,
    /// Which spans are recorded.
    pub sampler: SamplerChoice,
    /// `OTEL_SEMCONV_STABILITY_OPT_IN`: which semantic conventions the spans follow, for the
    /// instrumentation that reads it.
    pub semconv_opt_in: Option<String>,
}

/// A variable set to a value the exporter cannot honour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The variable.
    pub variable: &'static str,
    /// Its value.
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={:?}: {}", self.variable, self.value, self.reason)
    }
}

impl std::error::Error for ConfigError {}

impl TraceConfig {
    /// The export the process environment asks for; `None` when tracing is off (no endpoint,
    /// or `OTEL_SDK_DISABLED=true`).
    pub fn from_env(default_service: &str) -> Result<Option<TraceConfig>, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok(), default_service)
    }

    /// The export that the variables `var` reads ask for; an empty variable counts as unset.
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        default_service: &str,
    ) -> Result<Option<TraceConfig>, ConfigError> {
        let var = |name: &str| var(name).filter(|value| !value.trim().is_empty());
        if var("OTEL_SDK_DISABLED").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
            return Ok(None);
        }
        let endpoint = match (
            var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
            var("OTEL_EXPORTER_OTLP_ENDPOINT"),
        ) {
            (Some(traces), _) => check_url("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces)?,
            (None, Some(base)) => {
                let base = check_url("OTEL_EXPORTER_OTLP_ENDPOINT", base)?;
                format!("{}/v1/traces", base.trim_end_matches('/'))
            }
            (None, None) => return Ok(None),
        };
        for variable in [
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
            "OTEL_EXPORTER_OTLP_PROTOCOL",
        ] {
            if let Some(protocol) = var(variable) {
                if protocol.trim() != PROTOCOL {
                    return Err(bad(variable, &protocol, "only http/protobuf is supported"));
                }
                break;
            }
        }
        let timeout = match first_set(
            &var,
            [
                "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
                "OTEL_EXPORTER_OTLP_TIMEOUT",
            ],
        ) {
            None => DEFAULT_TIMEOUT,
            Some((variable, value)) => match value.trim().parse::<u64>() {
                Ok(millis) if millis > 0 => Duration::from_millis(millis),
                _ => {
                    return Err(bad(
                        variable,
                        &value,
                        "expected a positive number of milliseconds",
                    ))
                }
            },
        };
        let headers = match first_set(
            &var,
            [
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
                "OTEL_EXPORTER_OTLP_HEADERS",
            ],
        ) {
            None => Vec::new(),
            Some((variable, value)) => pairs(variable, &value)?,
        };
        let mut resource_attributes = match var("OTEL_RESOURCE_ATTRIBUTES") {
            None => Vec::new(),
            Some(value) => pairs("OTEL_RESOURCE_ATTRIBUTES", &value)?,
        };
        let named = resource_attributes
            .iter()
            .position(|(key, _)| key == "service.name")
            .map(|at| resource_attributes.remove(at).1);
        let service_name = var("OTEL_SERVICE_NAME")
            .map(|name| name.trim().to_owned())
            .or(named)
            .unwrap_or_else(|| default_service.to_owned());
        let sampler = sampler(&var)?;
        Ok(Some(TraceConfig {
            endpoint,
            headers,
            timeout,
            service_name,
            resource_attributes,
            sampler,
            semconv_opt_in: var("OTEL_SEMCONV_STABILITY_OPT_IN"),
        }))
    }
}

fn bad(variable: &'static str, value: &str, reason: &str) -> ConfigError {
    ConfigError {
        variable,
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The first of `names` that is set, with its value.
fn first_set(
    var: &impl Fn(&str) -> Option<String>,
    names: [&'static str; 2],
) -> Option<(&'static str, String)> {
    names
        .into_iter()
        .find_map(|name| var(name).map(|value| (name, value)))
}

/// An `http://HOST[:PORT][/PATH]` URL, trimmed; the exporter speaks plain HTTP only.
fn check_url(variable: &'static str, value: String) -> Result<String, ConfigError> {
    let url = value.trim();
    let Some(rest) = url.strip_prefix("http://") else {
        let reason = if url.starts_with("https://") {
            "https is not supported: use http:// to a collector or agent on a trusted network"
        } else {
            "expected an http:// URL, such as http://localhost:4318"
        };
        return Err(bad(variable, url, reason));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(bad(variable, url, "the URL names no host"));
    }
    Ok(url.to_owned())
}

/// `KEY=VALUE` pairs separated by commas, values percent-decoded (the W3C Baggage form the
/// specification gives `OTEL_RESOURCE_ATTRIBUTES` and `OTEL_EXPORTER_OTLP_HEADERS`).
fn pairs(variable: &'static str, value: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let mut out = Vec::new();
    for item in value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        let Some((key, raw)) = item.split_once('=') else {
            return Err(bad(variable, value, &format!("{item:?} is not KEY=VALUE")));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(bad(variable, value, &format!("{item:?} has an empty key")));
        }
        let decoded = percent_decode(raw.trim()).ok_or_else(|| {
            bad(
                variable,
                value,
                &format!("{item:?} is not percent-encoded right"),
            )
        })?;
        out.push((key.to_owned(), decoded));
    }
    Ok(out)
}

/// `%XX` escapes decoded; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The sampler `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` name (parent-based,
/// always on, by default).
fn sampler(var: &impl Fn(&str) -> Option<String>) -> Result<SamplerChoice, ConfigError> {
    let ratio = || -> Result<f64, ConfigError> {
        match var("OTEL_TRACES_SAMPLER_ARG") {
            // The specification's default ratio.
            None => Ok(1.0),
            Some(arg) => match arg.trim().parse::<f64>() {
                Ok(ratio) if (0.0..=1.0).contains(&ratio) => Ok(ratio),
                _ => Err(bad(
                    "OTEL_TRACES_SAMPLER_ARG",
                    &arg,
                    "expected a ratio from 0 to 1, such as 0.01",
                )),
            },
        }
    };
    let Some(name) = var("OTEL_TRACES_SAMPLER") else {
        return Ok(SamplerChoice::ParentBased(ParentlessChoice::AlwaysOn));
    };
    Ok(match name.trim() {
        "always_on" => SamplerChoice::AlwaysOn,
        "always_off" => SamplerChoice::AlwaysOff,
        "traceidratio" => SamplerChoice::TraceIdRatio(ratio()?),
        "parentbased_always_on" => SamplerChoice::ParentBased(ParentlessChoice::AlwaysOn),
        "parentbased_always_off" => SamplerChoice::ParentBased(ParentlessChoice::AlwaysOff),
        "parentbased_traceidratio" => {
            SamplerChoice::ParentBased(ParentlessChoice::TraceIdRatio(ratio()?))
        }
        _ => {
            return Err(bad(
                "OTEL_TRACES_SAMPLER",
                &name,
                "expected always_on, always_off, traceidratio, parentbased_always_on, \
                 parentbased_always_off or parentbased_traceidratio",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Option<TraceConfig>, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        TraceConfig::from_vars(|name| vars.get(name).cloned(), "users-server")
    }

    /// Without an endpoint, or when the SDK is disabled, tracing is off.
    #[test]
    fn off_without_endpoint_or_when_disabled() {
        assert_eq!(config(&[]), Ok(None));
        assert_eq!(config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", " ")]), Ok(None));
        let endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318");
        assert_eq!(config(&[endpoint, ("OTEL_SDK_DISABLED", "TRUE")]), Ok(None));
        assert!(config(&[endpoint, ("OTEL_SDK_DISABLED", "false")])
            .unwrap()
            .is_some());
    }

    /// The base endpoint gets `/v1/traces`; the traces endpoint is taken as it is, and wins.
    #[test]
    fn endpoints_follow_the_specification() {
        let base = config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/")])
            .unwrap()
            .unwrap();
        assert_eq!(base.endpoint, "http://collector:4318/v1/traces");
        let both = config(&[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"),
            (
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                "http://other:9999/custom",
            ),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(both.endpoint, "http://other:9999/custom");
        for (url, reason) in [
            ("https://collector:4318", "https is not supported"),
            ("collector:4318", "expected an http:// URL"),
            ("http://", "names no host"),
        ] {
            let err = config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", url)]).unwrap_err();
            assert_eq!(err.variable, "OTEL_EXPORTER_OTLP_ENDPOINT");
            assert!(err.reason.contains(reason), "{url}: {err}");
        }
    }

    /// Defaults: parent-based always-on sampling, the default service name, 10 s posts.
    #[test]
    fn defaults() {
        let c = config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318")])
            .unwrap()
            .unwrap();
        assert_eq!(
            c.sampler,
            SamplerChoice::ParentBased(ParentlessChoice::AlwaysOn)
        );
        assert_eq!(c.service_name, "users-server");
        assert_eq!(c.timeout, DEFAULT_TIMEOUT);
        assert!(c.headers.is_empty() && c.resource_attributes.is_empty());
    }

    /// Samplers by name, ratios checked; an unknown sampler or a bad ratio is an error.
    #[test]
    fn samplers_are_read_and_checked() {
        let endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318");
        let sampler = |vars: &[(&str, &str)]| {
            let mut all = vec![endpoint];
            all.extend_from_slice(vars);
            config(&all).map(|c| c.unwrap().sampler)
        };
        assert_eq!(
            sampler(&[
                ("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"),
                ("OTEL_TRACES_SAMPLER_ARG", "0.01")
            ]),
            Ok(SamplerChoice::ParentBased(ParentlessChoice::TraceIdRatio(
                0.01
            )))
        );
        assert_eq!(
            sampler(&[("OTEL_TRACES_SAMPLER", "traceidratio")]),
            Ok(SamplerChoice::TraceIdRatio(1.0))
        );
        assert_eq!(
            sampler(&[("OTEL_TRACES_SAMPLER", "always_off")]),
            Ok(SamplerChoice::AlwaysOff)
        );
        let err = sampler(&[("OTEL_TRACES_SAMPLER", "jaeger_remote")]).unwrap_err();
        assert_eq!(err.variable, "OTEL_TRACES_SAMPLER");
        let err = sampler(&[
            ("OTEL_TRACES_SAMPLER", "traceidratio"),
            ("OTEL_TRACES_SAMPLER_ARG", "1.5"),
        ])
        .unwrap_err();
        assert_eq!(err.variable, "OTEL_TRACES_SAMPLER_ARG");
    }

    /// Resource attributes and headers are KEY=VALUE lists with percent-encoded values;
    /// OTEL_SERVICE_NAME wins over a service.name among the attributes.
    #[test]
    fn lists_are_parsed_and_decoded() {
        let c = config(&[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318"),
            (
                "OTEL_RESOURCE_ATTRIBUTES",
                "deployment.environment=prod, team=a%20b,service.name=from-attributes",
            ),
            ("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20xyz"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(c.service_name, "from-attributes");
        assert_eq!(
            c.resource_attributes,
            vec![
                ("deployment.environment".to_owned(), "prod".to_owned()),
                ("team".to_owned(), "a b".to_owned())
            ]
        );
        assert_eq!(
            c.headers,
            vec![("authorization".to_owned(), "Bearer xyz".to_owned())]
        );
        let named = config(&[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318"),
            ("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes"),
            ("OTEL_SERVICE_NAME", "named"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(named.service_name, "named");
        for bad in ["novalue", "=x", "k=%zz"] {
            let err = config(&[
                ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318"),
                ("OTEL_RESOURCE_ATTRIBUTES", bad),
            ])
            .unwrap_err();
            assert_eq!(err.variable, "OTEL_RESOURCE_ATTRIBUTES", "{bad}");
        }
    }

    /// Only OTLP over HTTP with protobuf is spoken; timeouts are positive milliseconds.
    #[test]
    fn protocol_and_timeout_are_checked() {
        let endpoint = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318");
        let err = config(&[endpoint, ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")]).unwrap_err();
        assert_eq!(err.variable, "OTEL_EXPORTER_OTLP_PROTOCOL");
        assert!(config(&[endpoint, ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")]).is_ok());
        let c = config(&[endpoint, ("OTEL_EXPORTER_OTLP_TIMEOUT", "2500")])
            .unwrap()
            .unwrap();
        assert_eq!(c.timeout, Duration::from_millis(2500));
        let err = config(&[endpoint, ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "soon")]).unwrap_err();
        assert_eq!(err.variable, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT");
    }
}

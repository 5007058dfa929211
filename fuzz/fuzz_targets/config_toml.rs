//! TOML configuration parsing (provider config and gateway config). Never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    if let Ok(cfg) = aster::provider::Config::from_toml(text) {
        let _ = format!("{cfg:?}");
    }
    let _ = aster::gateway::GatewayConfig::parse(text);
});

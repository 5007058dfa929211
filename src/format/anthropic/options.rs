//! `providerOptions` pass-through: the one merge of every format
//! ([`merge_provider_options`](crate::format::wire_util::merge_provider_options): objects
//! recurse, `tools` append, `null` removes, anything else replaces), under the format's key
//! (`anthropic`) and the provider's.

pub(crate) use crate::format::wire_util::merge_provider_options;

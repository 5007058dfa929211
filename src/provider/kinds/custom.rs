//! A user-named OpenAI-compatible provider (see `config::CustomProvider`): never detected from
//! the environment; its key variable is the one it names (`api_key_env`).

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "custom",
        display_name: "OpenAI-compatible",
        aliases: &["openai-compatible", "openai_compatible"],
        auth: AuthScheme::OptionalBearer,
        apis: &[Api::Chat, Api::Responses],
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill: super::fill_nothing,
        signal: super::no_signal,
        ..OPENAI_COMPATIBLE
    },
);

//! Chat templates: the conversation rendered to the single prompt string TGI's raw routes take.
//!
//! The model's own template lives in its tokenizer config, which the sans-IO core cannot read,
//! so aster ships three generic ones and lets the caller pick with
//! `providerOptions.<provider>.template`:
//!
//! * `chatml` (default; Qwen, many fine-tunes):
//!   `<|im_start|>{role}\n{text}<|im_end|>\n` per message, then `<|im_start|>assistant\n`;
//! * `llama3`: `<|begin_of_text|>`, then `<|start_header_id|>{role}<|end_header_id|>\n\n{text}
//!   <|eot_id|>` per message, then the assistant header;
//! * `mistral`: `<s>[INST] {system}\n\n{user} [/INST]{assistant}</s>[INST] … [/INST]` (the
//!   system prompt goes into the first user turn, as Mistral's template does).
//!
//! When the conversation ends with an assistant message, that message is left open (not
//! terminated), so the model continues it (prefill).

use alloc::string::String;

/// A generic chat template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Template {
    /// ChatML (`<|im_start|>` / `<|im_end|>`).
    #[default]
    ChatMl,
    /// Llama 3 headers and `<|eot_id|>`.
    Llama3,
    /// Mistral `[INST]` turns.
    Mistral,
}

impl Template {
    /// Parses a template name (`chatml`, `llama3`, `mistral`).
    pub fn from_name(name: &str) -> Option<Template> {
        match name {
            "chatml" => Some(Template::ChatMl),
            "llama3" | "llama-3" => Some(Template::Llama3),
            "mistral" => Some(Template::Mistral),
            _ => None,
        }
    }
}

/// Renders `(role, text)` turns (`role` is `user` or `assistant`) after an optional system
/// prompt, ending with the opening of the assistant's turn.
pub fn render(template: Template, system: Option<&str>, turns: &[(&str, String)]) -> String {
    let mut out = String::new();
    let last_is_assistant = turns.last().is_some_and(|(r, _)| *r == "assistant");
    match template {
        Template::ChatMl => {
            if let Some(s) = system {
                out.push_str("<|im_start|>system\n");
                out.push_str(s);
                out.push_str("<|im_end|>\n");
            }
            for (i, (role, text)) in turns.iter().enumerate() {
                out.push_str("<|im_start|>");
                out.push_str(role);
                out.push('\n');
                out.push_str(text);
                if !(last_is_assistant && i + 1 == turns.len()) {
                    out.push_str("<|im_end|>\n");
                }
            }
            if !last_is_assistant {
                out.push_str("<|im_start|>assistant\n");
            }
        }
        Template::Llama3 => {
            out.push_str("<|begin_of_text|>");
            let header = |out: &mut String, role: &str| {
                out.push_str("<|start_header_id|>");
                out.push_str(role);
                out.push_str("<|end_header_id|>\n\n");
            };
            if let Some(s) = system {
                header(&mut out, "system");
                out.push_str(s);
                out.push_str("<|eot_id|>");
            }
            for (i, (role, text)) in turns.iter().enumerate() {
                header(&mut out, role);
                out.push_str(text);
                if !(last_is_assistant && i + 1 == turns.len()) {
                    out.push_str("<|eot_id|>");
                }
            }
            if !last_is_assistant {
                header(&mut out, "assistant");
            }
        }
        Template::Mistral => {
            out.push_str("<s>");
            let mut system = system;
            for (i, (role, text)) in turns.iter().enumerate() {
                if *role == "user" {
                    out.push_str("[INST] ");
                    if let Some(s) = system.take() {
                        out.push_str(s);
                        out.push_str("\n\n");
                    }
                    out.push_str(text);
                    out.push_str(" [/INST]");
                } else {
                    out.push_str(text);
                    if !(last_is_assistant && i + 1 == turns.len()) {
                        out.push_str("</s>");
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chatml_renders_turns_and_opens_the_assistant() {
        let turns = [("user", String::from("Hi"))];
        assert_eq!(
            render(Template::ChatMl, Some("Be brief."), &turns),
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
        );
    }

    #[test]
    fn mistral_puts_the_system_prompt_in_the_first_turn() {
        let turns = [
            ("user", String::from("Hi")),
            ("assistant", String::from("Hello!")),
            ("user", String::from("Bye")),
        ];
        assert_eq!(
            render(Template::Mistral, Some("Sys"), &turns),
            "<s>[INST] Sys\n\nHi [/INST]Hello!</s>[INST] Bye [/INST]"
        );
    }

    #[test]
    fn llama3_leaves_a_final_assistant_turn_open() {
        let turns = [
            ("user", String::from("Hi")),
            ("assistant", String::from("Sure,")),
        ];
        assert_eq!(
            render(Template::Llama3, None, &turns),
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nSure,"
        );
    }
}

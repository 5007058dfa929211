//! Model catalog lookup and cost estimation for JS (`getModel`, `estimateCost`).

use wasm_bindgen::prelude::*;

/// `modelInfo(name)` → the catalog entry as JSON, or `undefined`.
#[wasm_bindgen(js_name = modelInfo)]
pub fn model_info(_name: &str) -> Option<String> {
    None
}

/// `estimateCostJson(model, usageJson)` → USD, or `undefined` when prices are unknown.
#[wasm_bindgen(js_name = estimateCostJson)]
pub fn estimate_cost_json(_model: &str, _usage_json: &str) -> Option<f64> {
    None
}

//! Model catalog: context windows, output limits, prices and capabilities.

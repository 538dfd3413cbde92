"""The core: document model, components and plugin registry, engine, results, errors."""

// Public entry of the config layer.
export { loadConfig, type Config, type LoadOptions, type TestUser } from './load-config.ts';
export { ConfigError, exitOnConfigError } from './errors.ts';
export { Secret, redact, redactValue, registerSecret } from './secret.ts';
export { SLA_DEFAULTS, type SlaDefinition, type SlaId, type SlaTable } from './sla-table.ts';

// The product version, shared by the CLI and SARIF output (kept in step with package.json by a test).
export const VERSION = '0.1.0';
